"""Signer privacy: encrypted e-mails, hashed IPs, no response that tells who signed, removal by
the signer, anonymisation after the retention period."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.signatures import invalidation, outbox, retention, services
from heard.signatures.models import Signature
from heard.signatures.privacy import ip_digest
from tests import factories
from tests.html import without_csrf_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_appeal():
    return factories.appeal_in(Appeal.Status.OPEN, to=factories.addressee(response_threshold=100))


def raw_row(signature: Signature) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, ip_digest FROM signatures_signature WHERE id = %s", [signature.pk]
        )
        email, ip = cursor.fetchone()
    return {"email": email, "ip": ip}


def test_the_email_is_encrypted_in_the_database_and_readable_in_python(open_appeal):
    signature = factories.sign(open_appeal, email="vera@example.org", ip="203.0.113.7")

    stored = raw_row(signature)

    assert "vera" not in stored["email"] and "example" not in stored["email"]
    assert Signature.objects.get(pk=signature.pk).email == "vera@example.org"
    assert stored["ip"] == ip_digest("203.0.113.7")
    assert "203.0.113" not in stored["ip"]


def test_the_ip_hash_depends_on_the_salt(settings):
    settings.HEARD_IP_SALT = "one"
    first = ip_digest("203.0.113.7")
    settings.HEARD_IP_SALT = "two"

    assert ip_digest("203.0.113.7") != first


def form(email: str) -> dict:
    return {
        "name": "Vera",
        "email": email,
        "region": factories.region("SPE").pk,
        "consent_processing": "on",
    }


def api_body(email: str) -> str:
    return json.dumps({"name": "Vera", "email": email, "region": "SPE", "consent_processing": True})


def comparable(response) -> tuple:
    headers = {
        name: value
        for name, value in response.headers.items()
        if name.lower() not in ("content-length",)
    }
    body = without_csrf_tokens(response.content.decode())
    return response.status_code, headers, body, sorted(response.cookies.keys())


@pytest.fixture
def three_signers(open_appeal):
    """A new e-mail, one that signed and did not confirm, one that signed and confirmed."""
    factories.sign(open_appeal, email="pending@example.org", confirm=False)
    factories.sign(open_appeal, email="confirmed@example.org")
    return ["new@example.org", "pending@example.org", "confirmed@example.org"]


def test_the_form_answers_the_same_whoever_has_signed(client, open_appeal, three_signers):
    url = reverse("signatures:sign", kwargs={"pk": open_appeal.pk})

    answers = [comparable(client.post(url, form(email))) for email in three_signers]
    followed = [
        comparable(client.post(url, form(email.upper()), follow=True)) for email in three_signers
    ]

    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 302
    assert followed[0] == followed[1] == followed[2]


def test_the_api_answers_the_same_whoever_has_signed(client, open_appeal, three_signers):
    url = f"/api/v1/appeals/{open_appeal.pk}/signatures"

    answers = [
        comparable(client.post(url, api_body(email), content_type="application/json"))
        for email in three_signers
    ]

    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 202


def test_signing_does_the_same_database_work_whoever_has_signed(
    client, open_appeal, three_signers, settings
):
    """No timing to measure in a test, but the cause of a timing difference can be: a new, a
    pending and a confirmed address (and one the fraud rules catch) each cost the same single
    write, so an answer is no slower for someone who has signed."""
    from django.test.utils import CaptureQueriesContext

    settings.HEARD_NUDGE_JOBS = False  # in production no job runs inside the request
    url = f"/api/v1/appeals/{open_appeal.pk}/signatures"
    signers = [*three_signers, "someone@mailinator.com"]  # the last: a throwaway domain
    client.post(url, api_body("warm@example.org"), content_type="application/json")

    statements = []
    for email in signers:
        with CaptureQueriesContext(connection) as queries:
            client.post(url, api_body(email), content_type="application/json")
        statements.append([query["sql"].split()[0] for query in queries.captured_queries])

    assert statements[0] == statements[1] == statements[2] == statements[3]
    # One write; the reads (appeal, region, block/allow lists) come from caches in production.
    assert [verb for verb in statements[0] if verb != "SELECT"] == ["WITH"]


def test_the_public_pages_and_api_show_no_email_and_no_unconsented_name(client, open_appeal):
    factories.sign(open_appeal, email="hidden@example.org", name="Hidden Person")
    factories.sign(open_appeal, email="shown@example.org", name="Shown Person", show_name=True)

    page = client.get(open_appeal.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/appeals/{open_appeal.pk}").content.decode()

    for text in (page, api):
        assert "hidden@example.org" not in text and "Hidden Person" not in text
        assert "shown@example.org" not in text
    assert "Shown Person" in page


def confirm_path() -> str:
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    return "/" + link.split("/", 3)[3]


def test_the_signer_removes_their_signature_with_their_link(client, open_appeal):
    mail.outbox.clear()
    client.post(reverse("signatures:sign", kwargs={"pk": open_appeal.pk}), form("me@example.org"))
    link = confirm_path()
    client.post(link)
    before = Appeal.objects.get(pk=open_appeal.pk).signature_count

    page = client.get(link).content.decode()
    removed = client.post(link + "remove/")

    assert "Remove my signature" in page
    assert removed.status_code == 200
    assert "Your signature has been removed" in removed.content.decode()
    signature = Signature.objects.get(status=Signature.Status.REMOVED)
    assert (signature.name, signature.email, signature.ip_digest) == ("", "", "")
    assert Appeal.objects.get(pk=open_appeal.pk).signature_count == before - 1
    assert client.post(link + "remove/").status_code == 200  # twice is harmless


def test_a_forged_removal_link_removes_nothing(client, open_appeal):
    signature = factories.sign(open_appeal)

    response = client.post(
        reverse("signatures:remove", kwargs={"pk": signature.pk, "token": "forged"})
    )

    assert response.status_code == 404
    assert Signature.objects.get(pk=signature.pk).status == Signature.Status.CONFIRMED


def test_the_initiator_cannot_remove_their_own_signature(open_appeal):
    creator = factories.creator_signature(open_appeal)

    with pytest.raises(services.TransitionNotAllowed):
        services.signature_remove(signature=creator)


def test_personal_data_is_erased_after_the_retention_period(settings, move_time):
    settings.HEARD_SIGNER_RETENTION_DAYS = 180
    appeal = factories.appeal_in(Appeal.Status.CLOSED)
    signature = Signature.objects.filter(appeal=appeal).first()
    count = Appeal.objects.get(pk=appeal.pk).signature_count

    move_time(timedelta(days=179))
    assert retention.signatures_anonymise_expired() == 0
    move_time(timedelta(days=2))
    erased = retention.signatures_anonymise_expired()

    signature.refresh_from_db()
    assert erased == appeal.signatures.count()
    assert (signature.name, signature.email, signature.ip_digest) == ("", "", "")
    assert signature.anonymised_at is not None
    assert Appeal.objects.get(pk=appeal.pk).signature_count == count
    assert retention.signatures_anonymise_expired() == 0


def test_open_appeals_keep_their_signers_data(open_appeal, move_time):
    factories.sign(open_appeal)
    move_time(timedelta(days=400))

    assert retention.signatures_anonymise_expired() == 0


def test_erased_signers_leave_no_blank_name_on_the_page_or_in_the_export(open_appeal):
    from heard.appeals.selectors import appeal_public_names
    from heard.signatures.selectors import appeal_consenting_names

    factories.sign(open_appeal, name="Vera Kept", show_name=True)
    erased = factories.sign(open_appeal, name="Olga Erased", show_name=True)
    retention.signatures_anonymise(Signature.objects.filter(pk=erased.pk))

    assert "Vera Kept" in appeal_public_names(open_appeal)
    assert "" not in appeal_public_names(open_appeal)
    assert list(appeal_consenting_names(appeal=open_appeal)) == ["Vera Kept"]


def link_journey(client, signature: Signature) -> list[tuple]:
    """What a signer sees with their link: the page, pressing the button, the page again; with
    the link's own id and token taken out, so two signers' journeys compare."""
    path = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})
    client.cookies.clear()
    seen = [client.get(path), client.post(path, follow=True), client.get(path)]
    return [comparable_link(response, path) for response in seen]


def comparable_link(response, path: str) -> tuple:
    status, headers, body, cookies = comparable(response)
    return status, headers, body.replace(path, "/LINK/"), cookies


@pytest.mark.parametrize("confirmed_before", [False, True])
def test_an_invalidated_signers_link_looks_like_anyones(
    client, open_appeal, confirmed_before, link_pages
):
    """A moderator's bulk invalidation is not told to the signer: the link confirms and removes
    as for anyone, the count leaves it out, and reversing the invalidation keeps what the signer
    did meanwhile."""
    moderator = factories.moderator()
    ordinary = factories.sign(open_appeal, ip="203.0.113.1", confirm=confirmed_before)
    marked = factories.sign(open_appeal, ip="198.51.100.9", confirm=confirmed_before)
    done = invalidation.signatures_invalidate(
        appeal=open_appeal, moderator=moderator, reason="one address", ip="198.51.100.9"
    )
    before = Appeal.objects.get(pk=open_appeal.pk).signature_count

    assert link_journey(client, ordinary) == link_journey(client, marked)
    assert "your signature is confirmed" in link_journey(client, marked)[2][2]
    # The ordinary signature counts once confirmed; the invalidated one does not.
    assert Appeal.objects.get(pk=open_appeal.pk).signature_count == before + (not confirmed_before)
    stored = Signature.objects.get(pk=marked.pk)
    assert (stored.status, stored.status_before_invalidation) == ("invalidated", "confirmed")

    invalidation.signature_invalidation_reverse(invalidation=done, moderator=moderator)

    assert Signature.objects.get(pk=marked.pk).status == "confirmed"
    assert Appeal.objects.get(pk=open_appeal.pk).signature_count == before + 1 + (
        not confirmed_before
    )


@pytest.mark.parametrize("status", Signature.SILENT)
def test_a_silently_marked_signature_is_removed_with_its_link_like_any(client, status, open_appeal):
    ordinary = factories.sign(open_appeal, email="ordinary@example.org", confirm=False)
    marked = factories.sign(open_appeal, email="marked@example.org", confirm=False)
    Signature.objects.filter(pk=marked.pk).update(status=status)
    digest = Signature.objects.get(pk=marked.pk).email_digest

    answers, pages = [], []
    for signature in (ordinary, marked):
        link = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})
        answers.append(comparable_link(client.post(link + "remove/"), link))
        pages.append(comparable_link(client.get(link), link))

    assert answers[0] == answers[1] and pages[0] == pages[1]
    assert "Your signature has been removed" in pages[1][2]
    stored = Signature.objects.get(pk=marked.pk)
    erased = (stored.name, stored.email, stored.email_domain, stored.ip_digest)
    assert erased == ("", "", "", "") and stored.removed_at is not None
    # The mark stays, and with it the keyed hash that keeps the address from signing around it.
    assert (stored.status, stored.email_digest) == (status, digest)


def test_removing_and_signing_again_looks_alike_but_the_mark_stays(client, open_appeal, settings):
    """An ordinary signer who removes and signs again gets a new link; so does a marked one —
    their row revived, mark and all, so the address cannot shed the mark and count."""
    ordinary = factories.sign(open_appeal, email="ordinary@example.org", confirm=False)
    marked = factories.sign(open_appeal, email="caught@example.org", ip="198.51.100.9")
    invalidation.signatures_invalidate(
        appeal=open_appeal, moderator=factories.moderator(), reason="one address", ip="198.51.100.9"
    )
    for signature in (ordinary, marked):
        link = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})
        client.post(link + "remove/")
    before = Appeal.objects.get(pk=open_appeal.pk).signature_count
    mail.outbox.clear()

    answers = [
        comparable(client.post(reverse("signatures:sign", kwargs={"pk": open_appeal.pk}), form(e)))
        for e in ("ordinary@example.org", "caught@example.org")
    ]

    assert answers[0] == answers[1]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "caught@example.org",
        "ordinary@example.org",
    ]
    revived = open_appeal.signatures.get(**factories.by_email("caught@example.org"))
    assert revived.pk == marked.pk and revived.status == "invalidated"
    assert (revived.name, revived.removed_at) == ("Vera", None)
    assert revived.token != marked.token
    # Pressing the new link records it; the signature still does not count.
    mailed = next(message for message in mail.outbox if message.to == ["caught@example.org"])
    new_link = re.search(r"https?://\S+", mailed.body).group(0)
    client.post("/" + new_link.split("/", 3)[3])
    assert Signature.objects.get(pk=marked.pk).status == "invalidated"
    assert Appeal.objects.get(pk=open_appeal.pk).signature_count == before


def test_a_flood_invalidated_before_its_links_went_out_is_not_mailed(open_appeal, settings):
    """Its addresses may be anyone's: as for a signature marked fraudulent when made."""
    settings.HEARD_NUDGE_JOBS = False  # the links stay due until the outbox runs
    flood = [
        factories.sign(open_appeal, email=f"x{n}@example.org", ip="198.51.100.9", confirm=False)
        for n in range(3)
    ]
    invalidation.signatures_invalidate(
        appeal=open_appeal, moderator=factories.moderator(), reason="flood", ip="198.51.100.9"
    )
    mail.outbox.clear()

    outbox.signature_links_send()

    assert mail.outbox == []
    assert {s.status for s in Signature.objects.filter(pk__in=[s.pk for s in flood])} == {
        "invalidated"
    }


