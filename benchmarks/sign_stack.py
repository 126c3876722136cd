"""The production stack on loopback for the signing benchmarks: a fresh PostgreSQL database,
a web server (granian as `heard serve` runs it, or gunicorn to compare) and `heard worker`
under heard.config.settings.production, and an open appeal.

Used by sign_load.py and sign_crash.py; the benchmark process itself loads Django with the same
settings to prepare the appeal and to check the database afterwards.
"""

import base64
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
SIGNER_KEY = os.environ.get("HEARD_SIGNER_KEY") or base64.urlsafe_b64encode(os.urandom(32)).decode()


def stack_env(*, database: str, port: int, mail_port: int | None = None) -> dict[str, str]:
    """With `mail_port`, links go by SMTP to benchmarks/smtp_sink.py there; else nowhere."""
    mail = {
        "HEARD_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "HEARD_EMAIL_HOST": "127.0.0.1",
        "HEARD_EMAIL_PORT": str(mail_port),
    }
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heard.config.settings.production",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}",
        "HEARD_SECRET_KEY": "benchmark-secret-key-" + "k" * 40,
        "HEARD_SIGNER_KEY": SIGNER_KEY,
        "HEARD_IP_SALT": "benchmark-ip-salt",
        "HEARD_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "HEARD_SITE_URL": f"http://127.0.0.1:{port}",
        "HEARD_SSL_REDIRECT": "false",
        "HEARD_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        # The load generator plays a proxy that tells each signer's address.
        "HEARD_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "HEARD_STATIC_ROOT": "/tmp/heard-bench-static",  # noqa: S108
        "HEARD_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    } | (mail if mail_port else {})


def database_create(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "-m", "heard.cli", *args], env=env, cwd=ROOT, check=True)  # noqa: S603


def django_setup(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def appeal_open(*, response_threshold: int = 10_000) -> tuple[int, list[str], list[int]]:
    """An open appeal to sign, through the real transitions; returns its id and the regions."""
    from django.contrib.auth import get_user_model

    from heard.appeals import services
    from heard.offices.models import Addressee, Region, StaffRole
    from heard.signatures import services as signature_services
    from heard.signatures.initiators import appeal_start

    stamp = str(time.time_ns())
    addressee = Addressee.objects.create(
        name="Ministry of Benchmarks",
        slug=f"bench-{stamp}",
        sponsors_required=0,
        response_threshold=response_threshold,
        consideration_threshold=response_threshold * 10,
    )
    regions = list(Region.objects.filter(active=True).order_by("pk"))
    appeal = appeal_start(
        addressee=addressee,
        title="Bring the reservists home",
        demands=["Demobilise the reservists", "Limit service to one year"],
        text="We, the families of the mobilised, ask for a fixed term of service.",
        group_name="Families' group",
        initiator_name="Initiator",
        initiator_email=f"initiator-{stamp}@example.org",
        region=regions[0],
    )
    signature_services.signature_confirm(signature=appeal.signatures.get())
    moderator = get_user_model().objects.create_user(username=f"moderator-{stamp}")
    StaffRole.objects.create(user=moderator, role=StaffRole.Role.MODERATOR)
    services.appeal_publish(appeal=appeal, moderator=moderator)
    return appeal.pk, [region.code for region in regions], [region.pk for region in regions]


def port_wait(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


def gunicorn_start(
    env: dict,
    *,
    port: int,
    workers: int,
    worker_class: str,
    threads: int,
    application: str = "heard.config.wsgi:application",
) -> subprocess.Popen:
    args = [
        PYTHON,
        "-m",
        "gunicorn",
        application,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--backlog",
        "4096",
        "--keep-alive",
        "30",
        "--log-level",
        "warning",
        # As the README runs it in production: the application is loaded once, before the
        # workers fork, and each worker listens on its own socket so the kernel spreads
        # connections evenly (one shared socket let one worker take most kept-alive connections).
        "--preload",
        "--reuse-port",
    ]
    if worker_class == "gthread":
        args += ["--threads", str(threads)]
    process = subprocess.Popen(args, env=env, cwd=ROOT)  # noqa: S603
    port_wait(port)
    return process


def granian_start(
    env: dict,
    *,
    port: int,
    workers: int,
    threads: int,
    application: str = "heard.config.wsgi:application",
    root: Path = ROOT,
) -> subprocess.Popen:
    """granian as `heard serve` runs it (heard/core/webserver.py): WSGI, `workers` processes of
    `threads` blocking threads each, the application imported before the fork, one listening
    socket per worker. `root`: the checkout whose code it serves (another one's, to compare two
    versions of the code side by side on one database)."""
    args = [PYTHON, "-m", "heard.core.webserver", "--bind", f"127.0.0.1:{port}"]
    args += ["--workers", str(workers), "--threads", str(threads), "--application", application]
    process = subprocess.Popen(args, env=env | {"PYTHONPATH": str(root)}, cwd=root)  # noqa: S603
    port_wait(port)
    return process


SERVERS = ("granian", "gunicorn")


def server_start(server: str, env: dict, *, port: int, workers: int, threads: int, **kwargs):
    """One of SERVERS, configured as sign_load.py compares them (gunicorn: gthread)."""
    if server == "gunicorn":
        return gunicorn_start(
            env, port=port, workers=workers, worker_class="gthread", threads=threads, **kwargs
        )
    return granian_start(env, port=port, workers=workers, threads=threads, **kwargs)


def smtp_sink_start(port: int) -> subprocess.Popen:
    sink = subprocess.Popen(  # noqa: S603
        [PYTHON, str(ROOT / "benchmarks" / "smtp_sink.py"), "--port", str(port)], cwd=ROOT
    )
    port_wait(port)
    return sink


def worker_start(env: dict) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [PYTHON, "-m", "heard.cli", "worker", "--interval", "0.5"], env=env, cwd=ROOT
    )


def stop(*processes: subprocess.Popen) -> None:
    for process in processes:
        if process and process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        if process:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def cpu_seconds(pids: list[int]) -> float:
    """User+system CPU of these processes and their children so far (from /proc)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15]) / tick
    return total


def children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(child) for child in found]


def postgres_pids() -> list[int]:
    """Every PostgreSQL server process on this machine (the backends serving the stack)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def machine_busy_seconds() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def reference_ms(rounds: int = 5) -> float:
    """This core's speed today: the median time of a fixed piece of pure-Python work (string
    formatting, a dict, a regular expression; about what a request does between its queries).

    The shared machines here differ by up to four times from one session to the next for the same
    code, so each run prints this beside its figures, to tell a slow machine from slow code. It is
    a coarse guide (it moved between 28 and 46 ms within one session): compare code only within
    one run."""
    import re
    import statistics

    pattern = re.compile(r"([\w-]+)@(\w+)\.example")

    def work() -> int:
        table: dict[str, int] = {}
        for number in range(20_000):
            key = f"signer-{number}@host{number % 97}.example"
            match = pattern.fullmatch(key)
            table[match.group(2)] = table.get(match.group(2), 0) + len(key)
        return len(table)

    timings = []
    for _ in range(rounds):
        started = time.process_time()
        work()
        timings.append((time.process_time() - started) * 1000)
    return round(statistics.median(timings), 1)
