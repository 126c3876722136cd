"""Schemathesis against a live server: every operation of the API (v1) and Open311, with the
demo data, on SQLite (the embedded mode) and on PostgreSQL (production settings).

    .venv/bin/python benchmarks/api_fuzz.py [--database sqlite|postgres|both] [--max-examples N]

Runs `schemathesis run <schema> --checks all` once per schema and database and prints, per run,
the test cases sent, the server errors (5xx) among them and the other checks' failures; exits 1
if any server error or failure was found. Figures are recorded in docs/benchmarks.md.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sign_stack import (  # noqa: E402
    ROOT,
    database_create,
    gunicorn_start,
    manage,
    stack_env,
    stop,
)

SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
SCHEMAS = ("/api/openapi.json", "/open311/openapi.json")
DATABASE = "heard_fuzz"


def server_env(database: str, port: int, var_dir: str) -> dict[str, str]:
    # ERROR: the 4xx answers are what the run is about; a 5xx is still logged.
    env = stack_env(database=DATABASE, port=port) | {
        "HEARD_VAR_DIR": var_dir,
        "HEARD_LOG_LEVEL": "ERROR",
    }
    if database == "sqlite":  # the embedded mode: base settings, a SQLite file
        env |= {"DJANGO_SETTINGS_MODULE": "heard.config.settings.base", "DATABASE_URL": ""}
    return env


def schemathesis_run(url: str, *, max_examples: int, report: Path) -> dict:
    """One run; the figures read from its ndjson event stream, its own output kept beside it."""
    command = [
        SCHEMATHESIS,
        "run",
        url,
        "--checks",
        "all",
        "--max-examples",
        str(max_examples),
        "--seed",
        "12",
        # One worker: with several threads, schemathesis' coverage phase once failed inside
        # Python's own parser (a SystemError in its thread, not an answer of the API).
        "--workers",
        "1",
        "--no-shrink",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--suppress-health-check",
        "all",
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    report.with_suffix(".txt").write_text(done.stdout + done.stderr)
    summary = [line.strip() for line in done.stdout.splitlines() if " generated, " in line]
    cases, server_errors, failures = 0, 0, set()
    for line in report.read_text().splitlines():
        event = json.loads(line)
        for name, body in event.items():
            if name != "ScenarioFinished":
                continue
            cases += len(body.get("recorder", {}).get("cases", {}))
            for interactions in body.get("recorder", {}).get("interactions", {}).values():
                status = (interactions.get("response") or {}).get("status_code") or 0
                server_errors += status >= 500
            for checks in body.get("recorder", {}).get("checks", {}).values():
                for check in checks:
                    if check.get("status", "").lower() == "failure":
                        failure = (check.get("failure_info") or {}).get("failure") or {}
                        failures.add(f"{failure.get('operation')}: {failure.get('title')}")
    return {
        "cases": cases,
        "server_errors": server_errors,
        "failures": sorted(failures),
        "exit": done.returncode,
        "summary": summary[-1] if summary else "",
        "output": report.with_suffix(".txt"),
    }


def fuzz(database: str, *, port: int, max_examples: int) -> list[dict]:
    reports = ROOT / "var" / "fuzz"
    reports.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="heard-fuzz-") as var_dir:
        env = server_env(database, port, var_dir)
        if database == "postgres":
            database_create(DATABASE)
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "demo_load")
        server = gunicorn_start(env, port=port, workers=2, worker_class="gthread", threads=4)
        try:
            results = []
            for schema in SCHEMAS:
                report = reports / f"{database}-{schema.strip('/').split('/')[0]}.ndjson"
                result = schemathesis_run(
                    f"http://127.0.0.1:{port}{schema}", max_examples=max_examples, report=report
                )
                results.append({"database": database, "schema": schema} | result)
            return results
        finally:
            stop(server)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--max-examples", type=int, default=100)
    parser.add_argument("--port", type=int, default=8731)
    parser.add_argument("--verbose", action="store_true", help="name schemathesis' own reports")
    options = parser.parse_args()
    databases = ("sqlite", "postgres") if options.database == "both" else (options.database,)
    bad = False
    for database in databases:
        for result in fuzz(database, port=options.port, max_examples=options.max_examples):
            print(
                f"{result['database']:8} {result['schema']:22} cases {result['cases']:6}  "
                f"server errors {result['server_errors']}  other failures "
                f"{len(result['failures'])}  (schemathesis: {result['summary']}; "
                f"exit {result['exit']})"
            )
            for failure in result["failures"]:
                print("    ", failure)
            if options.verbose or result["exit"]:
                print(f"     schemathesis' own report: {result['output']}")
            bad |= bool(result["server_errors"] or result["failures"] or result["exit"])
    return 1 if bad else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