def test_removing_costs_the_same_statements_marked_or_not(client, open_appeal, settings):
    settings.HEARD_NUDGE_JOBS = False
    ordinary = factories.sign(open_appeal, confirm=False)
    marked = factories.sign(open_appeal, confirm=False)
    Signature.objects.filter(pk=marked.pk).update(status="fraudulent")

    counts = []
    for signature in (ordinary, marked):
        link = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})
        with CaptureQueriesContext(connection) as queries:
            client.post(link + "remove/")
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_a_marked_signer_on_a_closed_appeal_is_refused_alike(client, open_appeal):
    ordinary = factories.sign(open_appeal, ip="203.0.113.1", confirm=False)
    marked = factories.sign(open_appeal, ip="198.51.100.9", confirm=False)
    invalidation.signatures_invalidate(
        appeal=open_appeal, moderator=factories.moderator(), reason="one address", ip="198.51.100.9"
    )
    Appeal.objects.filter(pk=open_appeal.pk).update(status=Appeal.Status.CLOSED)

    answers = []
    for signature in (ordinary, marked):
        link = reverse("signatures:confirm", kwargs={"pk": signature.pk, "token": signature.token})
        answers.append(comparable_link(client.post(link), link))

    assert answers[0] == answers[1]
    assert answers[0][0] == 409


