"""Open311 under load: GET /open311/v2/requests.json as it was (1,000 records a call, from the
code at --before, taken out of git) and paged (100), and an appeal page's latency while 16
Open311 clients poll, each stack in turn on the same PostgreSQL database, in the same run.

Figures are ratios to a reference taken in the same run on the same stack: the appeal page's
median latency with nothing else running. The per-IP limit on Open311 reads is off for "before"
and "after" (it did not exist before; this measures paging); a third stack, "limited", has the
default limit on, all 16 clients coming from one address. The production settings and stack of
sign_stack.py (gunicorn 2 x gthread/8, --preload --reuse-port), wrk (Debian's) as the clients.

    .venv/bin/python benchmarks/open311_load.py --seconds 10
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sign_stack  # noqa: E402

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_args(url: str, *, seconds: float, connections: int, headers: list[str]) -> list[str]:
    threads = min(2, connections)
    # wrk's own 2 s timeout would drop the slowest answers (the unpaged list takes longer).
    args = ["wrk", "--latency", "--timeout", "30s", "-t", str(threads), "-c", str(connections)]
    args += ["-d", f"{max(round(seconds), 1)}s"]
    for header in headers:
        args += ["-H", header]
    return [*args, url]


def wrk_parse(out: str) -> dict:
    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out).groups()
        return round(float(value) * UNITS[unit], 2)

    statuses = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    timeouts = re.search(r"timeout (\d+)", out)
    return {
        "per_second": round(float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))),
        "p50_ms": ms("50%"),
        "p99_ms": ms("99%"),
        "errors": int(statuses.group(1)) if statuses else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


def wrk(url: str, *, seconds: float, connections: int, headers: list[str] = ()) -> dict:
    args = wrk_args(url, seconds=seconds, connections=connections, headers=list(headers))
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout  # noqa: S603
    return wrk_parse(out)


def wrk_together(load: list[str], probe: list[str]) -> tuple[dict, dict]:
    """The load and the probe side by side for the same time; both parsed."""
    loading = subprocess.Popen(load, stdout=subprocess.PIPE, text=True)  # noqa: S603
    probed = subprocess.run(probe, capture_output=True, text=True, check=True).stdout  # noqa: S603
    loaded = loading.communicate()[0]
    return wrk_parse(loaded), wrk_parse(probed)


def head(url: str, headers: dict | None = None) -> tuple[int, dict, int]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), len(response.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), len(error.read())


def addresses_seed(count: int) -> None:
    """Anonymous addresses through the real service, received now (inside the 90-day window)."""
    from heard.addresses import services
    from heard.addresses.models import Address
    from heard.offices.models import Addressee

    addressee = Addressee.objects.create(name="Ministry of Open Data", slug="open-data")
    for number in range(count):
        services.address_receive(
            addressee=addressee,
            text=f"When will the reservists of unit {number} come home?",
            channel=Address.Channel.API,
        )


def code_checkout(revision: str) -> Path:
    """The package as it was at `revision`, from git, in a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="heard-before-"))
    archive = subprocess.run(  # noqa: S603
        ["git", "archive", revision, "heard"],  # noqa: S607
        cwd=sign_stack.ROOT,
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)  # noqa: S603, S607
    return folder


def stack_start(env: dict, *, root: Path, port: int) -> subprocess.Popen:
    args = [sign_stack.PYTHON, "-m", "gunicorn", "heard.config.wsgi:application"]
    args += ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "gthread"]
    args += ["--threads", "8", "--backlog", "4096", "--keep-alive", "30"]
    args += ["--log-level", "warning", "--preload", "--reuse-port"]
    process = subprocess.Popen(args, env=env | {"PYTHONPATH": str(root)}, cwd=root)  # noqa: S603
    sign_stack.port_wait(port)
    return process


def limited_measure(base: str, appeal: int, *, seconds: float, clients: int) -> dict:
    page = f"{base}/appeals/{appeal}/"
    listing = f"{base}/open311/v2/requests.json"
    wrk(page, seconds=2, connections=4)  # warm-up
    result = {"page_alone": wrk(page, seconds=seconds, connections=1)}
    one_client = ["X-Forwarded-For: 203.0.113.7"]  # documentation range: one client address
    load = wrk_args(listing, seconds=seconds, connections=clients, headers=one_client)
    probe = wrk_args(page, seconds=seconds, connections=1, headers=[])
    result["open311_loaded"], result["page_loaded"] = wrk_together(load, probe)
    return result


