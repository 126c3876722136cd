"""The fast paths' CSRF tokens are Django's, made with fewer reads of the random source."""

from collections import Counter

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CsrfViewMiddleware, _unmask_cipher_token
from django.test import RequestFactory

from heard.core.lean import csrf_token


def posted_with(secret: str, token: str):
    request = RequestFactory().post(
        "/appeals/1/sign/", {"csrfmiddlewaretoken": token}, HTTP_COOKIE=f"csrftoken={secret}"
    )
    request._dont_enforce_csrf_checks = False
    return request


def test_a_new_visitor_gets_a_secret_and_a_token_csrf_middleware_accepts():
    visitor = RequestFactory().get("/appeals/1/")

    token = csrf_token(visitor)
    secret = visitor.META["CSRF_COOKIE"]

    assert len(secret) == 32 and len(token) == 64
    assert visitor.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(token) == secret
    middleware = CsrfViewMiddleware(lambda request: None)
    request = posted_with(secret, token)
    middleware.process_request(request)
    assert middleware.process_view(request, lambda request: None, (), {}) is None


def test_a_known_visitor_keeps_their_secret_and_each_token_is_masked_afresh():
    visitor = RequestFactory().get("/appeals/1/")
    visitor.META["CSRF_COOKIE"] = "a" * 32

    first, second = csrf_token(visitor), csrf_token(visitor)

    assert visitor.META["CSRF_COOKIE"] == "a" * 32
    assert first != second
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == "a" * 32


def test_a_token_for_another_secret_is_refused():
    other = RequestFactory().get("/")
    token = csrf_token(other)
    middleware = CsrfViewMiddleware(lambda request: None)
    request = posted_with("b" * 32, token)
    middleware.process_request(request)

    refused = middleware.process_view(request, lambda request: None, (), {})

    assert refused is not None and refused.status_code == 403


def test_every_character_of_the_alphabet_is_about_equally_likely():
    counts = Counter()
    for _ in range(2000):
        counts.update(csrf_token(RequestFactory().get("/")))

    expected = 2000 * 64 / len(CSRF_ALLOWED_CHARS)
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    assert all(0.8 * expected < count < 1.2 * expected for count in counts.values())
