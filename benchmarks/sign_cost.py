"""CPU per request of the signing journey, in-process: where a signer's milliseconds go.

Drives `heard.config.wsgi.application` — the production settings and the whole middleware
stack, request signals and the per-request database health check included — with WSGI
environs as gunicorn would pass them, against a fresh PostgreSQL database, and times each kind
of request with `time.process_time` (this process's CPU: the database's own work is not in it).
Each visitor is new (no cookies) and signs with their own e-mail and IP, as in a spike; the
links are then opened, pressed and shown, and the outbox mails them to benchmarks/smtp_sink.py.
Prints the median and mean per kind of request, and per journey (three requests each).

Figures move with the machine; compare within one run, or as ratios between runs.

    .venv/bin/python benchmarks/sign_cost.py --visitors 400
    .venv/bin/python benchmarks/sign_cost.py --profile "API signature"  # cProfile, CPU clock
"""

import argparse
import cProfile
import io
import json
import pstats
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sign_stack  # noqa: E402

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
BARE_BATCH = 25  # bare inserts run in batches between the visitors
WARM_UP = 50  # visitors whose requests are not counted (first renders, caches, connections)


class Answer:
    def __init__(self, status: str, headers: list, body: bytes):
        self.status = int(status.split()[0])
        self.headers = headers
        self.body = body

    def cookie(self) -> str:
        for name, value in self.headers:
            if name.lower() == "set-cookie" and value.strip().startswith("csrftoken="):
                return value.strip().split(";", 1)[0]
        return ""

    def token(self) -> str:
        return TOKEN.search(self.body).group(1).decode()


class Driver:
    """Calls the WSGI application as gunicorn would and times each call's CPU."""

    def __init__(self, profiled: str = ""):
        from benchmarks.bare_insert import application  # the site's, plus /bench/insert/

        self.application = application
        self.times: dict[str, list[float]] = {}
        # With `profiled`, that kind of request runs under cProfile (CPU time) after the warm-up.
        self.profiled, self.profile = profiled, cProfile.Profile(time.process_time)

    def request(self, kind: str, method: str, path: str, *, ip: str, body: bytes = b"", **headers):
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_X_FORWARDED_FOR": ip,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
            **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
        }
        if "HTTP_CONTENT_TYPE" in environ:
            environ["CONTENT_TYPE"] = environ.pop("HTTP_CONTENT_TYPE")
        started: list = []

        def start_response(status, headers):
            started.extend([status, headers])

        profiling = kind == self.profiled and len(self.times.get(kind, ())) >= WARM_UP
        if profiling:
            self.profile.enable()
        begin = time.process_time()
        result = self.application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if profiling:
            self.profile.disable()
        self.times.setdefault(kind, []).append(time.process_time() - begin)
        return Answer(started[0], started[1], body)


def visitor_signs(driver: Driver, appeal: int, region: int, number: int) -> None:
    """A browser: the appeal page, the form's POST, the "check your e-mail" page it leads to."""
    ip = f"10.{number // 62500 % 250}.{number // 250 % 250}.{number % 250}"
    page = driver.request("appeal page", "GET", f"/appeals/{appeal}/", ip=ip)
    cookie = page.cookie()
    form = urlencode(
        {
            "csrfmiddlewaretoken": page.token(),
            "name": "Cost",
            "email": f"cost-{time.time_ns()}-{number}@example.org",
            "region": region,
            "consent_processing": "on",
        }
    ).encode()
    posted = driver.request(
        "sign form POST",
        "POST",
        f"/appeals/{appeal}/sign/",
        ip=ip,
        body=form,
        content_type="application/x-www-form-urlencoded",
        cookie=cookie,
    )
    assert posted.status == 302, posted.status
    location = dict(posted.headers)["Location"]
    driver.request("check-email page", "GET", location, ip=ip, cookie=cookie)


def client_signs(driver: Driver, appeal: int, code: str, number: int) -> None:
    body = json.dumps(
        {
            "name": "Cost",
            "email": f"api-{time.time_ns()}-{number}@example.org",
            "region": code,
            "consent_processing": True,
        }
    ).encode()
    answer = driver.request(
        "API signature",
        "POST",
        f"/api/v1/appeals/{appeal}/signatures",
        ip=f"11.{number // 62500 % 250}.{number // 250 % 250}.{number % 250}",
        body=body,
        content_type="application/json",
    )
    assert answer.status == 202, answer.status


