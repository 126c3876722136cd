"""Opening attachments: public ones by anyone, an address's private ones by its office only
(checked before anything is read), and a video link's player on a page of its own."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from heard.attachments import rules, serving, video_links
from heard.attachments.models import Attachment
from heard.core.access import permission_first


@require_safe
def attachment_download(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    attachment = get_object_or_404(rules.attachments_public(), pk=pk)
    return serving.file_answer(attachment, inline=False, public=True)


@require_safe
def attachment_image(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(rules.attachments_public(), pk=pk, kind=Attachment.Kind.IMAGE)
    return serving.file_answer(attachment, inline=True, public=True)


@require_safe
def attachment_video(request: HttpRequest, pk: int) -> HttpResponse:
    """The player of a public video link, framed sandboxed; only this page's policy lets the
    provider's origin be framed."""
    attachment = get_object_or_404(
        rules.attachments_public(), pk=pk, kind=Attachment.Kind.VIDEO_LINK
    )
    allowed = {provider.player_origin for provider in video_links.providers_allowed()}
    origin = video_links.player_origin(attachment.embed_url)
    if origin not in allowed:
        raise Http404
    response = render(request, "attachments/video.html", {"attachment": attachment})
    response._csp_update = {"frame-src": [origin]}
    return response


@permission_first("addresses.handle", scope=rules.HANDLED_ATTACHMENT)
@require_safe
def staff_attachment(request: HttpRequest, attachment: Attachment) -> HttpResponse:
    """An address's attachment for its office: images may be shown, anything else downloads."""
    inline = request.GET.get("inline") == "1"
    return serving.file_answer(attachment, inline=inline, public=False)


@permission_first("offices.moderate", scope=rules.MODERATED_ATTACHMENT)
@require_safe
def moderator_attachment(request: HttpRequest, attachment: Attachment) -> HttpResponse:
    """An appeal's attachment for its moderators, before it is published too."""
    inline = request.GET.get("inline") == "1"
    return serving.file_answer(attachment, inline=inline, public=False)
