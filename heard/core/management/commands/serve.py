import os
import signal
import subprocess
import sys
import threading
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve the site with granian together with the task worker: `make demo` and production "
        "(docs/decisions/0519)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        # Threads keep connections alive and overlap database waits; the signing benchmark
        # (docs/benchmarks.md) found 2 processes x 8 threads best on a 2-core machine.
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--access-log",
            action="store_true",
            help="log every request (off by default: the proxy in front logs them, cheaper)",
        )

    def handle(self, *args, **options):
        env = {**os.environ}
        worker = subprocess.Popen([sys.executable, "-m", "heard.cli", "worker"], env=env)
        web = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            [
                sys.executable,
                "-m",
                "heard.core.webserver",
                "--bind",
                options["bind"],
                "--workers",
                str(options["workers"]),
                "--threads",
                str(options["threads"]),
            ]
            + (["--access-log"] if options["access_log"] else []),
            env=env,
        )
        self.stdout.write(f"heard is serving on http://{options['bind']}/ (Ctrl-C stops)")
        self.stdout.flush()
        children_run(web, worker)


# How long the children get to finish after the signal before they are killed: the web server
# gives its workers 25 s (heard/core/webserver.py), and a task the worker is running should end
# in this time too.
STOP_SECONDS = 30
SIGNALS = (signal.SIGTERM, signal.SIGINT)


def children_run(*children: subprocess.Popen, stop_seconds: float = STOP_SECONDS) -> None:
    """Wait while all children run. SIGTERM or SIGINT to this process is passed on to each of
    them (granian stops accepting and lets its workers finish their requests on either; the
    worker ends its current task); when one child ends by itself, the others get SIGTERM.
    Returns once all have exited, killing any still there after `stop_seconds`
    (docs/decisions/0507)."""
    stopping = threading.Event()

    def pass_on(signum, _frame):
        stopping.set()
        for child in children:
            if child.poll() is None:
                child.send_signal(signum)

    previous = {number: signal.signal(number, pass_on) for number in SIGNALS}
    try:
        while not stopping.is_set() and all(child.poll() is None for child in children):
            stopping.wait(0.2)
        if not stopping.is_set():  # one child ended by itself: the site is not whole, stop it
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + stop_seconds
        for child in children:
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
