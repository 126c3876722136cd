import json
import os
import subprocess
import sys
import textwrap

import pytest

# Run in a child process: a process cannot lower its niceness again without privileges, and the
# test run must not slow itself down.
CHILD = textwrap.dedent(
    """
    import json, os, sys, threading
    from django.conf import settings
    from heard.core.management.commands.worker import worker_nice_raise

    seen = {"default": settings.HEARD_WORKER_NICE, "raised": worker_nice_raise(int(sys.argv[1]))}
    def thread_nice():
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=thread_nice)
    thread.start()
    thread.join()
    seen["after_lower_request"] = worker_nice_raise(int(sys.argv[2]))
    print(json.dumps(seen))
    """
)


def run_child(raise_to: int, then: int, setting: str) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "heard.config.settings.test",
        "HEARD_WORKER_NICE": setting,
    }
    done = subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-c", CHILD, str(raise_to), str(then)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread niceness is Linux's")
def test_worker_runs_below_the_web_processes_and_its_threads_inherit_it():
    expected = max(10, os.getpriority(os.PRIO_PROCESS, 0))  # the child starts at ours

    seen = run_child(raise_to=10, then=3, setting="4")

    assert seen["default"] == 4  # HEARD_WORKER_NICE, read from the environment
    assert seen["raised"] == expected
    assert seen["thread"] == expected  # the counting and mailing threads start after the raise
    assert seen["after_lower_request"] == expected  # never lowered: an operator's `nice -n` stands
