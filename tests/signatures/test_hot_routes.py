"""The sign form's POST and the signer's link, served by the hot routes' own stack
(heard/core/hot_stack.py), answer as the site's full stack does."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from heard.appeals.models import Appeal
from heard.signatures import services
from tests import factories
from tests.signatures.test_views import sign_form
from tests.stack import normal_stack, served_by_hot_stack

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def headers(response) -> dict:
    named = dict(response.items())
    named["Vary"] = {part.strip() for part in named.get("Vary", "").split(",") if part.strip()}
    return named


def cookies(response) -> dict:
    """The cookies set, with their attributes but not their values (each visitor's own)."""
    attributes = ("path", "samesite", "secure", "httponly", "max-age")
    return {
        name: {key: morsel[key] for key in attributes} for name, morsel in response.cookies.items()
    }


def signed_with_token(client: Client, appeal: Appeal, prefix: str = "", **fields):
    """As a browser: open the page for the CSRF cookie and token, then post the form."""
    with translation.override("en"):  # the page activates its language in this thread
        page_url, sign_url = appeal.get_absolute_url(), reverse("signatures:sign", args=[appeal.pk])
    page = client.get(prefix + page_url)
    token = TOKEN.search(page.content.decode()).group(1)
    return client.post(prefix + sign_url, sign_form(**fields) | {"csrfmiddlewaretoken": token})


@pytest.mark.parametrize(
    "fields",
    [{}, {"email": "not-an-email"}, {"consent_processing": None}, {"region": "0"}],
    ids=["accepted", "bad-email", "no-consent", "unknown-region"],
)
def test_hot_stack_and_normal_stack_give_the_same_answer(fields):
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    fast = signed_with_token(Client(enforce_csrf_checks=True), appeal, **fields)
    with normal_stack(enforce_csrf_checks=True) as normal:
        slow = signed_with_token(normal, appeal, **{"email": "olga@example.org"} | fields)

    assert served_by_hot_stack(fast) and not served_by_hot_stack(slow)
    assert fast.status_code == slow.status_code
    assert headers(fast) == headers(slow)
    assert cookies(fast) == cookies(slow)
    slow_body = TOKEN.sub("", slow.content.decode()).replace("olga@example.org", "vera@example.org")
    assert TOKEN.sub("", fast.content.decode()) == slow_body
    stored = [
        appeal.signatures.filter(**factories.by_email(email)).count()
        for email in ("vera@example.org", "olga@example.org")
    ]
    assert stored[0] == stored[1] == (1 if fast.status_code == 302 else 0)


def test_a_signature_is_taken_once_and_the_signer_sent_to_check_their_mail():
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    response = signed_with_token(Client(enforce_csrf_checks=True), appeal)

    assert response.status_code == 302
    assert response["Location"] == reverse("signatures:check_email")
    assert appeal.signatures.filter(**factories.by_email("vera@example.org")).count() == 1


def test_a_refused_form_is_checked_once_and_shown_with_its_errors(monkeypatch):
    appeal = factories.appeal_in(Appeal.Status.CLOSED)
    calls, original = [], services.signature_create

    def counted(**arguments):
        calls.append(arguments)
        return original(**arguments)

    monkeypatch.setattr(services, "signature_create", counted)

    response = Client().post(reverse("signatures:sign", kwargs={"pk": appeal.pk}), sign_form())

    assert response.status_code == 400
    assert "not open for signing" in response.content.decode()
    assert len(calls) == 1


def test_a_missing_or_wrong_token_is_refused_as_by_csrf_middleware():
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    url = reverse("signatures:sign", kwargs={"pk": appeal.pk})

    fast = Client(enforce_csrf_checks=True).post(url, sign_form())
    with normal_stack(enforce_csrf_checks=True) as normal:
        slow = normal.post(url, sign_form())

    assert served_by_hot_stack(fast)
    assert fast.status_code == slow.status_code == 403
    assert headers(fast) == headers(slow)
    assert fast.content == slow.content
    assert not appeal.signatures.filter(**factories.by_email("vera@example.org")).exists()


def test_a_signer_in_russian_goes_on_in_russian():
    appeal = factories.appeal_in(Appeal.Status.OPEN)

    response = signed_with_token(Client(enforce_csrf_checks=True), appeal, prefix="/ru")

    assert response.status_code == 302
    assert response["Location"] == "/ru/signatures/check-email/"
    assert response["Content-Language"] == "ru"
    signature = appeal.signatures.get(**factories.by_email("vera@example.org"))
    assert signature.language == "ru"


def test_a_signed_in_user_takes_the_normal_path_and_is_taken_alike():
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(factories.moderator())

    response = signed_with_token(client, appeal)

    assert not served_by_hot_stack(response)
    assert response.status_code == 302
    assert appeal.signatures.filter(**factories.by_email("vera@example.org")).exists()


def test_a_form_with_too_many_fields_is_refused_as_on_the_normal_stack(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    url = reverse("signatures:sign", kwargs={"pk": appeal.pk})
    stuffed = sign_form() | {f"extra{number}": "x" for number in range(20)}

    fast = Client().post(url, stuffed)
    with normal_stack() as normal:
        slow = normal.post(url, stuffed)

    assert served_by_hot_stack(fast)
    assert fast.status_code == slow.status_code == 400
    assert headers(fast) == headers(slow)
    assert not appeal.signatures.filter(**factories.by_email("vera@example.org")).exists()


# The signer's link


def link_journey(client: Client, signature, *, token_field: bool = True, prefix: str = "") -> list:
    """As a browser with the e-mailed link: the page, the button's POST, the page again."""
    path = f"{prefix}/signatures/{signature.pk}/{signature.token}/"
    page = client.get(path)
    found = TOKEN.search(page.content.decode())
    data = {"csrfmiddlewaretoken": found.group(1)} if token_field and found else {}
    return [page, client.post(path, data), client.get(path)]


def comparable(response, signature) -> tuple:
    body = TOKEN.sub("", response.content.decode())
    body = body.replace(f"/{signature.pk}/{signature.token}/", "/LINK/")
    location = response.get("Location", "").replace(f"/{signature.pk}/{signature.token}/", "/LINK/")
    named = headers(response)
    named.pop("Location", None)
    return response.status_code, named, cookies(response), body, location


@pytest.mark.parametrize(
    "case", ["pending", "confirmed already", "appeal closed", "no token", "forged", "in russian"]
)
def test_link_on_the_hot_stack_and_normal_stack_give_the_same_answers(case, link_pages):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    fast_one, slow_one = (
        factories.sign(appeal, confirm=case == "confirmed already") for _ in range(2)
    )
    if case == "appeal closed":
        Appeal.objects.filter(pk=appeal.pk).update(status=Appeal.Status.CLOSED)
    if case == "forged":
        fast_one.token = slow_one.token = "forged-token"
    options = {"token_field": case != "no token", "prefix": "/ru" if case == "in russian" else ""}

    fast = link_journey(Client(enforce_csrf_checks=True), fast_one, **options)
    with normal_stack(enforce_csrf_checks=True) as normal:
        slow = link_journey(normal, slow_one, **options)

    assert [served_by_hot_stack(response) for response in fast + slow] == [True] * 3 + [False] * 3

    for step, (one, other) in enumerate(zip(fast, slow, strict=True)):
        assert comparable(one, fast_one) == comparable(other, slow_one), step
    statuses = {
        "pending": [200, 302, 200],
        "confirmed already": [200, 302, 200],
        "appeal closed": [200, 409, 200],
        "no token": [200, 403, 200],
        # The page of a forged link has no form, so no CSRF token and cookie: its POST is refused.
        "forged": [404, 403, 404],
        "in russian": [200, 302, 200],
    }[case]
    assert [response.status_code for response in fast] == statuses


def test_an_error_on_the_hot_stack_is_answered_as_on_the_normal_stack(monkeypatch):
    """Django's own 500, with the headers the stack below adds to every answer."""
    signature = factories.sign(factories.appeal_in(Appeal.Status.OPEN), confirm=False)

    def broken(**_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "signature_by_token", broken)
    path = f"/signatures/{signature.pk}/{signature.token}/"

    fast = Client(raise_request_exception=False).get(path)
    with normal_stack(raise_request_exception=False) as normal:
        slow = normal.get(path)

    assert served_by_hot_stack(fast)
    assert fast.status_code == slow.status_code == 500
    assert headers(fast) == headers(slow)
