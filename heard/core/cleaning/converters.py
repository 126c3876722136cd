"""The `id` path converter: `<id:pk>` instead of `<int:pk>` in every urls.py.

Django's `int` takes any number of digits, and a 30-digit id overflows the databases' integers
(a 500 on SQLite, an error on PostgreSQL) before a view can say "not found". A positive integer
of at most 18 significant digits always fits a bigint; a longer one matches no URL, a 404.
Leading zeros still match, as with `int`: such a spelling reaches the same view."""

from django.urls import register_converter


class IdConverter:
    regex = "0*[1-9][0-9]{0,17}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(int(value))


def converters_register() -> None:
    register_converter(IdConverter, "id")
