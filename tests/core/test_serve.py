"""`heard serve` stops with its children: the web server (granian and its workers) and the task
worker."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.smtp import free_port

BOUND_SECONDS = 60


def descendants(pid: int) -> set[int]:
    """Every process below `pid`, from the parent ids in /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not read its status yet


def serve(tmp_path: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heard.config.settings.base",
        "DATABASE_URL": "",
        "HEARD_VAR_DIR": str(tmp_path),
    }
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "heard.cli", "serve", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", "1", "--threads", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, port


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + BOUND_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting: {what}")
        time.sleep(0.1)


def answers(port: int) -> bool:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)  # noqa: S310
    except urllib.error.HTTPError:
        return True  # any HTTP answer: the web server is up
    except OSError:
        return False
    return True


@pytest.mark.skipif(sys.platform != "linux", reason="reads the process tree from /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_the_web_server_its_workers_and_the_task_worker_when_it_is_stopped(
    tmp_path, signum
):
    process, port = serve(tmp_path)
    children: set[int] = set()
    try:
        # granian's main process and its worker, and the task worker
        wait_until(lambda: answers(port) and len(descendants(process.pid)) >= 3, "serving")
        children = descendants(process.pid)

        process.send_signal(signum)

        process.wait(timeout=BOUND_SECONDS)
        wait_until(lambda: not any(alive(pid) for pid in children), "children gone")
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid in children | descendants(process.pid):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_the_web_server_refuses_a_port_something_already_listens_on():
    """Each granian worker listens with SO_REUSEPORT; a second `heard serve` on the same port
    must fail rather than silently share the traffic."""
    with socket.socket() as taken:
        taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        second = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
            [sys.executable, "-m", "heard.core.webserver", "--bind", f"127.0.0.1:{port}"],
            capture_output=True,
            timeout=BOUND_SECONDS,
        )

    assert second.returncode != 0
    assert b"Address already in use" in second.stderr


@pytest.mark.parametrize(("flags", "logged"), [([], False), (["--access-log"], True)])
def test_serve_logs_each_request_only_when_asked(monkeypatch, flags, logged):
    from django.core.management import call_command

    from heard.core.management.commands import serve as command

    started = []
    monkeypatch.setattr(command.subprocess, "Popen", lambda args, **_kw: started.append(args))
    monkeypatch.setattr(command, "children_run", lambda *children: None)

    call_command("serve", "--bind", "127.0.0.1:0", "--workers", "3", "--threads", "4", *flags)

    web = next(args for args in started if "heard.core.webserver" in args)
    assert web[web.index("--workers") + 1] == "3" and web[web.index("--threads") + 1] == "4"
    assert ("--access-log" in web) is logged


def test_the_web_server_imports_the_site_once_and_hands_the_workers_that_application(
    monkeypatch,
):
    """granian's workers are forked from the process that imported the site (as gunicorn's
    --preload): the loader they call returns the object already in memory, it imports nothing."""
    import multiprocessing

    import granian.server

    from heard.config.wsgi import application
    from heard.core import webserver

    seen = {}

    class Server:
        def __init__(self, target, **options):
            seen["options"] = options

        def serve(self, *, target_loader, wrap_loader):
            seen["loaded"] = target_loader()
            seen["wrapped"] = wrap_loader

    monkeypatch.setattr(granian.server, "Server", Server)
    monkeypatch.setattr(multiprocessing, "set_start_method", lambda *args, **kwargs: None)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]

    webserver.serve(bind=f"127.0.0.1:{port}", workers=3, threads=5)

    assert seen["loaded"] is application and seen["wrapped"] is False
    options = seen["options"]
    assert (options["workers"], options["blocking_threads"]) == (3, 5)
    assert options["interface"] == "wsgi" and options["log_access"] is False
