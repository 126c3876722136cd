"""Reads of attachments for pages and the API."""

from django.conf import settings
from django.urls import reverse

from heard.attachments import rules
from heard.attachments.models import Attachment


def attachments_public_of(*, appeal=None, address=None) -> list[Attachment]:
    owner = {"appeal": appeal} if appeal is not None else {"address": address}
    found = rules.attachments_public().filter(**owner)
    return list(found.order_by("uploaded_at", "pk"))


def attachments_of_address(*, address) -> list[Attachment]:
    """Every attachment of an address, for its office's page."""
    return list(Attachment.objects.filter(address=address).order_by("uploaded_at", "pk"))


def attachment_url(attachment: Attachment, *, absolute: bool = False) -> str:
    """Where a public attachment opens: an image itself, a video link's player page, otherwise
    the download."""
    if attachment.kind == Attachment.Kind.IMAGE:
        path = reverse("attachments:image", args=[attachment.pk])
    elif attachment.kind == Attachment.Kind.VIDEO_LINK:
        path = reverse("attachments:video", args=[attachment.pk])
    else:
        path = reverse("attachments:download", args=[attachment.pk, attachment.name])
    return settings.SITE_URL + path if absolute else path


def attachment_api_row(attachment: Attachment) -> dict:
    """One attachment in the JSON API: id, name, type, size, url (public ones only)."""
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "kind": attachment.kind,
        "type": attachment.content_type or None,
        "size": attachment.size or None,
        "url": attachment_url(attachment, absolute=True),
    }


def media_urls(address_ids: list[int]) -> dict[int, str]:
    """Open311's media_url for a page of addresses, in one query: each address's first image
    its sender made public (none for the rest)."""
    images = (
        rules.attachments_public()
        .filter(address_id__in=address_ids, kind=Attachment.Kind.IMAGE)
        .order_by("-uploaded_at", "-pk")
    )
    # Ordered newest first, so the first image of each address is written last.
    return {image.address_id: attachment_url(image, absolute=True) for image in images}
