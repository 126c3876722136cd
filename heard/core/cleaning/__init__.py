"""One input-cleaning layer for every form, API, Open311 and query parameter (decision 0501).

Input the databases cannot store or compare (a NUL character on PostgreSQL, a datetime that
overflows when moved to UTC on SQLite), input that makes a parser recurse without end (deeply
nested JSON) and ids past the databases' integers are rejected before any view sees them, with
a 4xx and a reason, the same on SQLite and PostgreSQL:

- rules.py: pure checks on text, JSON bodies and datetimes;
- middleware.py: InputCleaning, right after SecurityMiddleware, applies them to the path, the
  query string, form fields and JSON bodies, and lets only JSON into the API's writes (415);
- answers.py: the 400/415 answers (JSON for the API and Open311, a small page otherwise);
- converters.py: the `id` path converter (a positive integer that fits a bigint);
- checks.py: fails `manage.py check` if a URL still uses `<int:`.
"""
