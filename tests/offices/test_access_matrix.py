"""Every staff and organisation URL, for every role, GET and POST: who is sent to log in (302),
who lacks the role (403), whose scope does not hold the object (404), and that none of these
answers shows anything of the object (decision note 0503).

Adding a URL under /staff/ or /organisations/ fails `test_every_staff_url_has_a_row` until it has
a row in ACCESS (or, if anyone may open it, in PUBLIC)."""

import json
from dataclasses import dataclass, field
from datetime import UTC, timedelta

import pytest
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern

from heard.addresses import services as address_services
from heard.addresses.models import BulkAction, Campaign
from heard.appeals.elsewhere import elsewhere_import_stage
from heard.appeals.elsewhere_telegram import export_read
from heard.appeals.models import Appeal
from heard.attachments.preparing import file_prepare
from heard.attachments.services import attachments_add
from heard.core import clock
from heard.core.access import permission_names
from heard.signatures import invalidation as invalidations
from tests import factories, telegram_export
from tests.addresses import factories as address_factories

pytestmark = pytest.mark.django_db

# Every object a row points at carries this in a field its pages show; a refusal must not.
MARKER = "ZQX"

STAFF_ROLES = ("moderator", "responder", "other_responder", "administrator")
ROLES = ("anonymous", "plain", *STAFF_ROLES, "member", "other_member")
MODERATORS = frozenset({"moderator", "administrator"})
OFFICE = frozenset({"responder", "administrator"})  # responds for the subject's addressee
ANY_OFFICE = OFFICE | {"other_responder"}
ORGANISATION_LOGIN = "addresses:organisation_login"


@dataclass(frozen=True)
class Row:
    """One URL name: the URL keywords (read from the world) and who may reach it. Roles in
    `not_found` hold the permission but the object is outside their scope; every other role
    with an account gets 403, and anonymous visitors are sent to `login`."""

    kwargs: dict = field(default_factory=dict)
    allowed: frozenset = frozenset()
    not_found: frozenset = frozenset()
    login: str = "offices:login"


def _campaign_row(**extra) -> Row:
    return Row({"slug": "campaign.slug", **extra}, OFFICE, frozenset({"other_responder"}))


