"""The API's signing on the hot routes' own stack (heard/core/hot_stack.py) answers exactly as on
the site's full stack."""

import pytest

from heard.appeals.models import Appeal
from heard.signatures.models import Signature
from tests import factories
from tests.api.test_appeals import payload, post_json, sign_url
from tests.stack import normal_stack, served_by_hot_stack

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        payload(),
        payload(region="XX"),
        payload(consent_processing=False),
        payload(email="not-an-email"),
        "{not json",
    ],
    ids=["accepted", "unknown-region", "no-consent", "bad-email", "not-json"],
)
def test_hot_stack_and_normal_stack_give_the_same_answer(client, body):
    fast_appeal = factories.appeal_in(Appeal.Status.OPEN)
    slow_appeal = factories.appeal_in(Appeal.Status.OPEN)

    fast = post_json(client, sign_url(fast_appeal.pk), body)
    with normal_stack() as normal:
        slow = post_json(normal, sign_url(slow_appeal.pk), body)

    assert served_by_hot_stack(fast) and not served_by_hot_stack(slow)
    assert (fast.status_code, fast.json()) == (slow.status_code, slow.json())
    assert fast_appeal.signatures.count() == slow_appeal.signatures.count()
    assert dict(fast.items()) == dict(slow.items())


def test_a_closed_appeal_is_refused_alike_on_both_paths(client):
    appeal = factories.appeal_in(Appeal.Status.CLOSED)

    fast = post_json(client, sign_url(appeal.pk), payload())
    with normal_stack() as normal:
        slow = post_json(normal, sign_url(appeal.pk), payload())

    assert (fast.status_code, fast.json()) == (slow.status_code, slow.json())
    assert fast.status_code == 409


def test_the_answer_is_in_the_signers_language(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    english = client.post(
        sign_url(appeal.pk), payload(), content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    russian = client.post(
        sign_url(appeal.pk),
        payload(email="olga@example.org"),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert english.json()["detail"].startswith("Check your e-mail")
    assert russian.json()["detail"].startswith("Проверьте")
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]


def test_signing_sets_no_cookie_and_keeps_security_headers(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    response = post_json(client, sign_url(appeal.pk), payload())

    assert response.status_code == 202
    assert not response.cookies
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(response.content))
    assert Signature.objects.filter(appeal=appeal, role=Signature.Role.SIGNER).count() == 1


def test_only_ascii_digits_name_an_appeal_as_on_the_normal_path(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    arabic_indic = "".join(chr(0x0660 + int(digit)) for digit in str(appeal.pk))

    url = f"/api/v1/appeals/{arabic_indic}/signatures"

    fast = post_json(client, url, payload())
    with normal_stack() as normal:
        slow = post_json(normal, url, payload())

    assert (fast.status_code, fast.json()) == (slow.status_code, slow.json())
    assert fast.status_code == 400
    assert not Signature.objects.filter(appeal=appeal, role=Signature.Role.SIGNER).exists()


def test_a_host_not_allowed_is_refused_before_anything_is_stored(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    response = client.post(
        sign_url(appeal.pk), payload(), content_type="application/json", HTTP_HOST="evil.example"
    )

    assert response.status_code == 400
    assert not Signature.objects.filter(appeal=appeal, role=Signature.Role.SIGNER).exists()