def signer_confirms(driver: Driver, pk: int, token: str, number: int) -> None:
    """The e-mailed link: its page, the button's POST, the page the POST leads back to."""
    ip = f"12.{number // 62500 % 250}.{number // 250 % 250}.{number % 250}"
    path = f"/signatures/{pk}/{token}/"
    page = driver.request("link page", "GET", path, ip=ip)
    cookie = page.cookie()
    pressed = driver.request(
        "link POST",
        "POST",
        path,
        ip=ip,
        body=urlencode({"csrfmiddlewaretoken": page.token()}).encode(),
        content_type="application/x-www-form-urlencoded",
        cookie=cookie,
    )
    assert pressed.status == 302, pressed.status
    driver.request("confirmed page", "GET", path, ip=ip, cookie=cookie)


def bare_inserts(driver: Driver, number: int) -> None:
    """The box's limit beside the signing (sign_load.py's "bare" step): one raw INSERT."""
    ip = f"13.{number // 62500 % 250}.{number // 250 % 250}.{number % 250}"
    body = json.dumps({"email": f"bare-{number}@example.org"}).encode()
    answer = driver.request("bare INSERT", "POST", "/bench/insert/", ip=ip, body=body)
    assert answer.status == 202, answer.status


def summary(times: list[float]) -> dict:
    counted = times[WARM_UP:] or times
    return {
        "median_ms": round(statistics.median(counted) * 1000, 3),
        "mean_ms": round(statistics.mean(counted) * 1000, 3),
        "requests": len(counted),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visitors", type=int, default=400)
    parser.add_argument("--database", default="heard_cost")
    parser.add_argument("--mail-port", type=int, default=8795)
    parser.add_argument(
        "--profile", default="", help="a kind of request to profile (e.g. 'API signature')"
    )
    options = parser.parse_args()

    env = sign_stack.stack_env(database=options.database, port=8000, mail_port=options.mail_port)
    sign_stack.database_create(options.database)
    sign_stack.manage(env, "migrate", "-v", "0")
    sign_stack.manage(env, "collectstatic", "--noinput", "-v", "0")
    sign_stack.django_setup(env)
    from heard.signatures import outbox
    from heard.signatures.models import Signature

    appeal, codes, ids = sign_stack.appeal_open()
    from django.db import connection

    from benchmarks import bare_insert

    with connection.cursor() as cursor:
        cursor.execute(bare_insert.CREATE)
    sink = sign_stack.smtp_sink_start(options.mail_port)
    try:
        outbox.signature_links_send(budget_seconds=60)  # the initiator's
        driver = Driver(options.profile)
        for number in range(options.visitors):
            visitor_signs(driver, appeal, ids[number % len(ids)], number)
            client_signs(driver, appeal, codes[number % len(codes)], number)
            if number % BARE_BATCH == BARE_BATCH - 1:
                # In a run of its own, as sign_load.py's step: its connection is checked once,
                # at the run's first request, not after every signing request's end.
                for each in range(number - BARE_BATCH + 1, number + 1):
                    bare_inserts(driver, each)

        begin, due = time.process_time(), Signature.objects.filter(appeal_id=appeal).count() - 1
        mailed = outbox.signature_links_send(budget_seconds=600)
        mail_ms = (time.process_time() - begin) / max(mailed, 1) * 1000

        links = Signature.objects.filter(appeal_id=appeal, status="pending", role="signer")
        for number, (pk, token) in enumerate(links.values_list("pk", "token")[: options.visitors]):
            signer_confirms(driver, pk, token, number)

        kinds = {kind: summary(times) for kind, times in driver.times.items()}
        for kind, figures in kinds.items():
            print(json.dumps({"request": kind, **figures}), flush=True)
        print(json.dumps({"request": "outbox, per link", "mean_ms": round(mail_ms, 3),
                          "links": mailed, "due": due}), flush=True)
        journeys = {
            "browser signer": ("appeal page", "sign form POST", "check-email page"),
            "API signature": ("API signature",),
            "confirming signer": ("link page", "link POST", "confirmed page"),
        }
        for journey, parts in journeys.items():
            median = sum(kinds[part]["median_ms"] for part in parts)
            bare = kinds["bare INSERT"]["median_ms"]
            print(json.dumps({"journey": journey, "median_ms": round(median, 3),
                              "bare_over_journey": round(bare / median, 3)}), flush=True)
        if options.profile:
            stats = pstats.Stats(driver.profile, stream=sys.stderr)
            stats.sort_stats("tottime").print_stats(40)
            stats.sort_stats("cumulative").print_stats(60)
    finally:
        sign_stack.stop(sink)


if __name__ == "__main__":
    main()