# Values in kwargs are attribute paths into the world (or literals that are not strings).
ACCESS: dict[str, Row] = {
    "offices:dashboard": Row({}, frozenset(STAFF_ROLES)),
    "offices:moderation": Row({}, MODERATORS),
    "offices:moderate": Row({"pk": "awaiting.pk"}, MODERATORS),
    "offices:responses": Row({"slug": "here.slug"}, OFFICE, frozenset({"other_responder"})),
    "offices:respond": Row({"pk": "answerable.pk"}, OFFICE, frozenset({"other_responder"})),
    "offices:appeal_fraud": Row({"pk": "awaiting.pk"}, MODERATORS),
    "offices:invalidation_reverse": Row({"pk": "invalidation.pk"}, MODERATORS),
    "offices:held_appeals": Row({}, MODERATORS),
    "offices:appeal_held": Row({"pk": "awaiting.pk"}, MODERATORS),
    "offices:appeal_signatures_export": Row(
        {"pk": "answerable.pk"}, OFFICE, frozenset({"other_responder"})
    ),
    "appeals:elsewhere_upload": Row({}, MODERATORS),
    # A staged upload is its uploader's alone (the moderator's in the world).
    "appeals:elsewhere_posts": Row(
        {"token": "staged.token"}, frozenset({"moderator"}), frozenset({"administrator"})
    ),
    "appeals:elsewhere_preview": Row(
        {"token": "staged.token"}, frozenset({"moderator"}), frozenset({"administrator"})
    ),
    "triage:index": Row({}, ANY_OFFICE),
    "triage:overview": _campaign_row(),
    "triage:run": _campaign_row(),
    "triage:clusters": _campaign_row(),
    "triage:digest": _campaign_row(),
    "triage:mass": _campaign_row(),
    "triage:group": _campaign_row(pk=1),
    "triage:merge": _campaign_row(pk=1),
    "triage:suggestions": _campaign_row(),
    "addresses:staff_home": Row({}, ANY_OFFICE),
    "addresses:organisations": Row({}, frozenset({"administrator"})),
    "addresses:organisation_verify": Row({"pk": "pending.pk"}, frozenset({"administrator"})),
    "addresses:queue": Row({"slug": "here.slug"}, OFFICE, frozenset({"other_responder"})),
    "addresses:enter": Row({"slug": "here.slug"}, OFFICE, frozenset({"other_responder"})),
    "addresses:queue_bulk": Row({"slug": "here.slug"}, OFFICE, frozenset({"other_responder"})),
    "addresses:held": Row({"slug": "here.slug"}, OFFICE, frozenset({"other_responder"})),
    "addresses:bulk_progress": Row({"pk": "bulk.pk"}, OFFICE, frozenset({"other_responder"})),
    "addresses:staff_detail": Row({"pk": "address.pk"}, OFFICE, frozenset({"other_responder"})),
    "addresses:event_answer": Row({"pk": "address.pk"}, OFFICE, frozenset({"other_responder"})),
    "attachments:staff": Row(
        {"pk": "address_attachment.pk"}, OFFICE, frozenset({"other_responder"})
    ),
    "attachments:moderator": Row({"pk": "appeal_attachment.pk"}, MODERATORS),
    "attachments:staff_appeal_attach": Row({"pk": "awaiting.pk"}, MODERATORS),
    "accounts:two_step": Row({}, frozenset(STAFF_ROLES)),
    "accounts:two_step_verify": Row({}, frozenset(STAFF_ROLES)),
    "addresses:staff_act": Row(
        {"pk": "address.pk", "action": "extend"}, OFFICE, frozenset({"other_responder"})
    ),
    "addresses:organisation_home": Row(
        {}, frozenset({"member", "other_member"}), login=ORGANISATION_LOGIN
    ),
    "addresses:organisation_cases": Row(
        {"slug": "organisation.slug"},
        frozenset({"member"}),
        frozenset({"other_member"}),
        ORGANISATION_LOGIN,
    ),
    "addresses:organisation_submit": Row(
        {"slug": "organisation.slug"},
        frozenset({"member"}),
        frozenset({"other_member"}),
        ORGANISATION_LOGIN,
    ),
}
# Open to anyone: the log-in and sign-up pages themselves.
PUBLIC = {
    "offices:login",
    "offices:logout",
    "addresses:organisation_login",
    "addresses:organisation_register",
    # The link mailed to a new organisation account: the token is the key.
    "accounts:organisation_activate",
}
GUARDED_PREFIXES = ("staff/", "organisations/")
# A POST body that would act if it got through (and once rendered a whole appeal in a 400).
POST_DATA = {"decision": "reject", "code": "not-a-code", "reason": "x", "text": "x"}


