import pytest
from django.utils import timezone

from heard.addresses import selectors, services
from heard.addresses.models import Address
from heard.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from tests.addresses import factories as make
from tests.addresses.factories import freeze, moment

pytestmark = pytest.mark.django_db


def test_the_number_and_code_find_the_address_and_a_wrong_code_does_not():
    address, code = make.address()
    assert selectors.address_for_tracking(number=address.number, code=code) == address
    assert selectors.address_for_tracking(number=address.number.lower(), code=code.lower())
    assert selectors.address_for_tracking(number=address.number, code="AAAA-BBBB-CCCC") is None
    assert selectors.address_for_tracking(number="NOPE-1", code=code) is None


def _answered_with_code():
    target = make.factories.addressee()
    make.route(target, make.department(target))
    address, code = make.address(to=target)
    responder = make.factories.responder(target)
    services.address_answer(address=address, actor=responder, text="Answer.", office="O")
    address.refresh_from_db()
    return address, code, responder


def test_the_applicant_rates_the_answer():
    address, code, _ = _answered_with_code()
    address = services.address_rate(address=address, tracking_code=code, rating=4)
    assert address.rating == 4


@pytest.mark.parametrize("rating", [0, 6])
def test_a_rating_outside_one_to_five_is_refused(rating):
    address, code, _ = _answered_with_code()
    with pytest.raises(DomainError):
        services.address_rate(address=address, tracking_code=code, rating=rating)


def test_rating_needs_the_code_and_an_answer():
    address, code = make.address()
    with pytest.raises(TransitionNotAllowed):
        services.address_rate(address=address, tracking_code=code, rating=5)
    with pytest.raises(PermissionDenied):
        services.address_rate(address=address, tracking_code="wrong", rating=5)


def test_returning_reopens_once_with_a_new_term(monkeypatch):
    address, code, responder = _answered_with_code()
    freeze(monkeypatch, moment(2026, 5, 31))
    address = services.address_return(address=address, tracking_code=code, reason="Not answered")
    assert address.status == Address.Status.RETURNED
    assert timezone.localtime(address.answer_due_at).date().isoformat() == "2026-06-30"
    services.address_answer(address=address, actor=responder, text="Better.", office="O")
    address.refresh_from_db()
    with pytest.raises(TransitionNotAllowed):
        services.address_return(address=address, tracking_code=code, reason="Again")


def test_returning_needs_a_reason():
    address, code, _ = _answered_with_code()
    with pytest.raises(DomainError):
        services.address_return(address=address, tracking_code=code, reason=" ")
