"""The analyst's digest of a campaign (as the Direct Line hands the president "a hundred per
topic", not fifty thousand): per topic, largest first, its size, regions, arrivals by day and
representative addresses.

Its figures aggregate every member of the largest topics (most of a campaign): seconds at a
million addresses. So they are worked out once per completed run (a task enqueued when the run
commits; a page that finds none works them out and stores them) and each view reads one row,
then names the regions and fetches the examples by id (decision 0530)."""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate
from django_tasks import task

from heard.addresses.models import Address, Campaign
from heard.core import clock
from heard.offices.models import Region
from heard.triage.models import AddressTriage, Cluster, Digest, TriageRun

TOPICS = 30
EXAMPLES = 10
REGIONS = 5


def digest_figures(*, campaign_id: int, topics: int = TOPICS, examples: int = EXAMPLES) -> dict:
    """The digest as stored: ids and counts only (JSON), one grouped query per figure."""
    clusters = list(
        Cluster.objects.filter(campaign_id=campaign_id).order_by("-size", "number")
        .values("pk", "size", "terms", "representative_ids")[:topics]
    )
    members = AddressTriage.objects.filter(cluster_id__in=[row["pk"] for row in clusters])
    regions = defaultdict(list)
    for row in (
        members.values("cluster_id", "address__region_id").annotate(count=Count("pk"))
        .order_by("cluster_id", "-count", "address__region_id")
    ):
        if len(regions[row["cluster_id"]]) < REGIONS:
            regions[row["cluster_id"]].append([row["address__region_id"], row["count"]])
    days = defaultdict(dict)
    for row in (
        members.annotate(day=TruncDate("address__received_at"))
        .values("cluster_id", "day").annotate(count=Count("pk")).order_by()
    ):
        days[row["cluster_id"]][row["day"]] = row["count"]
    all_days = sorted({day for by_day in days.values() for day in by_day})
    return {
        "days": [day.isoformat() for day in all_days],
        "topics": [
            {
                "id": row["pk"],
                "terms": row["terms"][:6],
                "size": row["size"],
                "regions": regions[row["pk"]],
                "by_day": [days[row["pk"]].get(day, 0) for day in all_days],
                "examples": row["representative_ids"][:examples],
            }
            for row in clusters
        ],
    }


def digest_store(*, run: TriageRun) -> Digest:
    """Work out the run's digest and keep it (again, if it was kept: safe to run twice)."""
    figures = digest_figures(campaign_id=run.campaign_id)
    digest, _created = Digest.objects.update_or_create(
        run=run, defaults={"figures": figures, "computed_at": clock.now()}
    )
    return digest


@task()
def digest_compute(*, run_id: int) -> bool:
    run = TriageRun.objects.filter(pk=run_id, status=TriageRun.Status.COMPLETED).first()
    if run is None:
        return False
    digest_store(run=run)
    return True


def digest_when_committed(*, run_id: int) -> None:
    """Called as a run completes (heard/triage/runs.py): the digest is worked out by a task once
    the completed run is committed, so that the run neither waits for it nor fails with it."""
    transaction.on_commit(lambda: digest_compute.enqueue(run_id=run_id))


def campaign_digest(*, campaign: Campaign) -> dict:
    """The digest of the campaign's latest completed run, for the page and the CSV: stored
    figures, the reader's names of the regions, the examples' numbers and texts."""
    run = TriageRun.objects.filter(campaign=campaign, status=TriageRun.Status.COMPLETED).first()
    if run is None:
        return {"run": None, "digest": None, "days": [], "topics": []}
    stored = Digest.objects.filter(run=run).first() or digest_store(run=run)
    figures = stored.figures
    topics = figures.get("topics", [])
    region_ids = {pk for topic in topics for pk, _count in topic["regions"] if pk is not None}
    region_names = {pk: region.name for pk, region in Region.objects.in_bulk(region_ids).items()}
    example_ids = {pk for topic in topics for pk in topic["examples"]}
    texts = Address.objects.only("pk", "number", "text").in_bulk(example_ids)
    return {
        "run": run,
        "digest": stored,
        "days": [date.fromisoformat(day) for day in figures.get("days", [])],
        "topics": [
            {
                "id": topic["id"],
                "label": ", ".join(topic["terms"]),
                "size": topic["size"],
                "regions": [(region_names.get(pk, "—"), count) for pk, count in topic["regions"]],
                "by_day": topic["by_day"],
                "examples": [texts[pk] for pk in topic["examples"] if pk in texts],
            }
            for topic in topics
        ],
    }


def digest_csv_write(out, digest: dict) -> None:
    import csv

    writer = csv.writer(out)
    writer.writerow(
        ["topic", "size", "regions", *[day.isoformat() for day in digest["days"]], "examples"]
    )
    for topic in digest["topics"]:
        writer.writerow(
            [
                _safe(topic["label"]),
                topic["size"],
                _safe("; ".join(f"{name} {count}" for name, count in topic["regions"])),
                *topic["by_day"],
                _safe(" | ".join(example.number for example in topic["examples"])),
            ]
        )


def _safe(value: str) -> str:
    """Spreadsheets run cells that start with these as formulas."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
