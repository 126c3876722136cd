from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heard.addresses.models.intake import Campaign, Organisation
from heard.addresses.models.policy import Category
from heard.core import clock
from heard.core.lateness import days_late
from heard.offices.models import Addressee, Department, Region


class AddressAnswer(models.Model):
    """An answer on the merits; one answer may serve a primary address and all merged into it."""

    text = models.TextField(_("answer"), max_length=50_000)
    office = models.CharField(_("office that answered"), max_length=200)
    created_at = models.DateTimeField(_("answered"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("answer to an address")
        verbose_name_plural = _("answers to addresses")

    def __str__(self) -> str:
        return f"{self.office}, {self.created_at:%Y-%m-%d}"


class Verdict(models.TextChoices):
    """The applicant's own word on an answer (as the Gosuslugi feedback platform and Alaveteli
    ask): it feeds the public statistics next to "answered on time"."""

    RESOLVED = "resolved", _("resolved: the problem is solved")
    EXPLAINED = "explained", _("explained: I got a clear answer")
    NOT_RESOLVED = "not_resolved", _("not resolved: nothing changed")
    NO_REAL_ANSWER = "no_real_answer", _("no real answer: it did not address my question")


class Address(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("received")
        UNCONFIRMED = "unconfirmed", _("received, awaiting the sender's e-mail confirmation")
        HELD = "held", _("received, held for review")
        SET_ASIDE = "set_aside", _("set aside: not from a real sender")
        REGISTERED = "registered", _("registered")
        ASSIGNED = "assigned", _("assigned to a department")
        EXTENDED = "extended", _("extended")
        RETURNED = "returned", _("returned for re-consideration")
        FORWARDED = "forwarded", _("forwarded to another body")
        ANSWERED = "answered", _("answered")
        LEFT_WITHOUT_ANSWER = "left_without_answer", _("left without an answer on the merits")
        MERGED = "merged", _("merged into a primary address")

    class Kind(models.TextChoices):
        QUESTION = "question", _("question")
        REQUEST = "request", _("request")
        PROPOSAL = "proposal", _("proposal")
        COMPLAINT = "complaint", _("complaint")
        EVENT_NOTICE = "event_notice", _("notice of a public event")

    class Channel(models.TextChoices):
        WEB = "web", _("web form")
        API = "api", _("API")
        EMAIL = "email", _("e-mail")
        PHONE = "phone", _("phone (transcript)")
        SMS = "sms", _("SMS")
        SOCIAL = "social", _("social network")
        POST = "post", _("post")

    class Ground(models.TextChoices):
        """The closed list of grounds to leave an address without an answer on the merits."""

        NO_CONTACT = "no_contact", _("no name or address for the reply")
        OBSCENE = "obscene", _("obscene language or threats")
        ALREADY_ANSWERED = "already_answered", _("the same question was already answered")
        UNREADABLE = "unreadable", _("the text cannot be read")

    # Named sets of states.
    AWAITING_REGISTRATION = (Status.RECEIVED, Status.UNCONFIRMED, Status.HELD)
    # Sent from the web with an e-mail: registered when the sender presses the e-mailed link.
    CONFIRMABLE = (Status.UNCONFIRMED,)
    # Over a limit, or unconfirmed for too long: a moderator registers it or sets it aside.
    RELEASABLE = (Status.UNCONFIRMED, Status.HELD)
    SETTABLE_ASIDE = (Status.UNCONFIRMED, Status.HELD)
    # Not (yet) accepted as a real sender's: never in public counts, lists or statistics.
    NOT_ACCEPTED = (Status.UNCONFIRMED, Status.HELD, Status.SET_ASIDE)
    IN_PROGRESS = (Status.REGISTERED, Status.ASSIGNED, Status.EXTENDED, Status.RETURNED)
    OPEN = (Status.RECEIVED, *IN_PROGRESS, Status.MERGED)
    ASSIGNABLE = IN_PROGRESS
    ANSWERABLE = IN_PROGRESS
    FORWARDABLE = IN_PROGRESS
    EXTENDABLE = (Status.REGISTERED, Status.ASSIGNED, Status.RETURNED)
    MERGEABLE = IN_PROGRESS
    CAN_BE_PRIMARY = IN_PROGRESS
    LEAVABLE = IN_PROGRESS
    CLOSED = (Status.FORWARDED, Status.ANSWERED, Status.LEFT_WITHOUT_ANSWER)
    STAFF_ENTERED_CHANNELS = (
        Channel.EMAIL,
        Channel.PHONE,
        Channel.SMS,
        Channel.SOCIAL,
        Channel.POST,
    )

    number = models.CharField(_("registration number"), max_length=40, unique=True)
    tracking_salt = models.CharField(max_length=32)
    tracking_code_hash = models.CharField(max_length=64)

    addressee = models.ForeignKey(
        Addressee, verbose_name=_("addressee"), on_delete=models.PROTECT, related_name="addresses"
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="addresses",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.QUESTION)
    text = models.TextField(_("text"), max_length=20_000)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="addresses",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    campaign = models.ForeignKey(
        Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="addresses"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="addresses"
    )
    member_consent_at = models.DateTimeField(_("member's consent recorded"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The applicant: all optional; an address without name and contact is anonymous.
    anonymous = models.BooleanField(_("anonymous"), default=False)
    applicant_name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail for the reply"), blank=True)
    postal_address = models.CharField(_("postal address for the reply"), max_length=500, blank=True)
    language = models.CharField(max_length=8, default="ru")

    status = models.CharField(
        _("state"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("received"))
    registration_due_at = models.DateTimeField(_("registration due"))
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    forwarding_due_at = models.DateTimeField(_("forwarding due"), null=True, blank=True)
    answer_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    extended_at = models.DateTimeField(_("extended"), null=True, blank=True)
    extension_days = models.PositiveIntegerField(null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True, max_length=2000)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    forwarded_from = models.ForeignKey(
        Addressee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_to_body = models.CharField(_("forwarded to"), max_length=300, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.ForeignKey(
        AddressAnswer, null=True, blank=True, on_delete=models.PROTECT, related_name="addresses"
    )
    left_at = models.DateTimeField(_("left without an answer"), null=True, blank=True)
    ground = models.CharField(_("ground"), max_length=24, choices=Ground.choices, blank=True)
    ground_note = models.TextField(_("note on the ground"), blank=True, max_length=2000)
    merged_at = models.DateTimeField(_("merged"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    returned_at = models.DateTimeField(_("returned for re-consideration"), null=True, blank=True)
    return_reason = models.TextField(_("reason to re-consider"), blank=True, max_length=2000)
    rating = models.PositiveSmallIntegerField(_("rating of the answer"), null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # Why it is held ("ip", "email", "addressee": the limit reached; "unconfirmed": the sender
    # never pressed the link), and the sender's IP hash, kept only until it is registered or
    # set aside: the evidence a moderator weighs (decision 0508).
    verdict = models.CharField(
        _("applicant's verdict on the answer"), max_length=16, choices=Verdict.choices, blank=True
    )
    verdict_at = models.DateTimeField(null=True, blank=True)
    # Reminders to give a verdict sent so far (after 3 and after 10 days), so that a job run
    # twice never reminds twice.
    verdict_reminders = models.PositiveSmallIntegerField(default=0)
    # When the applicant was told the answer is overdue and what their next step is.
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    # A complaint sent on the platform about this earlier address (its lateness, or its answer).
    complaint_of = models.ForeignKey(
        "self",
        verbose_name=_("complaint about"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    held_reason = models.CharField(_("why held"), max_length=16, blank=True)
    held_at = models.DateTimeField(_("held"), null=True, blank=True)
    ip_digest = models.CharField(max_length=64, blank=True)
    confirmed_at = models.DateTimeField(_("sender's e-mail confirmed"), null=True, blank=True)
    set_aside_at = models.DateTimeField(_("set aside"), null=True, blank=True)
    set_aside_reason = models.CharField(_("why set aside"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["addressee", "status", "answer_due_at"], name="address_queue"),
            models.Index(fields=["department", "status", "answer_due_at"], name="address_dept"),
            models.Index(fields=["addressee", "received_at"], name="address_received"),
            models.Index(fields=["campaign", "channel"], name="address_campaign_channel"),
            models.Index(fields=["campaign", "category"], name="address_campaign_category"),
            models.Index(fields=["campaign", "region"], name="address_campaign_region"),
            models.Index(fields=["organisation", "received_at"], name="address_organisation"),
            models.Index(fields=["status", "answer_due_at"], name="address_status_due"),
            # Open311 lists the latest requests across all addressees, a page at a time.
            models.Index(fields=["received_at", "id"], name="address_received_at_id"),
            # Tracking finds a number in any case (selectors.addresses_numbered).
            models.Index(Upper("number"), name="address_number_upper"),
            models.Index(
                fields=["addressee", "received_at"],
                name="address_held",
                condition=models.Q(status__in=["unconfirmed", "held"]),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @classmethod
    def accepted(cls):
        """Addresses accepted as real senders': what public counts, lists and statistics show."""
        return cls.objects.exclude(status__in=cls.NOT_ACCEPTED)

    @property
    def answer_days_late(self) -> int | None:
        """Days past the answer's due date: of the answer (or the closing) given late, or of an
        open address so far; None while on time. A late answer stays late for good."""
        if self.answer_due_at is None or self.status == self.Status.MERGED:
            return None
        if self.status in self.CLOSED:
            done = self.answered_at or self.closed_at
        elif self.status in self.IN_PROGRESS:
            done = None
        else:
            return None
        return days_late(due=self.answer_due_at, done=done, now=clock.now())

    @property
    def days_left(self) -> int | None:
        """Whole days until the answer is due, for an open address still within its term."""
        if self.status not in self.IN_PROGRESS or self.answer_due_at is None:
            return None
        now = clock.now()
        if now > self.answer_due_at:
            return None
        return (timezone.localtime(self.answer_due_at).date() - timezone.localtime(now).date()).days

    @property
    def applicant_kind(self) -> str:
        """"organisation", "anonymous" or "named": who the office is answering."""
        if self.organisation_id:
            return "organisation"
        return "anonymous" if self.anonymous else "named"

    @property
    def days_waiting(self) -> int | None:
        """Whole days since it was received, for an address not yet answered or closed."""
        if self.status not in (*self.AWAITING_REGISTRATION, *self.IN_PROGRESS):
            return None
        today = timezone.localtime(clock.now()).date()
        return (today - timezone.localtime(self.received_at).date()).days

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.postal_address)
