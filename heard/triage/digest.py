"""The analyst's digest of a campaign (as the Direct Line hands the president "a hundred per
topic", not fifty thousand): per topic, largest first, its size, regions, arrivals by day and
representative addresses. Reads only; one grouped query per figure, not one per topic."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.translation import get_language

from heard.addresses.models import Address, Campaign
from heard.triage.models import AddressTriage, Cluster

TOPICS = 30
EXAMPLES = 10
REGIONS = 5


def campaign_digest(*, campaign: Campaign, topics: int = TOPICS, examples: int = EXAMPLES):
    clusters = list(Cluster.objects.filter(campaign=campaign).order_by("-size", "number")[:topics])
    ids = [cluster.pk for cluster in clusters]
    members = AddressTriage.objects.filter(cluster_id__in=ids)
    region_field = (
        "address__region__name_en" if get_language() == "en" else ("address__region__name_ru")
    )
    regions = defaultdict(list)
    for row in (
        members.values("cluster_id", region_field).annotate(count=Count("pk")).order_by("-count")
    ):
        if len(regions[row["cluster_id"]]) < REGIONS:
            regions[row["cluster_id"]].append((row[region_field] or "—", row["count"]))
    days = defaultdict(dict)
    for row in (
        members.annotate(day=TruncDate("address__received_at"))
        .values("cluster_id", "day")
        .annotate(count=Count("pk"))
    ):
        days[row["cluster_id"]][row["day"]] = row["count"]
    all_days = sorted({day for by_day in days.values() for day in by_day})
    wanted = {pk for cluster in clusters for pk in cluster.representative_ids[:examples]}
    texts = Address.objects.only("pk", "number", "text").in_bulk(wanted)
    return {
        "days": all_days,
        "topics": [
            {
                "cluster": cluster,
                "label": ", ".join(cluster.terms[:6]),
                "size": cluster.size,
                "regions": regions[cluster.pk],
                "by_day": [days[cluster.pk].get(day, 0) for day in all_days],
                "examples": [
                    texts[pk] for pk in cluster.representative_ids[:examples] if pk in texts
                ],
            }
            for cluster in clusters
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
