"""Triage results stored per intake campaign; the addresses app's tables are never changed.

A full run replaces a campaign's groups, clusters and per-address rows, batch by batch
(heard/triage/runs.py). Arrivals afterwards join them (heard/triage/arrivals.py): groups keep
their template's MinHash signature, shingle count and LSH band keys, clusters keep a hashed
centroid, the router is kept per addressee. Each member keeps its own text beyond the template.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from heard.addresses.models import Address, Campaign
from heard.offices.models import Addressee


class TriageRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        COMPLETED = "completed", _("completed")
        FAILED = "failed", _("failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    FINISHED = (Status.COMPLETED, Status.FAILED)

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="triage_runs")
    status = models.CharField(
        _("state"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    threshold = models.FloatField(_("near-duplicate threshold"), default=0.6)
    created_at = models.DateTimeField(_("requested"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    addresses = models.PositiveIntegerField(_("addresses"), default=0)
    groups = models.PositiveIntegerField(_("duplicate groups"), default=0)
    clusters = models.PositiveIntegerField(_("clusters"), default=0)
    stages = models.JSONField(_("seconds per stage"), default=dict, blank=True)
    # Set when the run starts replacing the stored results: from then until it completes they
    # are partial, and arrivals wait (heard/triage/runs.py says how a crash is cleaned up).
    store_started_at = models.DateTimeField(_("storing since"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("triage run")
        verbose_name_plural = _("triage runs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "status"], name="triage_run_campaign")]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.get_status_display()}"

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return round((self.finished_at - self.started_at).total_seconds(), 1)
        return None


class DuplicateGroup(models.Model):
    """Copies of one template (size >= 2) under the earliest received one, their primary.

    The template is the member closest to the bare text (the smallest, the library's
    Groups.template); without one (groups stored before templates were) the primary stands for it.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    primary = models.ForeignKey(Address, on_delete=models.CASCADE, related_name="+")
    size = models.PositiveIntegerField(_("size"))
    channels = models.JSONField(_("channels"), default=list)
    first_received_at = models.DateTimeField(_("first received"))
    last_received_at = models.DateTimeField(_("last received"))
    template = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The template's MinHash signature (uint32 values) and shingle count: an arrival joins when
    # it contains enough of the template (heard/triage/lib/template_join.py).
    signature = models.BinaryField()
    template_shingles = models.PositiveIntegerField(default=0)
    # The template and the sentences most members share: what a copy's own text is measured
    # against (heard/triage/lib/group_reference.py); "" for groups stored before it was kept.
    reference = models.TextField(blank=True, default="")
    merged_at = models.DateTimeField(_("last merged"), null=True, blank=True)

    class Meta:
        verbose_name = _("duplicate group")
        verbose_name_plural = _("duplicate groups")
        indexes = [models.Index(fields=["campaign", "-size"], name="triage_group_size")]

    def __str__(self) -> str:
        return f"{self.primary} × {self.size}"


class GroupKey(models.Model):
    """One LSH band key of a group's template: arrivals find candidate groups by an index lookup."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(DuplicateGroup, on_delete=models.CASCADE, related_name="keys")
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["campaign", "key"], name="triage_group_key")]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.key}"


class Cluster(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("number"))
    size = models.PositiveIntegerField(_("size"))
    terms = models.JSONField(_("label terms"), default=list)
    representative_ids = models.JSONField(default=list)
    # Hashed character and word n-grams of a sample of members, averaged: sparse, so stored as
    # int32 feature indices followed by float32 weights.
    centroid = models.BinaryField()

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="triage_cluster_unique")
        ]
        indexes = [models.Index(fields=["campaign", "-size"], name="triage_cluster_size")]

    def __str__(self) -> str:
        return ", ".join(self.terms[:3]) or str(self.number)


class AddressTriage(models.Model):
    class Suggestion(models.TextChoices):
        NONE = "none", _("no suggestion")
        SUGGESTED = "suggested", _("suggested")
        ACCEPTED = "accepted", _("accepted")
        OVERRIDDEN = "overridden", _("overridden")

    class Origin(models.TextChoices):
        RUN = "run", _("full run")
        ARRIVAL = "arrival", _("joined on arrival")

    ACCEPTABLE = (Suggestion.SUGGESTED,)
    OVERRIDABLE = (Suggestion.NONE, Suggestion.SUGGESTED, Suggestion.ACCEPTED,
                   Suggestion.OVERRIDDEN)
    UNDECIDED = (Suggestion.NONE, Suggestion.SUGGESTED)

    address = models.OneToOneField(Address, on_delete=models.CASCADE, related_name="triage")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        DuplicateGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    is_primary = models.BooleanField(default=False)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    # Up to three {"department": id, "name": str, "score": float}, best first.
    suggestions = models.JSONField(default=list, blank=True)
    suggestion = models.CharField(
        _("suggestion"), max_length=12, choices=Suggestion.choices, default=Suggestion.NONE
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin = models.CharField(max_length=8, choices=Origin.choices, default=Origin.RUN)
    # What the copy adds to its group's template, in the sender's words ("" when nothing), and
    # whether that asks something of its own (heard/triage/lib/own_question.py): such a copy is
    # not closed by a merge of its group.
    extra = models.TextField(_("own text beyond the template"), blank=True, default="")
    own_question = models.BooleanField(_("asks a question of its own"), default=False)
    kept_open_at = models.DateTimeField(_("left open by a merge"), null=True, blank=True)
    joined_at = models.DateTimeField(_("triaged"))

    class Meta:
        verbose_name = _("triage of an address")
        verbose_name_plural = _("triage of addresses")
        indexes = [
            models.Index(fields=["campaign", "suggestion"], name="triage_address_state"),
            models.Index(fields=["cluster", "suggestion"], name="triage_address_cluster"),
            # The suggestions page in its own order: a page reads 50 entries, not a sort of
            # every pending row (selectors.suggestions_pending).
            models.Index(
                fields=["campaign", "-suggestion", "address"],
                name="triage_address_undecided",
                condition=models.Q(suggestion__in=["none", "suggested"]),
            ),
            # The overview counts arrivals (few) without reading every row of the campaign.
            models.Index(
                fields=["campaign"], name="triage_address_arrivals",
                condition=models.Q(origin="arrival"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.address_id)


class StoredRouter(models.Model):
    """The router trained on one addressee's routed history, pickled and compressed."""

    addressee = models.OneToOneField(Addressee, on_delete=models.CASCADE, related_name="+")
    trained_at = models.DateTimeField(_("trained"))
    history = models.PositiveIntegerField(_("routed addresses learnt from"))
    model = models.BinaryField()

    class Meta:
        verbose_name = _("stored router")
        verbose_name_plural = _("stored routers")

    def __str__(self) -> str:
        return str(self.addressee)


class Digest(models.Model):
    """The analyst's digest of a completed run, worked out once (heard/triage/digest.py): its
    figures aggregate every member of the largest topics, which at a million addresses costs
    seconds, too much for each view. Region ids and address ids, so that the page names them in
    the reader's language and links the addresses."""

    run = models.OneToOneField(TriageRun, on_delete=models.CASCADE, related_name="digest")
    computed_at = models.DateTimeField(_("computed"))
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")

    def __str__(self) -> str:
        return f"{self.run}: {self.computed_at:%Y-%m-%d %H:%M}"
