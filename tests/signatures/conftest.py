import pytest

from heard.signatures import views


@pytest.fixture(params=["rendered", "from copies"])
def link_pages(request, settings):
    """The signer's link pages rendered each time (as the test settings have it) or, as in
    production, from the copies kept by what they show (views.LINK_PAGES)."""
    settings.HEARD_PAGE_CACHE_SECONDS = 5 if request.param == "from copies" else 0
    views.LINK_PAGES.pages.clear()
    yield request.param
    views.LINK_PAGES.pages.clear()
