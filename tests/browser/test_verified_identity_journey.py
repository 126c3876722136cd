"""Verified identity in Debian's chromium, against the real demo provider: sign an appeal and
send an address to an addressee that asks for a verified identity (issue 17)."""

import re

import pytest

from heard.addresses.models import Address
from heard.appeals.models import Appeal
from heard.offices.models import AddressIdentity, SigningIdentity
from heard.signatures.models import Signature
from tests import factories
from tests.identity.provider import RunningProvider


def site_url(live_server) -> str:
    # On the provider's host, as `make demo` runs them: browsers share cookies across ports.
    return live_server.url.replace("localhost", "127.0.0.1")


@pytest.fixture
def provider_for_live_server(live_server, settings):
    running = RunningProvider([site_url(live_server) + "/identity/callback/"])
    entry = running.settings_entry()
    settings.HEARD_OIDC_PROVIDERS = [entry]
    # The sign form's redirect to the provider is held to the policy's form-action.
    policy = settings.CONTENT_SECURITY_POLICY
    directives = policy["DIRECTIVES"] | {"form-action": ["'self'", entry.origin]}
    settings.CONTENT_SECURITY_POLICY = policy | {"DIRECTIVES": directives}
    yield entry
    running.stop()


@pytest.mark.django_db(transaction=True)
def test_sign_and_write_with_a_verified_identity(
    regions, live_server, browser_page, caches_off, provider_for_live_server
):
    to = factories.addressee(
        name="City hall",
        signing_identity=SigningIdentity.VERIFIED,
        address_identity=AddressIdentity.VERIFIED,
    )
    appeal = factories.appeal_in(Appeal.Status.OPEN, to=to, title="Light the school crossing")
    page = browser_page

    page.goto(site_url(live_server) + appeal.get_absolute_url())
    page.get_by_text("only signatures made with a verified identity").wait_for()
    page.get_by_label("Name", exact=True).fill("Vera Browser")
    page.get_by_label("Region", exact=True).select_option(label="Saint Petersburg")
    page.get_by_label(re.compile("processing of my personal data")).check()
    page.get_by_role("button", name="Sign with a verified identity").click()

    page.get_by_role("heading", name="Demo identity provider").wait_for()
    page.get_by_label("User name").fill("demo")
    page.get_by_label("Password").fill("heard-demo")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Thank you for signing").wait_for()
    signature = Signature.objects.get(appeal=appeal, role=Signature.Role.SIGNER)
    assert signature.status == Signature.Status.CONFIRMED
    assert signature.email == "" and signature.email_digest.startswith("oidc:")

    page.goto(f"{site_url(live_server)}/addresses/new/?to={to.slug}")
    page.get_by_text("only addresses from a verified identity").first.wait_for()
    page.get_by_label("Text", exact=True).fill("Please repair the lights on Lenin street.")
    page.get_by_label(re.compile("processing of my personal data")).check()
    page.get_by_role("button", name="Send with a verified identity").click()

    # Signed in at the provider already: it sends the browser straight back.
    page.get_by_role("heading", name="Your address is registered").wait_for()
    address = Address.objects.get(addressee=to)
    assert address.status == Address.Status.REGISTERED
    assert address.identity_verification.provider == "demo"
    assert address.number in page.content()
