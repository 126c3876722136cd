"""A forged or replayed answer from the provider gets a clear 400 page and stores nothing."""

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
import time_machine
from joserfc.jwk import RSAKey

from heard.identity.providers import provider_client
from heard.offices.models import SigningIdentity
from heard.signatures.models import Signature
from tests import factories
from tests.identity.journeys import provider_answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(provider):
    to = factories.addressee(signing_identity=SigningIdentity.VERIFIED)
    return factories.appeal_in("open", to=to)


def refused(answer, words: bytes) -> None:
    assert answer.status_code == 400
    assert b"Your identity could not be verified" in answer.content
    assert words in answer.content
    assert b"Nothing was stored" in answer.content


def nothing_signed(appeal) -> bool:
    return not Signature.objects.filter(appeal=appeal, role=Signature.Role.SIGNER).exists()


def with_query(answer: str, **changes) -> str:
    path, _sep, query = answer.partition("?")
    values = {key: items[0] for key, items in parse_qs(query).items()} | changes
    return f"{path}?{urlencode(values)}"


def test_a_state_that_no_sign_in_here_started_is_refused(client, appeal):
    answer = provider_answer(client, appeal)

    refused(client.get(with_query(answer, state="forged-state")), b"does not belong")
    assert nothing_signed(appeal)


def test_a_replayed_answer_is_refused_the_second_time(client, appeal):
    answer = provider_answer(client, appeal)
    assert client.get(answer).status_code == 302

    refused(client.get(answer), b"used already")
    assert Signature.objects.filter(appeal=appeal, role=Signature.Role.SIGNER).count() == 1


def test_a_code_used_already_is_refused_by_the_provider(client, appeal):
    first = provider_answer(client, appeal)
    assert client.get(first).status_code == 302
    Signature.objects.filter(appeal=appeal, role=Signature.Role.SIGNER).delete()
    second = provider_answer(client, appeal, username="demo2")
    used_code = parse_qs(urlsplit(first).query)["code"][0]

    refused(client.get(with_query(second, code=used_code)), b"expired or was used already")
    assert nothing_signed(appeal)


def test_an_id_token_for_another_nonce_is_refused(client, appeal):
    answer = provider_answer(client, appeal)
    session = client.session
    for key in [key for key in session.keys() if key.startswith("_state_demo_")]:  # noqa: SIM118 - a session has no __iter__
        stored = session[key]
        stored["data"]["nonce"] = "a-nonce-of-another-sign-in"
        session[key] = stored
    session.save()

    refused(client.get(answer), b"issued for another sign-in")
    assert nothing_signed(appeal)


def test_an_answer_naming_another_issuer_is_refused(client, appeal):
    answer = provider_answer(client, appeal)

    refused(client.get(with_query(answer, iss="https://id.example.net")), b"another identity")
    assert nothing_signed(appeal)


def test_an_id_token_with_a_signature_not_the_providers_is_refused(client, appeal, provider):
    answer = provider_answer(client, appeal)
    metadata = provider_client(provider).load_server_metadata()
    published = requests.get(metadata["jwks_uri"], timeout=30).json()["keys"][0]
    # Another key under the provider's key id: the token's signature cannot verify with it.
    other = RSAKey.generate_key(2048).as_dict(private=False) | {"kid": published["kid"]}
    metadata["jwks"] = {"keys": [other]}
    try:
        refused(client.get(answer), b"signature is not the provider")
    finally:
        metadata.pop("jwks")
    assert nothing_signed(appeal)


def test_a_sign_in_that_comes_back_too_late_is_refused(client, appeal, settings):
    answer = provider_answer(client, appeal)

    with time_machine.travel(time.time() + settings.HEARD_OIDC_FLOW_SECONDS + 60):
        refused(client.get(answer), b"took too long")
    assert nothing_signed(appeal)


def test_a_refusal_by_the_provider_is_said_plainly(client, appeal):
    answer = provider_answer(client, appeal)

    refused(client.get(with_query(answer, error="access_denied")), b"did not confirm")
    assert nothing_signed(appeal)
