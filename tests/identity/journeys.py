"""Steps of the verified journeys through heard (Django's test client) and the real provider."""

from urllib.parse import urlsplit

from tests import factories
from tests.identity.provider import sign_in


def start_signing(client, appeal, *, name: str = "Vera", show_name: bool = False):
    data = {
        "name": name,
        "region": factories.region("MOW").pk,
        "consent_processing": "on",
        "provider": "demo",
    }
    if show_name:
        data["show_name"] = "on"
    return client.post(f"/appeals/{appeal.pk}/sign/verified/", data)


def provider_answer(client, appeal, *, username: str = "demo", **form) -> str:
    """The callback URL (path and query) the provider sends the signer back to."""
    started = start_signing(client, appeal, **form)
    assert started.status_code == 302, started.content[:500]
    parts = urlsplit(sign_in(started["Location"], username=username))
    return f"{parts.path}?{parts.query}"


def sign_verified(client, appeal, *, username: str = "demo", **form):
    return client.get(provider_answer(client, appeal, username=username, **form))


def address_form(addressee, **overrides) -> dict:
    return {
        "addressee": addressee.pk,
        "kind": "question",
        "text": "When will the bridge on Lenin street be repaired?",
        "consent_processing": "on",
        "provider": "demo",
    } | overrides
