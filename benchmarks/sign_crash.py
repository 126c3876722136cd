"""Crash safety of signing: kill -9 the web workers and the task worker and restart PostgreSQL in
the middle of a load run; then every signature acknowledged to its client must be stored, none
twice, and the counts must reconcile exactly.

    .venv/bin/python benchmarks/sign_crash.py --seconds 40 --concurrency 32

Serves with granian as `heard serve` does (`--server gunicorn` for the old server). Needs root
(pg_ctlcluster). PostgreSQL is running again when the script ends, also on failure. On a machine
whose PostgreSQL others are using, `--no-postgres-restart` leaves it running and ends every
connection to the script's own database instead, as a restart would (the kills still run).
"""

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sign_load, sign_stack  # noqa: E402


def postgres_version() -> str:
    return sorted(os.listdir("/etc/postgresql"))[-1]


def postgres_restart() -> None:
    subprocess.run(  # noqa: S603
        ["pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", "restart"],
        check=True,
    )


def postgres_ensure_running() -> None:
    version = postgres_version()
    status = subprocess.run(  # noqa: S603
        ["pg_ctlcluster", version, "main", "status"], capture_output=True
    )
    if status.returncode != 0:
        subprocess.run(  # noqa: S603
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
        )


def postgres_end_connections() -> int:
    """What a restart does to the database's clients, for this database alone: every other
    backend on it is ended (the server tells each client, then closes; decision 0571)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        ended = cursor.fetchone()[0]
    connection.close()
    return ended


def kill_web_workers(web: subprocess.Popen) -> list[int]:
    killed = sign_stack.children(web.pid)
    for pid in killed:
        os.kill(pid, signal.SIGKILL)
    return killed


def confirmer(appeal_id: int, stop: threading.Event, log: list) -> None:
    """Keep confirming what has been signed, so that the counter works through the crashes."""
    from django.db import close_old_connections, connection

    while not stop.is_set():
        try:
            sign_load.confirm_chunk(appeal_id, 2_000)
        except Exception as error:  # PostgreSQL is restarting: try again in a moment
            log.append(type(error).__name__)
            connection.close()
        close_old_connections()
        stop.wait(0.5)


def chaos(web, worker_box, env, seconds: float, events: list, restart: bool) -> None:
    started = time.monotonic()

    def at(fraction: float) -> None:
        time.sleep(max(started + seconds * fraction - time.monotonic(), 0))

    at(0.2)
    events.append(
        {"t": round(time.monotonic() - started, 1), "kill -9 web workers": kill_web_workers(web)}
    )
    at(0.35)
    worker_box[0].send_signal(signal.SIGKILL)
    events.append(
        {"t": round(time.monotonic() - started, 1), "kill -9 heard worker": worker_box[0].pid}
    )
    worker_box[0].wait()
    worker_box[0] = sign_stack.worker_start(env)
    at(0.5)
    began = time.monotonic()
    if restart:
        postgres_restart()
        took = round(time.monotonic() - began, 1)
        at_time = round(time.monotonic() - started, 1)
        events.append({"t": at_time, "postgresql restarted in s": took})
    else:
        ended = postgres_end_connections()
        events.append({"t": round(time.monotonic() - started, 1), "connections ended": ended})
    at(0.7)
    events.append(
        {"t": round(time.monotonic() - started, 1), "kill -9 web workers": kill_web_workers(web)}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--database", default="heard_crash")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--server", default="granian", choices=sign_stack.SERVERS)
    parser.add_argument("--postgres-restart", action=argparse.BooleanOptionalAction, default=True)
    options = parser.parse_args()

    env = sign_stack.stack_env(database=options.database, port=options.port)
    web = worker_box = None
    try:
        if options.postgres_restart:
            postgres_ensure_running()
        sign_stack.database_create(options.database)
        sign_stack.manage(env, "migrate", "-v", "0")
        sign_stack.manage(env, "collectstatic", "--noinput", "-v", "0")
        sign_stack.django_setup(env)
        appeal, codes, ids = sign_stack.appeal_open()
        web = sign_stack.server_start(
            options.server, env, port=options.port, workers=options.workers, threads=options.threads
        )
        worker_box = [sign_stack.worker_start(env)]
        events: list = []
        confirm_errors: list = []
        stop = threading.Event()
        helpers = [
            threading.Thread(
                target=chaos,
                args=(web, worker_box, env, options.seconds, events, options.postgres_restart),
            ),
            threading.Thread(target=confirmer, args=(appeal, stop, confirm_errors)),
        ]
        for helper in helpers:
            helper.start()
        tally = asyncio.run(
            sign_load.step(
                "api",
                options.concurrency,
                options.seconds,
                "crash",
                options.port,
                appeal,
                (codes, ids),
            )
        )
        stop.set()
        for helper in helpers:
            helper.join()
        print(json.dumps({"events": events}), flush=True)
        print(
            json.dumps(
                {
                    "acknowledged": len(tally.accepted),
                    "per_second": round(len(tally.accepted) / options.seconds),
                    "client_errors": tally.errors,
                    "confirmer_retries": len(confirm_errors),
                }
            ),
            flush=True,
        )
        from django.db import connection

        connection.close()  # it died with the PostgreSQL restart (or was ended)
        stored = sign_load.stored_check(appeal, tally.accepted)
        print(json.dumps({"stored": stored}), flush=True)
        counted = sign_load.confirm_all_and_time_the_count(appeal)
        print(json.dumps({"count": counted}), flush=True)
        from heard.signatures.counting import appeals_counts_reconcile

        repairs = appeals_counts_reconcile()
        print(json.dumps({"reconcile_repairs": repairs}), flush=True)
        ok = (
            stored["lost"] == 0
            and stored["stored_twice"] == 0
            and counted["count_exact"]
            and not repairs
        )
        print("RESULT:", "PASS" if ok else "FAIL", flush=True)
    finally:
        sign_stack.stop(web, *(worker_box or []))
        if options.postgres_restart:
            postgres_ensure_running()


if __name__ == "__main__":
    main()
