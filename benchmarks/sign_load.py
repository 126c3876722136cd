"""Signing under load: the production stack on loopback, real HTTP signing, then the checks.

Starts a fresh PostgreSQL database, one or more web servers (`--servers granian,gunicorn`, each on
its own port, steps alternating between them) and `heard worker`; drives distinct signers through
the HTML form (GET the page for the CSRF cookie and token, POST, then follow the redirect to the
"check your e-mail" page, as a browser does; each signer on a connection of their own) and the
JSON API at rising concurrency for a fixed time each, and (mode "confirm") signers opening their
e-mailed link, pressing its button and seeing the page it leads to; and (mode "bare") the box's
own limit: the same clients POSTing to a bare Django view that does one raw INSERT, served by the
same server processes (benchmarks/bare_insert.py). Prints accepted signatures (or confirmations,
or inserts) per second, latency percentiles and errors; then checks that every acknowledged
signature is stored exactly once, confirms the rest and times how long the public count takes to
become exact.

    .venv/bin/python benchmarks/sign_load.py --servers granian,gunicorn --workers 2 --threads 8 \\
        --steps bare:64,api:64,form:64 --rounds 3 --seconds 10 --sustain ""
"""

import argparse
import asyncio
import json
import os
import re
import resource
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sign_stack  # noqa: E402

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
COOKIE = re.compile(rb"csrftoken=([^;]+)")
LOCATION = re.compile(rb"\r\nLocation: ([^\r]+)", re.IGNORECASE)


