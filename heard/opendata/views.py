"""The open-data page and the dump files, served as they lie on disk with a day's validators."""

from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition, require_GET

from heard.opendata import dumps
from heard.opendata.datasets import BY_NAME, DATASETS, FORMATS


def opendata_index(request: HttpRequest) -> HttpResponse:
    from heard.offices.models import Region

    manifest = dumps.manifest_read() or {}
    built = manifest.get("datasets", {})
    datasets = [
        {"dataset": dataset, "built": built.get(dataset.name), "formats": list(FORMATS)}
        for dataset in DATASETS
    ]
    return render(
        request,
        "opendata/index.html",
        {
            "datasets": datasets,
            "built_at": _moment(manifest.get("built_at")),
            "regions": Region.objects.order_by("code"),
            "licence_name": settings.HEARD_OPENDATA_LICENCE_NAME,
            "licence_url": settings.HEARD_OPENDATA_LICENCE_URL,
        },
    )


def _path(name: str, extension: str) -> Path:
    if name == "manifest" and extension == "json":
        return dumps.dumps_dir() / dumps.MANIFEST
    if name not in BY_NAME or extension not in FORMATS:
        raise Http404
    return dumps.dumps_dir() / f"{name}.{extension}"


def _modified(request: HttpRequest, name: str, extension: str) -> datetime | None:
    try:
        stamp = _path(name, extension).stat().st_mtime
    except FileNotFoundError:
        return None
    return datetime.fromtimestamp(stamp, tz=UTC)


@require_GET
@condition(last_modified_func=_modified)
def opendata_file(request: HttpRequest, name: str, extension: str) -> HttpResponse:
    path = _path(name, extension)
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = FORMATS.get(extension, "application/json")
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{path.name}"'
    patch_cache_control(response, public=True, max_age=settings.HEARD_OPENDATA_CACHE_SECONDS)
    return response


def _moment(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
