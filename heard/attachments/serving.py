"""How a stored file leaves the site (decision 0550): a download with
`Content-Disposition: attachment`, the type heard found in its bytes and `nosniff`; only a
re-encoded image may be shown inline, as image/*, under a `sandbox` policy, so that nothing a
sender uploaded ever runs as a page of the site's own origin."""

from django.http import FileResponse, Http404

from heard.attachments.models import Attachment

SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def file_answer(attachment: Attachment, *, inline: bool, public: bool) -> FileResponse:
    if not attachment.file or not attachment.servable:
        raise Http404
    if inline and not attachment.is_image:
        inline = False
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    content_type = attachment.content_type or "application/octet-stream"
    if content_type == "text/plain":
        content_type = "text/plain; charset=utf-8"
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=attachment.name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-store"
    return response
