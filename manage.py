#!/usr/bin/env python
"""Same as the `heard` console script, for those who expect manage.py."""

from heard.cli import main

if __name__ == "__main__":
    main()
