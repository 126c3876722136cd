"""The `page` / `page_size` extension of Open311's GET requests: pages of at most
HEARD_OPEN311_PAGE_SIZE records, and a Link header (RFC 8288) to the next and previous pages that
keeps every other parameter (decision 0505)."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from heard.core.errors import DomainError


@dataclass(frozen=True)
class Page:
    number: int
    size: int
    rows: list
    has_next: bool


def page_size_checked(asked: int | None) -> int:
    largest = settings.HEARD_OPEN311_PAGE_SIZE
    if asked is None:
        return largest
    if asked > largest:
        raise DomainError(_("page_size is at most %(largest)d.") % {"largest": largest})
    return asked


def page_read(queryset: QuerySet, *, number: int, size: int) -> Page:
    """One row past the page tells whether there is a next one, without counting them all."""
    start = (number - 1) * size
    rows = list(queryset[start : start + size + 1])
    return Page(number=number, size=size, rows=rows[:size], has_next=len(rows) > size)


def _url(request: HttpRequest, *, number: int, size: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    query["page_size"] = str(size)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def link_header(request: HttpRequest, page: Page) -> str:
    links = []
    if page.has_next:
        links.append(f'<{_url(request, number=page.number + 1, size=page.size)}>; rel="next"')
    if page.number > 1:
        links.append(f'<{_url(request, number=page.number - 1, size=page.size)}>; rel="prev"')
    return ", ".join(links)
