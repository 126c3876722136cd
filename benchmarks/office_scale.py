"""The office at Direct-Line volume: N generated addresses in PostgreSQL, the database-mode triage
of them, and the staff pages with them in place.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/heard_scale \\
        .venv/bin/python benchmarks/office_scale.py --size 1000000 --fresh

Phases, each in a child process of its own (its peak memory is its own; a phase can be rerun
alone with --phase):
- generate: realistic campaign copies (heard.triage.lib.campaign_copies: templates plus the
  sender's story, greetings, typos, translations) and addresses of their own, over 14 days,
  with regions, categories, channels, names and a few e-mails, into a JSONL.gz file in the
  file-mode triage format;
- load: `heard addresses import FILE --campaign SLUG --quiet` (the service path: numbers,
  clocks, routes, audit, a transaction per 2,000 lines), timed per 10,000;
- triage: a full database-mode run of the campaign through the task (triage_campaign_run),
  seconds per stage and peak memory;
- compute (alone, with --phase; no database): the triage phase's computation from the file,
  less reading and storing (`--file` names the file, e.g. another checkout's);
- pages: the staff pages through Django's test client as a responder, each repeated, p50/p95
  and the median CPU of this process a request,
  beside two references measured in the same process (a bare view doing one raw SELECT by
  primary key, one doing one raw INSERT), since this machine's speed varies day to day; then
  how long the digest takes to work out (once per completed run; its pages read it stored).

Everything lands in var/office_scale/ (the file, a JSON of figures per phase). With --fresh the
database named by DATABASE_URL is dropped and created again, then migrated.
"""

import argparse
import gzip
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "office_scale"
SLUG = "office-scale"
ADDRESSEE = "office-scale"
CATEGORIES = ["mobilisation", "pensions", "housing", "health", "roads", "schools", "prices",
              "utilities"]
CHANNELS = {"phone": 40, "sms": 20, "web": 25, "social": 10, "api": 5}
START = datetime(2026, 11, 10, 9, tzinfo=UTC)
DAYS = 14
REPEATS = 15
WARMUP = 2


def _load() -> tuple[float, float, float]:
    return os.getloadavg()


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.config.settings.base")
    import django

    django.setup()


