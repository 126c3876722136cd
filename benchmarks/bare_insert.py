"""The box's own limit for a signing request: a bare Django view doing one raw INSERT, served by
the same server and processes as the site (sign_load.py's mode "bare", issue 15).

`application` answers POST /bench/insert/ itself — a Django request object, one autocommitted
INSERT through Django's connection, a Django response; no middleware, no URL resolution, no
form — and hands every other path to the site's own WSGI application. What a signing request
costs beyond this is the code's; below it is the server's, the database's and the generator's.
"""

from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.http import HttpResponse

from heard.config.wsgi import application as site

TABLE = "bench_bare_insert"
CREATE = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} "
    "(id bigserial PRIMARY KEY, email text NOT NULL, ip inet, created timestamptz DEFAULT now())"
)


def bare_insert(request: WSGIRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (email, ip) VALUES (%s, %s)",  # noqa: S608 - a constant name
            [request.body[:200].decode(errors="replace"), request.META.get("HTTP_X_FORWARDED_FOR")],
        )
    response = HttpResponse(b'{"accepted": true}', status=202, content_type="application/json")
    response["Content-Length"] = str(len(response.content))  # as CommonMiddleware would
    return response


def application(environ, start_response):
    if environ.get("PATH_INFO") != "/bench/insert/":
        return site(environ, start_response)
    response = bare_insert(WSGIRequest(environ))
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return [response.content]