def stack_measure(base: str, appeal: int, *, seconds: float, clients: int, paged: bool) -> dict:
    page = f"{base}/appeals/{appeal}/"
    listing = f"{base}/open311/v2/requests.json"
    status, headers, size = head(listing)
    rows = len(json.loads(urllib.request.urlopen(listing, timeout=30).read()))  # noqa: S310
    wrk(page, seconds=2, connections=4)  # warm-up
    wrk(listing, seconds=2, connections=4)
    result = {
        "requests_json": {"status": status, "records": rows, "bytes": size},
        "page_alone": wrk(page, seconds=seconds, connections=1),
        "open311_alone": wrk(listing, seconds=seconds, connections=clients),
    }
    load = wrk_args(listing, seconds=seconds, connections=clients, headers=[])
    probe = wrk_args(page, seconds=seconds, connections=1, headers=[])
    result["open311_loaded"], result["page_loaded"] = wrk_together(load, probe)
    if paged:
        etag = headers.get("ETag", "")
        again, _headers, again_size = head(listing, {"If-None-Match": etag})
        result["revalidated"] = {"status": again, "bytes": again_size, "etag": etag}
        load = wrk_args(
            listing, seconds=seconds, connections=clients, headers=[f"If-None-Match: {etag}"]
        )
        result["open311_304"], result["page_loaded_304"] = wrk_together(load, probe)
        result["cache_control"] = headers.get("Cache-Control", "")
    return result


def ratios(before: dict, after: dict, limited: dict) -> dict:
    def slower(run: dict, key: str) -> float:
        return round(run[key]["p50_ms"] / run["page_alone"]["p50_ms"], 1)

    found = {
        "before_page_p50_under_load_x_alone": slower(before, "page_loaded"),
        "after_page_p50_under_load_x_alone": slower(after, "page_loaded"),
        "after_page_p50_under_304_load_x_alone": slower(after, "page_loaded_304"),
        "limited_page_p50_under_load_x_alone": slower(limited, "page_loaded"),
        "open311_records_per_second_after_x_before": round(
            after["open311_alone"]["per_second"]
            * after["requests_json"]["records"]
            / (before["open311_alone"]["per_second"] * before["requests_json"]["records"]),
            2,
        ),
        "open311_calls_per_second_after_x_before": round(
            after["open311_alone"]["per_second"] / before["open311_alone"]["per_second"], 1
        ),
        "bytes_per_call_after_x_before": round(
            after["requests_json"]["bytes"] / before["requests_json"]["bytes"], 3
        ),
    }
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8776)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--addresses", type=int, default=1200)
    parser.add_argument("--before", default="8082a66", help="git revision of the unpaged code")
    parser.add_argument("--database", default="heard_bench_open311")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("needs wrk: apt-get install wrk")

    env = sign_stack.stack_env(database=options.database, port=options.port)
    sign_stack.database_create(options.database)
    sign_stack.manage(env, "migrate", "-v", "0")
    sign_stack.manage(env, "collectstatic", "--noinput", "-v", "0")
    sign_stack.django_setup(env)
    appeal, _codes, _pks = sign_stack.appeal_open()
    addresses_seed(options.addresses)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would have by now on a live site
    before_root = code_checkout(options.before)
    print(json.dumps({"reference_ms": sign_stack.reference_ms()}), flush=True)

    base = f"http://127.0.0.1:{options.port}"
    results = {}
    try:
        unlimited = env | {"HEARD_LIMITS_OPEN311_READ_IP": ""}
        stacks = (
            ("before", before_root, unlimited),
            ("after", sign_stack.ROOT, unlimited),
            ("limited", sign_stack.ROOT, env),
        )
        for label, root, stack_env in stacks:
            web = stack_start(stack_env, root=root, port=options.port)
            try:
                if label == "limited":
                    results[label] = limited_measure(
                        base, appeal, seconds=options.seconds, clients=options.clients
                    )
                else:
                    results[label] = stack_measure(
                        base,
                        appeal,
                        seconds=options.seconds,
                        clients=options.clients,
                        paged=label == "after",
                    )
            finally:
                sign_stack.stop(web)
            print(json.dumps({label: results[label]}), flush=True)
    finally:
        shutil.rmtree(before_root, ignore_errors=True)
    found = ratios(results["before"], results["after"], results["limited"])
    print(json.dumps({"ratios": found}), flush=True)
    print(json.dumps({"reference_ms_after": sign_stack.reference_ms()}), flush=True)


if __name__ == "__main__":
    main()