class Connection:
    """One keep-alive HTTP/1.1 connection; reopens itself when the server closes it."""

    def __init__(self, port: int):
        self.port = port
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> tuple[int, bytes, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        lower = head.lower()
        match = re.search(rb"content-length: *(\d+)", lower)
        body = await self.reader.readexactly(int(match.group(1))) if match else b""
        if b"connection: close" in lower:
            self.close()
        return status, head, body

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Tally:
    def __init__(self):
        self.accepted: list[str] = []  # e-mails of acknowledged signatures
        self.confirmed: list[int] = []  # signature ids confirmed through their links
        self.latencies: list[float] = []
        self.page_latencies: list[float] = []
        self.errors: dict[str, int] = {}

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def signer(prefix: str, user: int, number: int) -> tuple[str, str]:
    email = f"{prefix}-{user}-{number}@load.example"
    # Distinct people come from distinct addresses: 64,000 per simulated user, so the silent
    # rate limits (which would mark a repeat address's excess fraudulent) never fire.
    ip = f"10.{user & 255}.{(number // 250) & 255}.{number % 250 + 1}"
    return email, ip


async def browser_form(conn, host, page, action, fields, ip, tally, kind) -> tuple[int, bytes, str]:
    """As a browser does: GET the page (timed as a page), take the CSRF cookie and the form's
    token from it, POST the form to `action` with them (timed as the request). Returns the POST's
    status and head and the cookie, or (0, b"", "") when the page did not give a token."""
    started = time.perf_counter()
    status, head, body = await conn.request(
        f"GET {page} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {ip}\r\n"
        "Accept: text/html\r\n\r\n".encode()
    )
    tally.page_latencies.append(time.perf_counter() - started)
    token, cookie = TOKEN.search(body), COOKIE.search(head)
    if status != 200 or not token or not cookie:
        tally.error(f"{kind} page {status}")
        return 0, b"", ""
    form = f"csrfmiddlewaretoken={token.group(1).decode()}{fields}".encode()
    cookie = cookie.group(1).decode()
    started = time.perf_counter()
    status, head, _body = await conn.request(
        f"POST {action} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {ip}\r\n"
        f"Cookie: csrftoken={cookie}\r\nOrigin: http://{host}\r\n"
        f"Referer: http://{host}{page}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(form)}\r\n\r\n".encode()
        + form
    )
    tally.latencies.append(time.perf_counter() - started)
    return status, head, cookie


async def follow(conn, host, path, ip, cookie, tally, kind) -> None:
    """GET the page a redirect points to, with the CSRF cookie, timed as a page."""
    started = time.perf_counter()
    status, _head, _body = await conn.request(
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-For: {ip}\r\n"
        f"Cookie: csrftoken={cookie}\r\nAccept: text/html\r\n\r\n".encode()
    )
    tally.page_latencies.append(time.perf_counter() - started)
    if status != 200:
        tally.error(f"{kind} {status}")


async def sign_form(conn, host, appeal, region_id, email, ip, tally) -> bool:
    fields = f"&name=Load+Signer&email={quote_plus(email)}&region={region_id}&consent_processing=on"
    page, action = f"/appeals/{appeal}/", f"/appeals/{appeal}/sign/"
    status, head, cookie = await browser_form(conn, host, page, action, fields, ip, tally, "form")
    location = LOCATION.search(head)
    if status == 302 and location and location.group(1) == b"/signatures/check-email/":
        # The signature is acknowledged; the browser then follows the redirect.
        await follow(conn, host, location.group(1).decode(), ip, cookie, tally, "check-email page")
        return True
    if status:
        tally.error(f"form {status}")
    return False


async def sign_api(conn, host, appeal, region_code, email, ip, tally) -> bool:
    payload = json.dumps(
        {"name": "Load Signer", "email": email, "region": region_code, "consent_processing": True}
    ).encode()
    started = time.perf_counter()
    status, _head, _body = await conn.request(
        f"POST /api/v1/appeals/{appeal}/signatures HTTP/1.1\r\nHost: {host}\r\n"
        f"X-Forwarded-For: {ip}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n".encode()
        + payload
    )
    tally.latencies.append(time.perf_counter() - started)
    if status == 202:
        return True
    tally.error(f"api {status}")
    return False


async def sign_bare(conn, host, email, ip, tally) -> bool:
    """The reference: one POST to the bare INSERT view, as light as the API's request."""
    payload = json.dumps({"email": email}).encode()
    started = time.perf_counter()
    status, _head, _body = await conn.request(
        f"POST /bench/insert/ HTTP/1.1\r\nHost: {host}\r\n"
        f"X-Forwarded-For: {ip}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(payload)}\r\n\r\n".encode()
        + payload
    )
    tally.latencies.append(time.perf_counter() - started)
    if status == 202:
        return True
    tally.error(f"bare {status}")
    return False


async def confirm_link(conn, host, pk, token, ip, tally) -> bool:
    """A signer opens their e-mailed link (a page with a button and its CSRF token) and presses
    the button; the POST answers with a redirect to the same page, which the browser follows."""
    path = f"/signatures/{pk}/{token}/"
    status, _head, cookie = await browser_form(conn, host, path, path, "", ip, tally, "confirm")
    if status == 302:
        await follow(conn, host, path, ip, cookie, tally, "confirmed page")
        return True
    if status:
        tally.error(f"confirm {status}")
    return False


async def attempt(conn, request, tally) -> bool:
    """Await one signer's request; a dropped connection counts as an error and is reopened
    by the next request after a short pause."""
    try:
        return await request
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
        tally.error(type(error).__name__)
        conn.close()
        await asyncio.sleep(0.05)
        return False


async def confirm_loop(user, links, stop_at, port, tally) -> None:
    conn = Connection(port)
    host = f"127.0.0.1:{port}"
    while time.monotonic() < stop_at and links:
        pk, token = links.pop()
        ip = f"10.200.{user & 255}.1"
        if await attempt(conn, confirm_link(conn, host, pk, token, ip, tally), tally):
            tally.confirmed.append(pk)
        conn.close()  # each link is opened by its own signer's browser
    conn.close()


async def user_loop(user, mode, prefix, stop_at, port, appeal, regions, tally) -> None:
    conn = Connection(port)
    host = f"127.0.0.1:{port}"
    codes, ids = regions
    number = 0
    while time.monotonic() < stop_at:
        email, ip = signer(prefix, user, number)
        number += 1
        which = number % len(codes)
        if mode == "form":
            request = sign_form(conn, host, appeal, ids[which], email, ip, tally)
        elif mode == "bare":
            request = sign_bare(conn, host, email, ip, tally)
        else:
            request = sign_api(conn, host, appeal, codes[which], email, ip, tally)
        if await attempt(conn, request, tally):
            tally.accepted.append(email)
        if mode == "form":
            conn.close()  # the next signer is another person: another browser, another connection
    conn.close()


async def warm(port: int, appeal: int, users: int = 16, requests: int = 20) -> None:
    """Open the appeal page a few hundred times before measuring, as visitors would have before a
    spike: each web thread opens its database connection and each process fills its caches."""

    async def visitor() -> None:
        conn = Connection(port)
        for _ in range(requests):
            status, _head, _body = await conn.request(
                f"GET /appeals/{appeal}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
            )
            if status != 200:
                raise RuntimeError(f"the appeal page answers {status}")
        conn.close()

    await asyncio.gather(*(visitor() for _ in range(users)))


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(int(len(ordered) * fraction), len(ordered) - 1)] * 1000


