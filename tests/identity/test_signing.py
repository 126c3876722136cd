"""Signing an appeal with a verified identity, against the real demo provider."""

import pytest

from heard.offices.models import SigningIdentity
from heard.signatures.models import Signature
from heard.signatures.retention import signatures_anonymise_expired
from tests import factories
from tests.identity.journeys import provider_answer, sign_verified, start_signing

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(provider):
    to = factories.addressee(signing_identity=SigningIdentity.VERIFIED)
    return factories.appeal_in("open", to=to)


def signers(appeal):
    return Signature.objects.filter(appeal=appeal, role=Signature.Role.SIGNER)


def test_a_verified_signature_counts_at_once_without_an_email(client, appeal, mailoutbox):
    mails_before, counted_before = len(mailoutbox), appeal.signature_count

    answer = sign_verified(client, appeal, name="Vera V.")

    assert answer.status_code == 302
    assert answer["Location"] == f"/appeals/{appeal.pk}/signed/verified/"
    page = client.get(answer["Location"])
    assert b"Thank you for signing" in page.content
    signature = signers(appeal).get()
    assert signature.status == Signature.Status.CONFIRMED
    assert signature.email == "" and signature.name == "Vera V."
    appeal.refresh_from_db()
    assert appeal.signature_count == counted_before + 1
    assert len(mailoutbox) == mails_before  # no link to press


def test_signing_again_with_the_same_identity_creates_nothing_and_ends_the_same(
    client, appeal, mailoutbox
):
    counted_before = appeal.signature_count
    first = sign_verified(client, appeal)
    mails = len(mailoutbox)

    second = sign_verified(client, appeal, name="Someone else")

    assert second.status_code == first.status_code == 302
    assert second["Location"] == first["Location"]
    assert signers(appeal).count() == 1
    assert signers(appeal).get().name == "Vera"
    assert len(mailoutbox) == mails
    appeal.refresh_from_db()
    assert appeal.signature_count == counted_before + 1


def test_two_people_make_two_signatures(client, appeal):
    sign_verified(client, appeal, username="demo")
    sign_verified(client, appeal, username="demo2")

    assert signers(appeal).filter(status=Signature.Status.CONFIRMED).count() == 2


def test_only_a_keyed_hash_of_the_identity_is_kept(client, appeal, provider):
    sign_verified(client, appeal)

    signature = signers(appeal).get()
    assert signature.email_digest.startswith("oidc:")
    kept = " ".join(
        str(value) for value in Signature.objects.values().get(pk=signature.pk).values()
    )
    for claim in ("demo@example.org", "Ivan", provider.issuer, "example.org"):
        assert claim not in kept
    assert "identity_flows" not in client.session or not client.session["identity_flows"]


def test_retention_erases_the_identity_hash(client, appeal):
    from datetime import timedelta

    from heard.appeals.models import Appeal
    from heard.core import clock

    sign_verified(client, appeal)
    Appeal.objects.filter(pk=appeal.pk).update(closed_at=clock.now() - timedelta(days=400))

    signatures_anonymise_expired()

    assert not signers(appeal).filter(email_digest__startswith="oidc:").exists()


def test_signing_by_email_is_refused_where_a_verified_identity_is_needed(client, appeal):
    answer = client.post(
        f"/appeals/{appeal.pk}/sign/",
        {
            "name": "Vera",
            "email": "vera@example.org",
            "region": factories.region("MOW").pk,
            "consent_processing": "on",
        },
    )

    assert b"signed with a verified identity only" in answer.content
    assert not signers(appeal).exists()


def test_the_appeal_page_says_what_signing_needs_before_one_starts(client, appeal):
    page = client.get(f"/appeals/{appeal.pk}/")

    assert b"only signatures made with a verified identity" in page.content
    assert f"/appeals/{appeal.pk}/sign/verified/".encode() in page.content
    assert b'name="email"' not in page.content.split(b'id="sign-heading"')[1].split(b"</form>")[0]


def test_an_appeal_signed_by_email_offers_no_verified_signing(client, provider):
    appeal = factories.appeal_in("open")

    page = client.get(f"/appeals/{appeal.pk}/")
    refused = start_signing(client, appeal)

    assert b"/sign/verified/" not in page.content
    assert refused.status_code == 404


def test_a_form_error_is_shown_before_leaving_for_the_provider(client, appeal):
    answer = start_signing(client, appeal, name="")

    assert answer.status_code == 400
    assert b"error-summary" in answer.content and b'href="#id_name"' in answer.content
    assert not client.session.get("identity_flows")


def test_starting_over_the_limit_is_refused(client, appeal, settings):
    settings.HEARD_LIMITS = settings.HEARD_LIMITS | {"identity": {"ip": [(2, 600)]}}
    start_signing(client, appeal)
    start_signing(client, appeal)

    answer = start_signing(client, appeal)

    assert answer.status_code == 429
    assert answer["Retry-After"]


def test_the_flow_sends_a_pkce_challenge_and_a_nonce(client, appeal):
    started = start_signing(client, appeal)

    location = started["Location"]
    assert "code_challenge_method=S256" in location
    assert "code_challenge=" in location and "nonce=" in location and "state=" in location
    assert provider_answer(client, appeal).startswith("/identity/callback/?code=")


def test_a_verified_signature_held_by_a_limit_counts_once_a_moderator_releases_it(
    client, appeal, settings
):
    from heard.signatures.holds import signatures_release

    settings.HEARD_RATE_BURST = 0  # every signature from this IP is over the burst limit
    counted_before = appeal.signature_count
    sign_verified(client, appeal)
    held = signers(appeal).get()
    assert held.status == Signature.Status.HELD

    signatures_release(appeal=appeal, moderator=factories.moderator())

    held.refresh_from_db()
    appeal.refresh_from_db()
    assert held.status == Signature.Status.CONFIRMED
    assert appeal.signature_count == counted_before + 1
