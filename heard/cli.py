"""The `heard` console script: Django's manage.py plus the operators' own commands.

`heard worker`, `heard serve`, `heard demo_load` and `heard triage run` are management commands
of heard's apps; everything Django offers (`heard migrate`, `heard createsuperuser`) works too.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heard.config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["heard", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
