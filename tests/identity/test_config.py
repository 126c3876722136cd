import pytest
from django.core.exceptions import ImproperlyConfigured

from heard.identity.config import providers_parse
from heard.identity.digests import identity_digest


def test_providers_are_read_from_json_with_openid_always_asked_for():
    [provider] = providers_parse(
        '[{"slug": "esia", "name": "Gosuslugi", "issuer": "https://id.example.org/",'
        ' "client_id": "heard", "scopes": ["fio"], "claims": {"name": "fullName"}}]'
    )

    assert provider.issuer == "https://id.example.org"
    assert provider.scopes == ("openid", "fio")
    assert provider.claims == {"name": "fullName"}
    assert provider.origin == "https://id.example.org"
    assert provider.discovery_url == "https://id.example.org/.well-known/openid-configuration"


def test_no_setting_means_no_providers():
    assert providers_parse("") == []


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '[{"slug": "x"}]',
        '[{"slug": "x", "name": "X", "issuer": "https://x", "client_id": "c",'
        ' "claims": {"passport": "doc"}}]',
    ],
)
def test_a_malformed_provider_setting_stops_the_start_with_a_reason(text):
    with pytest.raises(ImproperlyConfigured):
        providers_parse(text)


def test_the_identity_hash_is_keyed_and_depends_on_issuer_and_subject(settings):
    first = identity_digest(issuer="https://a", subject="1")

    assert first.startswith("oidc:") and len(first) <= 64
    assert first == identity_digest(issuer="https://a/", subject="1")
    assert first != identity_digest(issuer="https://b", subject="1")
    assert first != identity_digest(issuer="https://a", subject="2")
    settings.SECRET_KEY = "another-key-for-this-test"
    assert first != identity_digest(issuer="https://a", subject="1")
