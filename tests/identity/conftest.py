import pytest

from tests.identity.provider import RunningProvider

CALLBACK = "http://testserver/identity/callback/"


@pytest.fixture(scope="session")
def running_provider():
    provider = RunningProvider([CALLBACK])
    yield provider
    provider.stop()


@pytest.fixture
def provider(running_provider, settings):
    """The demo provider configured as heard's one identity provider."""
    entry = running_provider.settings_entry()
    settings.HEARD_OIDC_PROVIDERS = [entry]
    return entry
