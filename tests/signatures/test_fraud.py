"""Fraud defence: silent rate limits, normalised e-mails, throwaway domains, block and allow
lists, hourly trend reports and reversible bulk invalidation."""

from datetime import timedelta

import pytest
from django.core import mail

from heard.appeals.models import Appeal
from heard.core.audit import audit_events_for
from heard.core.errors import PermissionDenied, TransitionNotAllowed
from heard.signatures import counting, fraud, invalidation, reports
from heard.signatures.emails import email_canonical, email_digest
from heard.signatures.models import Signature, SignerRule, TrendReport
from heard.signatures.privacy import ip_digest
from tests import factories

pytestmark = pytest.mark.django_db

FRAUDULENT = Signature.Status.FRAUDULENT
HELD = Signature.Status.HELD


@pytest.fixture
def open_appeal():
    return factories.appeal_in(Appeal.Status.OPEN, to=factories.addressee(response_threshold=500))


def count(appeal: Appeal) -> int:
    return Appeal.objects.get(pk=appeal.pk).signature_count


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("V.E.R.A+petitions@Gmail.com", "vera@gmail.com"),
        ("vera@googlemail.com", "vera@gmail.com"),
        ("vera+x@yandex.ru", "vera@yandex.ru"),
        ("vera@ya.ru", "vera@yandex.ru"),
        ("v.era+x@example.org", "v.era+x@example.org"),
    ],
)
def test_emails_are_normalised_where_the_provider_ignores_dots_and_tags(given, canonical):
    assert email_canonical(given) == canonical
    assert email_digest(given) == email_digest(canonical)


def test_a_gmail_alias_is_the_same_signer(open_appeal):
    first = factories.sign(open_appeal, email="vera.p@gmail.com", confirm=False)

    again = factories.sign(open_appeal, email="VeraP+appeal@googlemail.com", confirm=False)

    assert again.pk == first.pk


def test_signatures_beyond_the_burst_limit_are_held_and_get_no_link(open_appeal, settings):
    settings.HEARD_RATE_BURST = 3
    mail.outbox.clear()

    signed = [factories.sign(open_appeal, ip="198.51.100.9", confirm=False) for _ in range(5)]
    other_ip = factories.sign(open_appeal, ip="198.51.100.10", confirm=False)

    assert [s.status for s in signed] == ["pending"] * 3 + [HELD] * 2
    assert other_ip.status == "pending"
    assert len(mail.outbox) == 4  # the held ones get no link until released


def test_the_burst_window_passes_and_signing_is_accepted_again(open_appeal, settings, move_time):
    settings.HEARD_RATE_BURST = 1
    settings.HEARD_RATE_BURST_SECONDS = 60
    factories.sign(open_appeal, ip="198.51.100.9", confirm=False)
    assert factories.sign(open_appeal, ip="198.51.100.9", confirm=False).status == HELD

    move_time(timedelta(minutes=2))

    assert factories.sign(open_appeal, ip="198.51.100.9", confirm=False).status == "pending"


def test_the_sustained_limit_catches_a_slow_flood(open_appeal, settings, move_time):
    settings.HEARD_RATE_SUSTAINED = 4
    statuses = []
    for _ in range(6):
        statuses.append(factories.sign(open_appeal, ip="198.51.100.9", confirm=False).status)
        move_time(timedelta(minutes=2))

    assert statuses.count(HELD) >= 1
    assert statuses[:4] == ["pending"] * 4


def test_held_signatures_never_count_even_if_confirmed(open_appeal, settings):
    settings.HEARD_RATE_BURST = 0
    before = count(open_appeal)

    signature = factories.sign(open_appeal, ip="198.51.100.9")

    assert Signature.objects.get(pk=signature.pk).status == HELD
    assert count(open_appeal) == before


def test_throwaway_domains_are_marked_fraudulent(open_appeal, settings):
    settings.HEARD_DISPOSABLE_DOMAINS = ["throwaway.test"]

    assert factories.sign(open_appeal, email="a@mailinator.com").status == FRAUDULENT
    assert factories.sign(open_appeal, email="a@throwaway.test").status == FRAUDULENT
    assert factories.sign(open_appeal, email="a@example.org", confirm=False).status == "pending"


def test_block_list_marks_and_allow_list_exempts(caches_off, open_appeal, settings):
    # caches_off: the rules apply at once here; in production within the rules' cache time.
    settings.HEARD_RATE_BURST = 1
    SignerRule.objects.create(kind="domain", action="block", value="spam.example")
    SignerRule.objects.create(
        kind="email", action="block", value=fraud.rule_value(kind="email", raw="Bad@Example.org")
    )
    SignerRule.objects.create(
        kind="ip", action="allow", value=fraud.rule_value(kind="ip", raw="192.0.2.1")
    )

    assert factories.sign(open_appeal, email="x@spam.example").status == FRAUDULENT
    assert factories.sign(open_appeal, email="bad@example.org").status == FRAUDULENT
    office = [factories.sign(open_appeal, ip="192.0.2.1", confirm=False) for _ in range(3)]
    assert {s.status for s in office} == {"pending"}


