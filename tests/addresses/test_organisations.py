import pytest

from heard.addresses import services
from heard.addresses.models import Organisation
from heard.core.errors import DomainError, PermissionDenied, TransitionNotAllowed
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db


def test_only_administrators_verify_and_only_once():
    organisation = make.organisation(verified=False)
    with pytest.raises(PermissionDenied):
        services.organisation_verify(organisation=organisation, actor=factories.moderator())
    admin = factories.user(role="administrator")
    organisation = services.organisation_verify(organisation=organisation, actor=admin)
    assert organisation.status == Organisation.Status.VERIFIED and organisation.verified_at
    with pytest.raises(TransitionNotAllowed):
        services.organisation_verify(organisation=organisation, actor=admin)


def test_a_suspended_organisation_cannot_submit():
    organisation = make.organisation()
    admin = factories.user(role="administrator")
    services.organisation_suspend(organisation=organisation, actor=admin, reason="abuse")
    organisation.refresh_from_db()
    with pytest.raises(PermissionDenied):
        make.address(organisation=organisation, member_consent=True)


def test_a_taken_user_name_is_refused():
    make.organisation(verified=False)
    taken = Organisation.objects.get().users.get().username
    with pytest.raises(DomainError):
        services.organisation_register(
            name="Other",
            description="d",
            contact_email="o@example.org",
            username=taken.upper(),
            password="a-long-password-for-tests",
        )
    assert Organisation.objects.count() == 1


def test_campaigns_need_a_window_and_known_channels():
    addressee = factories.addressee()
    responder = factories.responder(addressee)
    base = {
        "addressee": addressee,
        "actor": responder,
        "slug": "dl",
        "title": "Direct Line",
        "starts_at": make.moment(2026, 12, 1),
        "ends_at": make.moment(2026, 12, 19),
        "channels": ["web"],
    }
    with pytest.raises(DomainError):
        services.campaign_open(**(base | {"ends_at": make.moment(2026, 11, 1)}))
    with pytest.raises(DomainError):
        services.campaign_open(**(base | {"channels": ["fax"]}))
    with pytest.raises(PermissionDenied):
        services.campaign_open(**(base | {"actor": factories.moderator()}))
    services.campaign_open(**base)
    with pytest.raises(DomainError):
        services.campaign_open(**base)


def test_an_api_key_is_stored_only_as_a_hash():
    addressee = factories.addressee()
    key, raw = services.api_key_issue(name="call centre", addressee=addressee)
    assert raw not in (key.key_hash, key.prefix)
    assert services.api_key_authenticate(raw=raw) == key
    assert services.api_key_authenticate(raw=raw + "x") is None
    with pytest.raises(DomainError):
        services.api_key_issue(name="nobody's")