async def step(mode, users, seconds, prefix, port, appeal, regions, links=None) -> Tally:
    """`links`: for mode "confirm", the (id, token) pairs to confirm (read before the loop
    starts: the ORM does not run inside it)."""
    tally = Tally()
    stop_at = time.monotonic() + seconds
    if mode == "confirm":
        await asyncio.gather(
            *(confirm_loop(user, links, stop_at, port, tally) for user in range(users))
        )
        return tally
    await asyncio.gather(
        *(
            user_loop(user, mode, prefix, stop_at, port, appeal, regions, tally)
            for user in range(users)
        )
    )
    return tally


def pending_links(appeal_id: int) -> list[tuple[int, str]]:
    """(id, token) of the signatures still to confirm: what their e-mailed links carry."""
    from heard.signatures.models import Signature

    pending = Signature.objects.filter(appeal_id=appeal_id, status=Signature.Status.PENDING)
    return list(pending.order_by("-pk").values_list("pk", "token"))


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def cpu_by_part(processes: dict[str, list[int]]) -> dict[str, float]:
    parts = {part: sign_stack.cpu_seconds(pids) for part, pids in processes.items()}
    parts["postgres"] = sign_stack.cpu_seconds(sign_stack.postgres_pids())
    parts["generator"] = own_cpu()
    parts["machine"] = sign_stack.machine_busy_seconds()[0]
    return parts


class Backlog(threading.Thread):
    """Samples, twice a second while a step runs, how long the oldest confirmation not yet in
    the public count has waited (the counting job's lag, to stay under 10 s) and how many
    confirmation links are due but not yet mailed; keeps the largest of each."""

    def __init__(self, appeal_id: int):
        super().__init__(daemon=True)
        self.appeal_id = appeal_id
        self.stopping = threading.Event()
        self.count_lag = 0.0
        self.links_due = 0

    def run(self) -> None:
        from django.db import connection

        from heard.signatures.counting import counting_lag_seconds

        due = links_due(self.appeal_id)
        try:
            while not self.stopping.wait(0.5):
                self.count_lag = max(self.count_lag, counting_lag_seconds())
                self.links_due = max(self.links_due, due.count())
        finally:
            connection.close()

    def result(self) -> dict:
        self.stopping.set()
        self.join()
        return {"count_lag_max_s": round(self.count_lag, 1), "links_due_max": self.links_due}


