"""What the web server alone costs per request on this machine: the floor under any page or
signature.

Serves a WSGI "hello world" of 3 kB (not Django) with each server of `--servers` as sign_load.py
starts it (granian as `heard serve` runs it, 2 x 8 blocking threads; gunicorn 2 x gthread/8,
--preload --reuse-port), both at once on their own ports, drives each in turn with wrk (Debian's
package) over kept-alive connections and then with a new connection per request, `--rounds`
times, and prints requests per second and the web processes' CPU per request. A browser signer
makes three requests, so three times the second figure is what the web tier spends on a signer
before Django does anything.

    .venv/bin/python benchmarks/request_floor.py --servers granian,gunicorn --rounds 2 --seconds 10
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import sign_stack  # noqa: E402

BODY = b"<!doctype html><title>heard</title>" + b"x" * 3000


def hello(environ, start_response):
    start_response(
        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]
    )
    return [BODY]


def wrk(port: int, seconds: float, connections: int, close: bool) -> float:
    """Requests per second that wrk reached."""
    args = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{max(round(seconds), 1)}s"]
    if close:
        args += ["-H", "Connection: close"]
    out = subprocess.run(  # noqa: S603 - wrk from Debian, fixed arguments
        [*args, f"http://127.0.0.1:{port}/"], capture_output=True, text=True, check=True
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def measure(port: int, pids: list[int], seconds: float, connections: int, close: bool) -> dict:
    before, started = sign_stack.cpu_seconds(pids), time.monotonic()
    busy_before = sign_stack.machine_busy_seconds()[0]
    rate = wrk(port, seconds, connections, close)
    wall = time.monotonic() - started
    web = sign_stack.cpu_seconds(pids) - before
    machine = sign_stack.machine_busy_seconds()[0] - busy_before
    return {
        "connections": "new per request" if close else "kept alive",
        "per_second": round(rate),
        "web_cpu_ms_per_request": round(web * 1000 / (rate * wall), 3),
        "machine_cpu_ms_per_request": round(machine * 1000 / (rate * wall), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8775)
    parser.add_argument("--servers", default="granian,gunicorn")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=64)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("needs wrk: apt-get install wrk")

    env = {"PYTHONPATH": str(sign_stack.ROOT), "PATH": "/usr/bin:/bin"}
    servers = {}
    try:
        for number, server in enumerate(options.servers.split(",")):
            port = options.port + 10 * number
            servers[server] = (
                sign_stack.server_start(
                    server,
                    env,
                    port=port,
                    workers=2,
                    threads=8,
                    application="benchmarks.request_floor:hello",
                ),
                port,
            )
        print(json.dumps({"reference_ms": sign_stack.reference_ms()}), flush=True)
        processes = {}
        for server, (web, port) in servers.items():
            wrk(port, 2, options.connections, close=False)  # warm-up
            # Only now: the port opens before the workers have forked.
            processes[server] = [web.pid, *sign_stack.children(web.pid)]
        for round_ in range(options.rounds):
            for close in (False, True):
                for server, (_web, port) in servers.items():
                    result = measure(
                        port, processes[server], options.seconds, options.connections, close
                    )
                    print(json.dumps({"round": round_, "server": server} | result), flush=True)
    finally:
        sign_stack.stop(*(web for web, _port in servers.values()))


if __name__ == "__main__":
    main()
