import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with gunicorn together with the task worker (what `make demo` runs)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=2)
        # Threads keep connections alive and overlap database waits; the signing benchmark
        # (docs/benchmarks.md) found 2 processes x 8 threads best on a 2-core machine.
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, **options):
        env = {**os.environ}
        worker = subprocess.Popen([sys.executable, "-m", "heard.cli", "worker"], env=env)
        web = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            [
                sys.executable,
                "-m",
                "gunicorn",
                "heard.config.wsgi:application",
                "--bind",
                options["bind"],
                "--workers",
                str(options["workers"]),
                "--worker-class",
                "gthread",
                "--threads",
                str(options["threads"]),
                # Load the application once, before forking: workers start at once and share
                # its memory (docs/decisions/0403). Not --reuse-port, as in production: here a
                # second `heard serve` on the same port should fail, not share the traffic.
                "--preload",
                "--access-logfile",
                "-",
            ],
            env=env,
        )
        self.stdout.write(f"heard is serving on http://{options['bind']}/ (Ctrl-C stops)")
        try:
            web.wait()
        except KeyboardInterrupt:
            pass
        finally:
            for process in (web, worker):
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in (web, worker):
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
