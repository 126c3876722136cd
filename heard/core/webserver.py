"""The web server of `heard serve`: granian over WSGI, the application imported once before the
workers fork (docs/decisions/0519).

    python -m heard.core.webserver --bind 127.0.0.1:8000 --workers 2 --threads 8

Run as its own process by `heard serve` (beside the task worker) and by the benchmarks, so that
both measure what production runs.
"""

import argparse
import importlib
import multiprocessing
import socket

# Stopping: granian stops accepting, lets each worker finish its requests for up to this long,
# then kills it; under `heard serve`'s own 30 s (core/management/commands/serve.py).
KILL_SECONDS = 25


def application_load(target: str):
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name or "application")


def address_split(bind: str) -> tuple[str, int]:
    host, _, port = bind.rpartition(":")
    return host.strip("[]") or "127.0.0.1", int(port)


def port_claim(host: str, port: int) -> None:
    """Fail if anything listens on the address already. Each granian worker listens on a socket
    of its own (SO_REUSEPORT, so the kernel spreads connections evenly), which would also let a
    second `heard serve` on the same port silently share the traffic; a plain bind refuses that."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # Connections of a previous run still in TIME_WAIT do not count; a listener does.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))  # OSError: Address already in use


def serve(
    *,
    bind: str,
    workers: int,
    threads: int,
    access_log: bool = False,
    target: str = "heard.config.wsgi:application",
) -> None:
    from granian.constants import HTTPModes, Interfaces
    from granian.log import LogLevels
    from granian.server import Server

    # Import Django and the whole site here, once: the workers are forked from this process and
    # start with it in memory, as gunicorn's --preload did. No database connection is opened by
    # the import, so none is shared across the fork.
    host, port = address_split(bind)
    port_claim(host, port)
    application = application_load(target)
    multiprocessing.set_start_method("fork", force=True)
    server = Server(
        target,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=workers,
        # WSGI runs in these threads; the one runtime thread does the HTTP I/O in Rust.
        blocking_threads=threads,
        http=HTTPModes.http1,
        backlog=4096,
        log_level=LogLevels.warning,
        log_access=access_log,
        workers_kill_timeout=KILL_SECONDS,
        respawn_failed_workers=True,
    )
    server.serve(target_loader=lambda: application, wrap_loader=False)


def main() -> None:
    parser = argparse.ArgumentParser(description="heard's web server (granian, WSGI)")
    parser.add_argument("--bind", default="127.0.0.1:8000")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--access-log", action="store_true")
    parser.add_argument("--application", default="heard.config.wsgi:application")
    options = parser.parse_args()
    serve(
        bind=options.bind,
        workers=options.workers,
        threads=options.threads,
        access_log=options.access_log,
        target=options.application,
    )


if __name__ == "__main__":
    main()
