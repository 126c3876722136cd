import pytest

from heard.appeals.models import Appeal
from heard.demo.verified import SLUG, identity_demo_load
from heard.offices.models import Addressee, AddressIdentity, SigningIdentity

pytestmark = pytest.mark.django_db


def test_the_demo_has_an_addressee_that_asks_for_a_verified_identity_with_an_open_appeal():
    assert identity_demo_load() is True
    assert identity_demo_load() is False

    addressee = Addressee.objects.get(slug=SLUG)
    assert addressee.address_identity == AddressIdentity.VERIFIED
    assert addressee.signing_identity == SigningIdentity.VERIFIED
    assert Appeal.objects.filter(addressee=addressee, status=Appeal.Status.OPEN).count() == 1
