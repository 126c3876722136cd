# ruff: noqa: E501 - a table of documented fields reads best one field a line
"""The open-data dumps, each with every field documented: the page /open-data/ is written from
these declarations and the dumps are checked against them, so neither can drift from the other."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from heard.opendata import rows


@dataclass(frozen=True)
class Field:
    name: str
    kind: Promise
    description: Promise


@dataclass(frozen=True)
class Dataset:
    name: str
    title: Promise
    description: Promise
    fields: tuple[Field, ...]
    rows: Callable[[], Iterable[dict]]

    @property
    def field_names(self) -> list[str]:
        return [field.name for field in self.fields]


INTEGER, TEXT, DATE, TIME = _("integer"), _("text"), _("date"), _("time")
MOMENT, DECIMAL, TEXTS = _("date and time (UTC)"), _("decimal"), _("list of texts")
CODE = _("code")

DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "appeals",
        _("Appeals"),
        _("Every published, closed or rejected collective appeal (never drafts or withdrawn ones)."),
        (
            Field("id", INTEGER, _("The appeal's number; its page is /appeals/<id>/.")),
            Field("url", TEXT, _("The appeal's page, relative to the site.")),
            Field("title", TEXT, _("The title.")),
            Field("addressee", CODE, _("The addressee's short name (as in its addresses).")),
            Field("addressee_name", TEXT, _("The addressee's full name.")),
            Field("group_name", TEXT, _("The group or person behind the appeal, as its page shows it.")),
            Field("state", CODE, _("open, closed or rejected.")),
            Field("rejection_code", CODE, _("Why moderators rejected it (empty otherwise): duplicate, irrelevant, outside_competence, offensive, defamatory, personal_data, advertising.")),
            Field("demands", TEXTS, _("The demands; empty when a rejection hides the text.")),
            Field("text", TEXT, _("The full text in Markdown; empty when a rejection hides it.")),
            Field("opened_at", MOMENT, _("When it opened for signing.")),
            Field("closes_at", MOMENT, _("When signing closes or closed.")),
            Field("closed_at", MOMENT, _("When signing was closed.")),
            Field("rejected_at", MOMENT, _("When it was rejected.")),
            Field("signature_count", INTEGER, _("Confirmed signatures at the last count.")),
            Field("counted_at", MOMENT, _("When the signatures were last counted.")),
            Field("response_threshold", INTEGER, _("Signatures that oblige the addressee to respond.")),
            Field("response_threshold_reached_at", MOMENT, _("When that threshold was reached.")),
            Field("consideration_threshold", INTEGER, _("Signatures that oblige the addressee to consider it.")),
            Field("consideration_threshold_reached_at", MOMENT, _("When that threshold was reached.")),
            Field("response_due_at", MOMENT, _("The response's due date.")),
            Field("responded_at", MOMENT, _("When the response was published.")),
            Field("response_days_late", INTEGER, _("Days the response is or was late; empty while on time.")),
            Field("made_elsewhere", CODE, _("For an appeal first published elsewhere and registered here: where (telegram); empty otherwise.")),
            Field("published_elsewhere_at", MOMENT, _("When it was published there.")),
            Field("elsewhere_link", TEXT, _("The public address of the post there, when it has one.")),
            Field("registered_at", MOMENT, _("When it was registered here; the addressee's time is counted from it.")),
        ),
        rows.appeals,
    ),
    Dataset(
        "signatures_by_region_day",
        _("Signatures by region and day"),
        _("Confirmed signatures of each published appeal, counted by region and day of confirmation (Moscow time by default). Counts only: no signature is listed."),
        (
            Field("appeal_id", INTEGER, _("The appeal (id in the appeals dump).")),
            Field("date", DATE, _("The day the signatures were confirmed, in the site's time zone.")),
            Field("region", CODE, _("The region the signers named (codes below).")),
            Field("count", INTEGER, _("Signatures confirmed that day from that region and still counted.")),
        ),
        rows.signatures_by_region_day,
    ),
    Dataset(
        "responses",
        _("Responses"),
        _("The addressees' official responses to collective appeals."),
        (
            Field("appeal_id", INTEGER, _("The appeal (id in the appeals dump).")),
            Field("addressee", CODE, _("The addressee's short name.")),
            Field("office", TEXT, _("The office that responded.")),
            Field("responded_on", DATE, _("The date the response bears.")),
            Field("published_at", MOMENT, _("When it was published here.")),
            Field("response_due_at", MOMENT, _("When it was due.")),
            Field("days_late", INTEGER, _("Days late; empty when on time.")),
            Field("text", TEXT, _("The response in Markdown.")),
        ),
        rows.responses,
    ),
    Dataset(
        "address_statistics",
        _("Statistics of individual addresses"),
        _("Per addressee: in all, per department and per month of receipt (the last twelve), as on the statistics pages. Counts only."),
        (
            Field("addressee", CODE, _("The addressee's short name.")),
            Field("scope", CODE, _("total, department or month: what the row counts.")),
            Field("department", TEXT, _("The department, for department rows (empty: not yet assigned).")),
            Field("month", TEXT, _("The month of receipt (YYYY-MM), for month rows.")),
            Field("received", INTEGER, _("Addresses received.")),
            Field("answered_on_time", INTEGER, _("Answered by the due date, a lawful extension included.")),
            Field("answered_late", INTEGER, _("Answered after the due date.")),
            Field("overdue_now", INTEGER, _("Still unanswered past the due date.")),
            Field("in_progress", INTEGER, _("Not yet answered or closed.")),
            Field("median_days", DECIMAL, _("Median days from registration to answer.")),
            Field("p90_days", DECIMAL, _("90th percentile of days from registration to answer.")),
            Field("verdict_resolved", INTEGER, _("Answers the applicant said resolved the question.")),
            Field("verdict_explained", INTEGER, _("Answers the applicant said explained it.")),
            Field("verdict_not_resolved", INTEGER, _("Answers the applicant said did not resolve it.")),
            Field("verdict_no_real_answer", INTEGER, _("Answers the applicant said were no real answer.")),
            Field("on_time_share", DECIMAL, _("Share answered on time (0–1); empty below the minimum count of answers.")),
            Field("on_time_low", DECIMAL, _("Lower end of that share's 95 per cent interval.")),
            Field("on_time_high", DECIMAL, _("Upper end of that share's 95 per cent interval.")),
        ),
        rows.address_statistics,
    ),
    Dataset(
        "event_notices",
        _("Notices of public events"),
        _("The register of notices of public events and the authority's answers. Never the organiser's name or contacts."),
        (
            Field("number", TEXT, _("The notice's registration number.")),
            Field("addressee", CODE, _("The authority notified (short name).")),
            Field("form", CODE, _("meeting, rally, demonstration, march or picket.")),
            Field("purpose", TEXT, _("The stated purpose.")),
            Field("event_date", DATE, _("The date of the event.")),
            Field("starts_at", TIME, _("When it starts (local time).")),
            Field("ends_at", TIME, _("When it ends (local time).")),
            Field("place", TEXT, _("The place or route.")),
            Field("participants", INTEGER, _("Expected participants.")),
            Field("organising_group", TEXT, _("The organising group, as the register shows it.")),
            Field("received_at", MOMENT, _("When the notice arrived.")),
            Field("answer_due_at", MOMENT, _("When the authority's answer is due.")),
            Field("answered_at", MOMENT, _("When it answered.")),
            Field("outcome", CODE, _("agreed, change_proposed or refused; empty while unanswered.")),
            Field("ground", CODE, _("The law's ground of a refusal: organiser_not_eligible or place_prohibited.")),
            Field("proposal", TEXT, _("The other place or time proposed.")),
            Field("reasons", TEXT, _("The authority's reasons.")),
            Field("days_late", INTEGER, _("Days the answer is or was late; empty while on time.")),
        ),
        rows.event_notices,
    ),
)

BY_NAME = {dataset.name: dataset for dataset in DATASETS}
FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8"}