def test_reversing_an_invalidation_leaves_removed_what_its_signer_removed(client, open_appeal):
    moderator = factories.moderator()
    marked = factories.sign(open_appeal, ip="198.51.100.9")
    done = invalidation.signatures_invalidate(
        appeal=open_appeal, moderator=moderator, reason="one address", ip="198.51.100.9"
    )
    link = reverse("signatures:confirm", kwargs={"pk": marked.pk, "token": marked.token})
    client.post(link + "remove/")
    before = Appeal.objects.get(pk=open_appeal.pk).signature_count

    invalidation.signature_invalidation_reverse(invalidation=done, moderator=moderator)

    stored = Signature.objects.get(pk=marked.pk)
    assert stored.status == "removed" and stored.anonymised_at is not None
    assert stored.email_digest.startswith("anonymised-") and stored.ip_digest == ""
    assert Appeal.objects.get(pk=open_appeal.pk).signature_count == before


def test_an_invalidated_signer_who_signs_again_gets_their_link_again_like_anyone(
    client, open_appeal
):
    ordinary = factories.sign(open_appeal, email="ordinary@example.org", confirm=False)
    marked = factories.sign(
        open_appeal, email="marked@example.org", ip="198.51.100.9", confirm=False
    )
    invalidation.signatures_invalidate(
        appeal=open_appeal, moderator=factories.moderator(), reason="one address", ip="198.51.100.9"
    )
    mail.outbox.clear()

    for email in ("ordinary@example.org", "marked@example.org"):
        client.post(reverse("signatures:sign", kwargs={"pk": open_appeal.pk}), form(email))

    assert sorted(message.to[0] for message in mail.outbox) == [
        "marked@example.org",
        "ordinary@example.org",
    ]
    assert any(marked.token in message.body for message in mail.outbox)
    assert Signature.objects.get(pk=marked.pk).status == "invalidated"
    assert Signature.objects.get(pk=ordinary.pk).status == "pending"