def run_step(label, mode, users, seconds, port, appeal, regions, processes, nice=None) -> dict:
    """`processes`: the parts to account CPU to; "web" is the server this step runs against."""
    """One step; CPU is reported per part as a share of the whole machine (all cores), and as
    the machine's CPU per accepted signature (or confirmation): two cores take at most
    2,000 / that many a second."""
    links = pending_links(appeal) if mode == "confirm" else None
    backlog = Backlog(appeal)
    before, wall = cpu_by_part(processes), time.time()
    backlog.start()
    tally = asyncio.run(step(mode, users, seconds, label, port, appeal, regions, links))
    wall = time.time() - wall
    backlog_seen = backlog.result()
    cores = os.cpu_count()
    after = cpu_by_part(processes)
    cpu = {part: f"{(after[part] - before[part]) / wall / cores:.0%}" for part in after}
    done = len(tally.confirmed if mode == "confirm" else tally.accepted)
    result = (
        {
            "step": label,
            "mode": mode,
            "concurrency": users,
            "seconds": round(wall, 1),
            "accepted": done,
            "per_second": round(done / wall),
            "p50_ms": round(percentile(tally.latencies, 0.50), 1),
            "p99_ms": round(percentile(tally.latencies, 0.99), 1),
            "page_p99_ms": round(percentile(tally.page_latencies, 0.99), 1)
            if tally.page_latencies
            else None,
            "errors": sum(tally.errors.values()),
            "error_kinds": tally.errors,
            "cpu": cpu,
            "machine_cpu_ms_each": round((after["machine"] - before["machine"]) * 1000 / done, 2)
            if done
            else None,
        }
        | backlog_seen
        | ({} if nice is None else {"worker_nice": nice})
    )
    result["load_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(result), flush=True)
    return result | {"emails": tally.accepted}


def stored_check(appeal_id: int, acknowledged: list[str]) -> dict:
    from django.db.models import Count

    from heard.signatures.emails import email_digest
    from heard.signatures.models import Signature

    rows = Signature.objects.filter(appeal_id=appeal_id)
    digests = set(rows.values_list("email_digest", flat=True))
    wanted = [email_digest(email) for email in acknowledged]
    twice = rows.values("email_digest").annotate(n=Count("id")).filter(n__gt=1).count()
    return {
        "acknowledged": len(acknowledged),
        "acknowledged_twice": len(wanted) - len(set(wanted)),
        "stored_rows": rows.count(),
        "lost": sum(1 for digest in wanted if digest not in digests),
        "stored_twice": twice,
        "by_status": dict(rows.values_list("status").annotate(n=Count("id")).order_by()),
    }


def links_due(appeal_id: int):
    """The confirmation links the outbox has still to mail, by its own rule."""
    from django.db.models import F

    from heard.signatures.models import Signature
    from heard.signatures.signing_rules import MAILABLE

    return Signature.objects.filter(MAILABLE, appeal_id=appeal_id, sent__lt=F("sends"))


def links_drained(appeal_id: int) -> dict:
    """How long after the load the outbox took to mail every confirmation link still due."""
    due = links_due(appeal_id)
    started, left = time.monotonic(), due.count()
    while due.exists() and time.monotonic() - started < 600:
        time.sleep(0.5)
    return {"due_after_load": left, "drained_seconds": round(time.monotonic() - started, 1)}


def confirm_chunk(appeal_id: int, chunk: int) -> int:
    """Confirm up to `chunk` pending signatures as signature_confirm does for a plain signer:
    status and confirmed_at together, nothing else."""
    from django.db import transaction
    from django.utils import timezone

    from heard.signatures.models import Signature

    pending = Signature.objects.filter(appeal_id=appeal_id, status=Signature.Status.PENDING)
    with transaction.atomic():
        ids = list(pending.select_for_update(skip_locked=True).values_list("pk", flat=True)[:chunk])
        return Signature.objects.filter(pk__in=ids).update(
            status=Signature.Status.CONFIRMED, confirmed_at=timezone.now()
        )


def confirm_all_and_time_the_count(appeal_id: int, chunk: int = 10_000) -> dict:
    """Confirm every pending signature as signature_confirm does for a plain signer (status and
    confirmed_at together, nothing else), in chunks of one UPDATE each, then wait for the count."""
    from django.db.models import Count

    from heard.appeals.models import Appeal, AppealRegionCount
    from heard.signatures.models import Signature

    started = time.monotonic()
    while confirm_chunk(appeal_id, chunk):
        pass
    confirmed_in = time.monotonic() - started
    truth = Signature.objects.filter(appeal_id=appeal_id, status=Signature.Status.CONFIRMED)
    expected = truth.count()
    expected_regions = dict(
        truth.values_list("region_id").annotate(n=Count("id")).values_list("region_id", "n")
    )
    waited_from = time.monotonic()
    while time.monotonic() - waited_from < 120:
        if Appeal.objects.get(pk=appeal_id).signature_count == expected:
            break
        time.sleep(0.1)
    caught_up = time.monotonic() - waited_from
    appeal = Appeal.objects.get(pk=appeal_id)
    regions = dict(
        AppealRegionCount.objects.filter(appeal_id=appeal_id).values_list("region_id", "count")
    )
    return {
        "confirmed": expected,
        "confirm_seconds": round(confirmed_in, 1),
        "count_caught_up_seconds": round(caught_up, 1),
        "public_count": appeal.signature_count,
        "count_exact": appeal.signature_count == expected and regions == expected_regions,
        "threshold_reached": appeal.response_threshold_reached_at is not None,
    }


def parse_steps(text: str) -> list[tuple[str, int, int | None]]:
    """ "mode:concurrency" or "mode:concurrency:nice", the last being the task worker's
    niceness for that step (every thread of `heard worker`, as `nice -n` would start it)."""
    steps = []
    for part in filter(None, text.split(",")):
        mode, users, *nice = part.split(":")
        steps.append((mode, int(users), int(nice[0]) if nice else None))
    return steps


def renice(pid: int, nice: int) -> None:
    for task in Path(f"/proc/{pid}/task").iterdir():
        os.setpriority(os.PRIO_PROCESS, int(task.name), nice)


def count_settled(timeout: float = 120) -> None:
    """Wait until the task worker has counted every confirmation made while setting up (the
    initiator's), so that the lag sampled in the first step is the step's own."""
    from heard.signatures.counting import counting_lag_seconds

    deadline = time.monotonic() + timeout
    while counting_lag_seconds() and time.monotonic() < deadline:
        time.sleep(0.2)


def bare_table_create() -> None:
    from django.db import connection

    from benchmarks.bare_insert import CREATE, TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        cursor.execute(CREATE)


def bare_stored(acknowledged: int) -> dict:
    from django.db import connection

    from benchmarks.bare_insert import TABLE

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {TABLE}")  # noqa: S608 - a constant name
        rows = cursor.fetchone()[0]
    return {"acknowledged": acknowledged, "stored_rows": rows}


def servers_start(options, env, bare: bool) -> dict[str, tuple[object, int]]:
    """Each server of `--servers` on its own port (the first on `--port`), all at once: the
    steps alternate between them on one database, one worker, one machine. A server written
    `granian=/path/to/checkout` serves that checkout's code (named `granian.checkout`), so two
    versions of the code are measured side by side in one run."""
    application = "benchmarks.bare_insert:application" if bare else "heard.config.wsgi:application"
    started = {}
    for number, spec in enumerate(options.servers.split(",")):
        server, _, checkout = spec.partition("=")
        port = options.port + 10 * number
        if server == "gunicorn" and not checkout:
            process = sign_stack.gunicorn_start(
                env,
                port=port,
                workers=options.workers,
                worker_class=options.worker_class,
                threads=options.threads,
                application=application,
            )
        elif server == "granian":
            process = sign_stack.granian_start(
                env,
                port=port,
                workers=options.workers,
                threads=options.threads,
                application=application,
                root=Path(checkout).resolve() if checkout else sign_stack.ROOT,
            )
        else:
            raise SystemExit(f"unknown server {spec!r}: one of {sign_stack.SERVERS}")
        # A dot, not an @: the step's name goes into the signers' e-mail addresses.
        name = f"{server}.{Path(checkout).name}" if checkout else server
        started[name] = (process, port)
    return started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database", default="heard_bench")
    parser.add_argument(
        "--servers",
        default="granian",
        help="comma-separated: granian, gunicorn; granian=CHECKOUT serves another checkout's code",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--worker-class", default="gthread", choices=["gthread", "sync"], help="gunicorn's"
    )
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--steps", default="form:16,form:64,api:16,api:64,api:128")
    parser.add_argument("--rounds", type=int, default=1, help="the steps again, this many times")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--sustain", default="api:64", help="mode:concurrency, or empty")
    parser.add_argument("--sustain-seconds", type=float, default=60)
    options = parser.parse_args()

    steps = parse_steps(options.steps)
    bare = any(mode == "bare" for mode, _users, _nice in steps)
    mail_port = options.port + 1
    env = sign_stack.stack_env(database=options.database, port=options.port, mail_port=mail_port)
    sign_stack.database_create(options.database)
    sign_stack.manage(env, "migrate", "-v", "0")
    sign_stack.manage(env, "collectstatic", "--noinput", "-v", "0")
    sign_stack.django_setup(env)
    if bare:
        bare_table_create()
    appeal, codes, ids = sign_stack.appeal_open()
    sink = sign_stack.smtp_sink_start(mail_port)
    servers = servers_start(options, env, bare)
    worker = sign_stack.worker_start(env)
    print(
        json.dumps(
            {
                "servers": {name: port for name, (_process, port) in servers.items()},
                "shape": f"{options.workers} processes x {options.threads} threads"
                + (" (gunicorn: sync)" if options.worker_class == "sync" else ""),
                "application": "with /bench/insert/" if bare else "the site",
                "cores": os.cpu_count(),
                "appeal": appeal,
                "reference_ms": sign_stack.reference_ms(),
                "load_1min": round(os.getloadavg()[0], 2),
            }
        ),
        flush=True,
    )
    acknowledged: list[str] = []
    bare_acknowledged = 0
    try:
        for _process, port in servers.values():
            asyncio.run(warm(port, appeal))
        count_settled()
        plan = [
            (f"r{round_}s{n}", *part, options.seconds)
            for round_ in range(options.rounds)
            for n, part in enumerate(steps)
        ]
        if options.sustain:
            plan.append(("sustained", *parse_steps(options.sustain)[0], options.sustain_seconds))
        worker_pids = [worker.pid, *sign_stack.children(worker.pid)]
        for label, mode, users, nice, seconds in plan:
            if nice is not None:
                for pid in worker_pids:
                    renice(pid, nice)
            for server, (process, port) in servers.items():
                processes = {
                    "web": [process.pid, *sign_stack.children(process.pid)],
                    "worker": worker_pids,
                    "mail_sink": [sink.pid],
                }
                result = run_step(
                    f"{label}-{server}",
                    mode,
                    users,
                    seconds,
                    port,
                    appeal,
                    (codes, ids),
                    processes,
                    nice,
                )
                if mode == "bare":
                    bare_acknowledged += len(result["emails"])
                else:
                    acknowledged += result["emails"]
                time.sleep(2)
        print(json.dumps({"stored": stored_check(appeal, acknowledged)}), flush=True)
        if bare:
            print(json.dumps({"bare_stored": bare_stored(bare_acknowledged)}), flush=True)
        print(json.dumps({"links": links_drained(appeal)}), flush=True)
        print(json.dumps({"count": confirm_all_and_time_the_count(appeal)}), flush=True)
        print(json.dumps({"reference_ms_after": sign_stack.reference_ms()}), flush=True)
    finally:
        sign_stack.stop(*(process for process, _port in servers.values()), worker, sink)


if __name__ == "__main__":
    main()