def campaign_sizes(size: int) -> list[int]:
    """About 45% copies: one campaign of 10%, 2 of 5%, 5 of 2%, 20 of 0.25%, then small ones."""
    sizes = [size // 10] + [size // 20] * 2 + [size // 50] * 5 + [size // 400] * 20
    sizes += [max(size // 5000, 20)] * 200
    return [s for s in sizes if s >= 2]


# Phases ------------------------------------------------------------------------------------


def generate(size: int, path: Path) -> dict:
    from heard.triage.lib.campaign_copies import campaign_copies

    started = time.perf_counter()
    copies = campaign_copies(size=size, campaign_sizes=campaign_sizes(size), seed=14)
    rng = random.Random(14)
    regions = [("Москва", 30), ("Санкт-Петербург", 15), ("Республика Бурятия", 5),
               ("Свердловская область", 8), ("Новосибирская область", 6), ("MOW", 3)]
    region_names, region_weights = zip(*regions, strict=True)
    channels, weights = zip(*CHANNELS.items(), strict=True)
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as stream:
        for number, copy in enumerate(copies):
            at = START + timedelta(seconds=rng.random() * DAYS * 86400)
            row = {"id": f"dl-{number}", "text": copy.text, "received": at.isoformat(),
                   "channel": rng.choices(channels, weights)[0]}
            if rng.random() < 0.8:
                row["region"] = rng.choices(region_names, region_weights)[0]
            if rng.random() < 0.7:
                row["category"] = rng.choice(CATEGORIES)
            if rng.random() < 0.6:
                row["name"] = f"Заявитель {number}"
                if rng.random() < 0.01:
                    row["email"] = f"applicant{number}@example.org"
            stream.write(json.dumps(row, ensure_ascii=False))
            stream.write("\n")
    copies_count = sum(1 for copy in copies if copy.campaign >= 0)
    return {"addresses": size, "copies": copies_count,
            "seconds": round(time.perf_counter() - started, 1)}


def fresh_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    _django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def office() -> None:
    """The addressee, its departments, categories, rules, the campaign and a responder."""
    from django.contrib.auth import get_user_model

    from heard.addresses.models import Campaign, Category, RoutingRule
    from heard.offices.models import Addressee, Department, StaffRole

    addressee, _ = Addressee.objects.get_or_create(slug=ADDRESSEE, defaults={
        "name": "Прямая линия (нагрузочный тест)"})
    for code in CATEGORIES:
        category, _ = Category.objects.get_or_create(
            addressee=addressee, code=code, defaults={"name_ru": code, "name_en": code})
        if code in ("pensions", "housing", "health", "roads"):
            department, _ = Department.objects.get_or_create(
                addressee=addressee, code=code, defaults={"name": code.title()})
            RoutingRule.objects.get_or_create(addressee=addressee, category=category,
                                              department=department)
    Campaign.objects.get_or_create(slug=SLUG, defaults={
        "addressee": addressee, "title": "Прямая линия", "starts_at": START,
        "ends_at": START + timedelta(days=DAYS), "channels": list(CHANNELS),
        "created_at": START})
    user, created = get_user_model().objects.get_or_create(username="office-scale-responder")
    if created:
        StaffRole.objects.create(user=user, role=StaffRole.Role.RESPONDER, addressee=addressee)


def load(path: Path) -> dict:
    from heard.addresses import importing
    from heard.addresses.models import Campaign

    office()
    campaign = Campaign.objects.select_related("addressee").get(slug=SLUG)
    marks = []
    real = importing.addresses_import_batch

    def timed(**kwargs):
        result = real(**kwargs)
        marks.append((time.perf_counter(), result.stored))
        return result

    importing.addresses_import_batch = timed
    before = _load()
    started = time.perf_counter()
    summary = importing.addresses_import(path, campaign=campaign)
    seconds = time.perf_counter() - started
    per_10k = []
    done, last = 0, started
    for moment, stored in marks:
        done += stored
        if done >= 10_000:
            per_10k.append((moment - last) * 10_000 / done)
            done, last = 0, moment
    return {
        "stored": summary.stored, "already": summary.already, "errors": len(summary.errors),
        "seconds": round(seconds, 1), "per_second": round(summary.stored / seconds),
        "seconds_per_10k": {"p50": _round(statistics.median(per_10k)) if per_10k else None,
                            "max": _round(max(per_10k)) if per_10k else None},
        "load_before": before, "load_after": _load(),
    }


def triage() -> dict:
    from heard.addresses.models import Campaign
    from heard.core import clock
    from heard.triage import runs
    from heard.triage.lib.pipeline import cpu_seconds
    from heard.triage.models import TriageRun
    from heard.triage.tasks import encoder_setting, triage_campaign_run

    recorders = []

    class Kept(runs.StageRecorder):  # the run's recorder: CPU seconds and memory per stage too
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            recorders.append(self)

    runs.StageRecorder = Kept
    campaign = Campaign.objects.get(slug=SLUG)
    run = TriageRun.objects.create(campaign=campaign, created_at=clock.now())
    before = _load()
    started, cpu = time.perf_counter(), cpu_seconds()
    outcome = triage_campaign_run.call(run_id=run.pk)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    run.refresh_from_db()
    return {
        "outcome": outcome, "encoder": encoder_setting(), "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "addresses": run.addresses, "groups": run.groups, "clusters": run.clusters,
        "stages": recorders[0].stages if recorders else run.stages, "error": run.error,
        "peak_memory_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
        "load_before": before, "load_after": _load(),
    }


def compute(path: Path) -> dict:
    """The triage phase's computation from the file, without the database: what a database-mode
    run computes (the same history of categorised addresses teaching the topics, the router on
    the same newest routed addresses, a suggestion for every address), less reading and storing.
    For sizes whose database is not loaded yet, and to tell the computation's part of a run."""
    import numpy as np

    from heard.triage.lib import parallel
    from heard.triage.lib.io import Record
    from heard.triage.lib.pipeline import StageRecorder, triage
    from heard.triage.lib.routing import fit_and_suggest
    from heard.triage.router_store import HISTORY_LIMIT, NO_REGION
    from heard.triage.runs import TOPIC_HISTORY_LIMIT

    before = _load()
    started = time.perf_counter()
    recorder = StageRecorder()
    with recorder.stage("read"):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            rows = [json.loads(line) for line in lines]
        rows.sort(key=lambda row: row["received"])
        routed = {"pensions", "housing", "health", "roads"}  # office(): a rule each
        records = [Record(id=n, text=row["text"], region=row.get("region") or NO_REGION,
                          category=row.get("category"), channel=row["channel"],
                          department=row["category"].title()
                          if row.get("category") in routed else None)
                   for n, row in enumerate(rows)]
        del rows
        history = [Record(id=r.id, text=r.text, category=r.category)
                   for r in reversed(records) if r.category][:TOPIC_HISTORY_LIMIT]

    class Shown:  # each stage's start and end as it happens, for a run stopped midway
        def __init__(self, name: str, total: int):
            self.name = name
            print(f"{datetime.now(UTC):%H:%M:%S} {name} of {total:,} (load {_load()})",
                  file=sys.stderr, flush=True)

        def update(self, done: int) -> None:
            pass

        def close(self) -> None:
            print(f"{datetime.now(UTC):%H:%M:%S} {self.name} done", file=sys.stderr, flush=True)

    rules = [{"category": code, "region": None, "department": code.title()} for code in routed]
    learnt = [r for r in reversed(records) if r.department][:HISTORY_LIMIT][::-1]
    # As a database-mode run does (heard/triage/runs.py): the router is fitted and suggests for
    # every address in a second process while this one groups and clusters.
    routing = parallel.Background(
        fit_and_suggest, learnt, rules, [r.text for r in records], [r.region for r in records],
        [r.category for r in records], size=len(records))
    del learnt
    result = triage(records, history=history, threshold=0.6, encoder=None, recorder=recorder,
                    progress=Shown)
    del history
    with recorder.stage("routing (waiting for the second process)"):
        (_, routed), routing_cpu = routing.result()
    recorder.stages["routing (waiting for the second process)"]["cpu_seconds"] += round(
        routing_cpu, 3)
    suggested = int((routed.departments[:, 0] >= 0).sum()) if routed is not None else 0
    return {
        "addresses": len(records), "groups": int((np.bincount(result.groups.group) >= 2).sum()),
        "clusters": len(result.clustering.clusters), "suggested": suggested,
        "seconds": round(time.perf_counter() - started, 1), "stages": recorder.stages,
        "peak_memory_gib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2),
        "load_before": before, "load_after": _load(),
    }


def _round(value: float) -> float:
    return round(value, 1 if value >= 10 else 3)


# Pages -------------------------------------------------------------------------------------


def _reference_views():
    from django.db import connection
    from django.http import HttpResponse

    def select(request):
        with connection.cursor() as cursor:
            cursor.execute("SELECT number FROM addresses_address WHERE id = %s",
                           [random.randint(1, 1000)])  # noqa: S311
            cursor.fetchone()
        return HttpResponse("ok")

    def insert(request):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO office_scale_reference (at) VALUES (now())")
        return HttpResponse("ok")

    return select, insert


urlpatterns: list = []  # filled by pages(): heard's URLs plus the two references


def _timed(client, url: str) -> dict:
    for _ in range(WARMUP):
        response = client.get(url)
    if response.status_code != 200:
        return {"url": url, "status": response.status_code}
    samples, cpu = [], []
    for _ in range(REPEATS):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    samples.sort()
    # One more request with its SQL recorded: how much of the page is the database's.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"url": url, "status": 200, "p50_ms": round(statistics.median(samples), 1),
            "p95_ms": round(samples[int(len(samples) * 0.95) - 1], 1),
            "max_ms": round(samples[-1], 1),
            # This process's CPU a request (the page's Python; not PostgreSQL's): what the
            # load of the machine inflates least (decision 0565).
            "cpu_p50_ms": round(statistics.median(cpu), 1),
            "queries": len(queries.captured_queries),
            "sql_ms": round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 1),
            "slowest_sql_ms": round(max((float(q["time"]) for q in queries.captured_queries),
                                        default=0) * 1000, 1)}


def _page_list(campaign, addressee) -> list[tuple[str, str]]:
    from urllib.parse import urlencode

    from django.urls import NoReverseMatch, reverse

    from heard.addresses.models import Address, Category
    from heard.offices.models import Region
    from heard.triage.models import DuplicateGroup

    queue = reverse("addresses:queue", kwargs={"slug": addressee.slug})
    category = Category.objects.get(addressee=addressee, code="mobilisation")
    region = Region.objects.get(name_ru="Республика Бурятия")
    in_queue = Address.objects.filter(addressee=addressee, status__in=Address.IN_PROGRESS)
    total = in_queue.count()
    late = in_queue.order_by("answer_due_at", "pk").values_list("answer_due_at", "pk")[
        int(total * 0.9)]
    late_cursor = f"{late[0].isoformat()}~{late[1]}"
    day = (START + timedelta(days=3)).date().isoformat()

    def q(**params) -> str:
        return f"{queue}?{urlencode(params)}"

    pages = [
        ("queue, first page", queue),
        ("queue, page at 90% (keyset)", q(after=late_cursor)),
        ("queue, department", q(department="pensions")),
        ("queue, overdue", q(queue="overdue")),
        ("queue, unassigned", q(queue="unassigned")),
        ("queue, category", q(category=category.pk)),
        ("queue, channel", q(channel="sms")),
        ("queue, region", q(region=region.pk)),
        ("queue, applicant named", q(applicant="named")),
        ("queue, applicant anonymous", q(applicant="anonymous")),
        ("queue, applicant organisation", q(applicant="organisation")),
        ("queue, campaign", q(campaign=campaign.pk)),
        ("queue, received on one day", q(received_from=day, received_to=day)),
        ("queue, search common word", q(q="пенсия")),
        ("queue, search rare words", q(q="инсульт невролог")),
        ("queue, search English", q(q="husband mobilised")),
        ("queue, search a number", q(q=in_queue.order_by("-pk").values_list(
            "number", flat=True).first())),
        ("queue, sort received", q(sort="received")),
        ("queue, sort newest", q(sort="-received")),
        ("queue, newest, late page", q(sort="-received", after=_cursor(
            in_queue, "received_at", total, descending=True))),
        ("queue, search + category + sort", q(q="пенсия", category=category.pk,
                                              sort="-received")),
    ]
    largest = DuplicateGroup.objects.filter(campaign=campaign).order_by("-size").first()
    ordinary = in_queue.order_by("pk").values_list("pk", flat=True)[total // 2]
    pages.append(("item page", reverse("addresses:staff_detail", kwargs={"pk": ordinary})))
    with_email = in_queue.exclude(email="").order_by("pk").values_list("pk", flat=True).first()
    if with_email is not None:
        pages.append(("item page, applicant with e-mail", reverse(
            "addresses:staff_detail", kwargs={"pk": with_email})))
    if largest is not None:
        pages.append(("item page, primary of the largest group", reverse(
            "addresses:staff_detail", kwargs={"pk": largest.primary_id})))
    for name, view, extra in [
        ("triage overview", "triage:overview", ""),
        ("group page (mass campaigns)", "triage:mass", ""),
        ("group page, 2nd page", "triage:mass", "?page=2"),
        ("topics", "triage:clusters", ""),
        ("suggestions", "triage:suggestions", ""),
        ("digest", "triage:digest", ""),
        ("digest CSV", "triage:digest", "?format=csv"),
    ]:
        try:
            pages.append((name, reverse(view, kwargs={"slug": campaign.slug}) + extra))
        except NoReverseMatch:
            continue
    return pages


def _cursor(queryset, column: str, total: int, *, descending: bool) -> str:
    order = (f"-{column}", "-pk") if descending else (column, "pk")
    value, pk = queryset.order_by(*order).values_list(column, "pk")[int(total * 0.9)]
    return f"{value.isoformat()}~{pk}"


def pages(only: str = "") -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import path

    from heard.addresses.models import Campaign
    from heard.config import urls as heard_urls

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS office_scale_reference "
                       "(id bigserial PRIMARY KEY, at timestamptz)")
    select, insert = _reference_views()
    urlpatterns[:] = [path("__reference/select", select), path("__reference/insert", insert),
                      *heard_urls.urlpatterns]
    campaign = Campaign.objects.select_related("addressee").get(slug=SLUG)
    client = Client()
    client.force_login(get_user_model().objects.get(username="office-scale-responder"))
    results = {"load_before": _load(), "pages": [], "references": {}}
    with override_settings(ROOT_URLCONF=__name__):
        for name in ("select", "insert"):
            results["references"][f"{name} (before)"] = _timed(client, f"/__reference/{name}")
        for name, url in _page_list(campaign, campaign.addressee):
            if only and not any(part in name for part in only.split("|")):
                continue
            started = time.perf_counter()
            row = {"page": name, **_timed(client, url)}
            print(f"  {name:<44} {row.get('p50_ms', '-'):>8} {row.get('p95_ms', '-'):>8}"
                  f" cpu {row.get('cpu_p50_ms', '-'):>6}"
                  f" sql {row.get('sql_ms', '-'):>7} ({row.get('queries', '-')} queries,"
                  f" slowest {row.get('slowest_sql_ms', '-')})"
                  f"  ({time.perf_counter() - started:.0f} s)", flush=True)
            results["pages"].append(row)
        for name in ("select", "insert"):
            results["references"][f"{name} (after)"] = _timed(client, f"/__reference/{name}")
    results["digest_worked_out"] = _digest_worked_out(campaign)
    results["load_after"] = _load()
    return results


def _digest_worked_out(campaign) -> dict | None:
    """What the digest costs once per completed run (the pages above read the stored one)."""
    from heard.triage.digest import digest_figures
    from heard.triage.models import TriageRun

    if not TriageRun.objects.filter(campaign=campaign, status=TriageRun.Status.COMPLETED).exists():
        return None
    started = time.perf_counter()
    figures = digest_figures(campaign_id=campaign.pk)
    seconds = time.perf_counter() - started
    print(f"  digest worked out once: {seconds:.1f} s, {len(figures['topics'])} topics", flush=True)
    return {"seconds": round(seconds, 2), "topics": len(figures["topics"])}


# Driver ------------------------------------------------------------------------------------


def _phase(args) -> dict:
    if args.phase == "generate":
        return generate(args.size, args.file)
    _django()
    if args.phase == "compute":
        return compute(args.file)
    if args.phase == "load":
        return load(args.file)
    if args.phase == "triage":
        return triage()
    return pages(args.only)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--fresh", action="store_true",
                        help="drop and create the database of DATABASE_URL first")
    parser.add_argument("--phase", choices=["generate", "load", "triage", "compute", "pages"])
    parser.add_argument("--file", type=Path,
                        help="the generated file (default: var/office_scale/ of this size)")
    parser.add_argument("--only", default="",
                        help="pages whose name contains this (or one of several, split by |)")
    parser.add_argument("--phases", default="load,triage,pages",
                        help="phases to run in order (generate is added when the file is missing)")
    args = parser.parse_args()
    if args.phase != "compute" and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database of its own (it may be dropped).")
    OUT.mkdir(parents=True, exist_ok=True)
    args.file = args.file or OUT / f"addresses-{args.size}.jsonl.gz"
    if args.phase:
        result = _phase(args)
        (OUT / f"{args.phase}-{args.size}.json").write_text(json.dumps(result, indent=1))
        print(json.dumps(result, indent=1, ensure_ascii=False), flush=True)
        return
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load {_load()}")
    if args.fresh:
        fresh_database()
    phases = args.phases.split(",")
    if not args.file.exists() and "generate" not in phases:
        phases.insert(0, "generate")
    for phase in phases:
        print(f"\n== {phase} ({datetime.now(UTC):%H:%M:%S}, load {_load()})", flush=True)
        subprocess.run([sys.executable, __file__, "--size", str(args.size), "--phase", phase],
                       check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