def test_hourly_report_lists_the_busiest_ip_hashes_and_domains(open_appeal, move_time):
    for _ in range(3):
        factories.sign(open_appeal, ip="198.51.100.9", email=f"x{_}@bulk.example", confirm=False)
    factories.sign(open_appeal, ip="198.51.100.10", confirm=False)
    move_time(timedelta(hours=1))

    assert reports.trend_reports_make() == 1
    assert reports.trend_reports_make() == 0  # the same hour is reported once

    report = TrendReport.objects.get(appeal=open_appeal)
    assert report.top_ips[0] == {"value": ip_digest("198.51.100.9"), "count": 3}
    assert {"value": "bulk.example", "count": 3} in report.top_domains


@pytest.fixture
def flooded(open_appeal):
    for number in range(4):
        factories.sign(open_appeal, ip="198.51.100.9", email=f"f{number}@flood.example")
    factories.sign(open_appeal, ip="198.51.100.9", email="p@flood.example", confirm=False)
    factories.sign(open_appeal, ip="203.0.113.1")
    return open_appeal


def test_bulk_invalidation_previews_then_stops_the_signatures_counting(flooded):
    moderator = factories.moderator()
    before = count(flooded)

    preview = invalidation.signatures_matching(appeal=flooded, ip="198.51.100.9").count()
    done = invalidation.signatures_invalidate(
        appeal=flooded, moderator=moderator, reason="one address, many names", ip="198.51.100.9"
    )

    assert preview == done.count == 5
    assert count(flooded) == before - 4
    assert flooded.signatures.filter(status="invalidated").count() == 5
    [event] = audit_events_for(subject=flooded).filter(verb="signatures_invalidated")
    assert event.data["count"] == 5 and event.actor == moderator


def test_bulk_invalidation_leaves_the_initiators_signature(flooded):
    """The initiator's own signature stands or falls with the appeal, which a moderator rejects
    rather than invalidates; nor could its silent mark be kept from them (decision 0405)."""
    creator = flooded.signatures.get(role="creator")

    preview = invalidation.signatures_matching(appeal=flooded, region_code=creator.region.code)
    invalidation.signatures_invalidate(
        appeal=flooded,
        moderator=factories.moderator(),
        reason="region",
        region_code=creator.region.code,
    )

    assert creator not in preview
    assert Signature.objects.get(pk=creator.pk).status == "confirmed"


def test_reversing_an_invalidation_restores_each_signature_and_the_count(flooded):
    moderator = factories.moderator()
    before = count(flooded)
    done = invalidation.signatures_invalidate(
        appeal=flooded, moderator=moderator, reason="mistake", domain="flood.example"
    )

    invalidation.signature_invalidation_reverse(invalidation=done, moderator=moderator)

    assert count(flooded) == before
    assert flooded.signatures.filter(status="pending").count() == 1
    assert (
        audit_events_for(subject=flooded).filter(verb="signatures_invalidation_reversed").exists()
    )
    with pytest.raises(TransitionNotAllowed):
        invalidation.signature_invalidation_reverse(invalidation=done, moderator=moderator)


def test_invalidation_by_time_window_and_region(flooded, move_time):
    start = factories.appeal_services.clock.now()
    move_time(timedelta(minutes=5))
    late = factories.sign(flooded, region=factories.region("NVS"))

    by_window = invalidation.signatures_matching(appeal=flooded, since=start + timedelta(minutes=1))
    by_region = invalidation.signatures_matching(appeal=flooded, region_code="NVS")

    assert list(by_window) == list(by_region) == [late]


def test_invalidation_needs_a_moderator_a_criterion_and_a_reason(flooded):
    with pytest.raises(PermissionDenied):
        invalidation.signatures_invalidate(
            appeal=flooded, moderator=factories.user(), reason="x", domain="flood.example"
        )
    with pytest.raises(TransitionNotAllowed):
        invalidation.signatures_invalidate(
            appeal=flooded, moderator=factories.moderator(), reason="x"
        )
    with pytest.raises(TransitionNotAllowed):
        invalidation.signatures_invalidate(
            appeal=flooded, moderator=factories.moderator(), reason=" ", domain="flood.example"
        )
    assert not flooded.signatures.filter(status="invalidated").exists()
    counting.signatures_count()