def url_patterns(resolver=None, namespace: str = "", route: str = ""):
    """(full name, route without the language prefix, pattern) of every named URL."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            localised = isinstance(pattern.pattern, LocalePrefixPattern)
            prefix = "" if localised else str(pattern.pattern)
            yield from url_patterns(pattern, inner, route + prefix)
        elif pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, route + str(pattern.pattern), pattern


def guarded_url_names() -> set[str]:
    return {
        name
        for name, route, _pattern in url_patterns()
        if route.startswith(GUARDED_PREFIXES) and name not in PUBLIC
    }


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    here, elsewhere = factories.addressee(), factories.addressee()
    awaiting = factories.appeal_in(
        Appeal.Status.AWAITING_MODERATION, to=here, title=f"{MARKER} awaiting moderation"
    )
    answerable = factories.appeal_past_response_threshold(to=here, title=f"{MARKER} answerable")
    address, _code = address_factories.address(to=here, text=f"{MARKER} my husband")
    now = clock.now()
    campaign = Campaign.objects.create(
        addressee=here, slug="access-line", title=f"{MARKER} line", starts_at=now,
        ends_at=now + timedelta(days=7), channels=["web"], created_at=now,
    )
    organisation = address_factories.organisation()
    stranger = address_factories.organisation()
    pending = address_services.organisation_register(
        name="Pending friends", description=f"{MARKER} who we are",
        contact_email="pending@example.org", username="pending-org", password="a-long-password-1",
    )
    factories.sign(answerable, ip="198.51.100.77")
    world = _World(
        here=here, awaiting=awaiting, answerable=answerable, address=address, campaign=campaign,
        organisation=organisation, pending=pending,
        invalidation=invalidations.signatures_invalidate(
            appeal=answerable, moderator=factories.moderator(), reason="x", ip="198.51.100.77"
        ),
    )
    world.bulk = BulkAction.objects.create(
        key="access", addressee=here, actor=factories.responder(here), action="leave",
        params={"ground": "unreadable"}, address_ids=[address.pk], created_at=now,
        refused=[f"{MARKER} refused"],
    )
    world.address_attachment, world.appeal_attachment = (
        attachments_add(items=[file_prepare(_text_file())], **owner)[0]
        for owner in ({"address": address}, {"appeal": awaiting})
    )
    world.users = {
        "anonymous": None,
        "plain": factories.user(),
        "moderator": factories.moderator(),
        "responder": factories.responder(here),
        "other_responder": factories.responder(elsewhere),
        "administrator": factories.administrator(),
        "member": organisation.users.get(),
        "other_member": stranger.users.get(),
    }
    world.staged = elsewhere_import_stage(
        user=world.users["moderator"],
        channel=export_read(
            json.dumps(telegram_export.export(telegram_export.message(7, f"{MARKER} post"))),
            zone=UTC,
            now=now,
        ),
    )
    return world


def _text_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("note.txt", f"{MARKER} a private note".encode())


class _World:
    def __init__(self, **objects):
        self.__dict__.update(objects)

    def value(self, path):
        if not isinstance(path, str) or "." not in path:
            return path
        head, attribute = path.split(".")
        return getattr(getattr(self, head), attribute)


def expected(row: Row, role: str) -> int | None:
    """The refusal due to `role`, or None where the role may reach the page."""
    if role == "anonymous":
        return 302
    if role in row.allowed:
        return None
    return 404 if role in row.not_found else 403


def test_every_staff_url_has_a_row():
    assert guarded_url_names() - set(ACCESS) == set(), "add a row to ACCESS (or PUBLIC)"
    assert set(ACCESS) - guarded_url_names() == set(), "rows for URLs that no longer exist"


@pytest.mark.parametrize("name", sorted(guarded_url_names()))
def test_every_staff_view_checks_a_declared_permission_first(name):
    pattern = next(pattern for full, _route, pattern in url_patterns() if full == name)
    permission = getattr(pattern.callback, "access_permission", None)
    assert permission in permission_names(), f"{name} is not wrapped in permission_first"


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_refusals_come_before_anything_of_the_object_is_shown(client, world, name):
    row = ACCESS[name]
    url = reverse(name, kwargs={key: world.value(value) for key, value in row.kwargs.items()})
    wrong = []
    for role in ROLES:
        client.logout()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        refusal = expected(row, role)
        for method in ("get", "post"):
            if refusal is None and method == "post":
                continue  # allowed roles would act; their actions are tested where they live
            response = getattr(client, method)(url, POST_DATA if method == "post" else None)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
            body = content.decode(errors="replace")
            if refusal is None:
                # Reached: the role and scope passed (405 where only POST is taken).
                if response.status_code in (403, 404):
                    wrong.append((role, method, response.status_code, "should reach the page"))
                continue
            if response.status_code != refusal or MARKER in body:
                wrong.append((role, method, response.status_code, f"expected {refusal}"))
            elif refusal == 302 and not response["Location"].startswith(resolve_url(row.login)):
                wrong.append((role, method, response["Location"], "not the log-in page"))
    assert wrong == []
