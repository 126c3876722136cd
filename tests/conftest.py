import pytest


@pytest.fixture(autouse=True)
def _english_and_fresh_cache(settings):
    from django.core.cache import cache

    cache.clear()
    settings.LANGUAGE_CODE = "en"
