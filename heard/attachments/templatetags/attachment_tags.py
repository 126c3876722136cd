from django import template

from heard.attachments import selectors
from heard.attachments.forms import AttachmentFields

register = template.Library()


@register.simple_tag
def public_attachments(appeal):
    return selectors.attachments_public_of(appeal=appeal)


@register.simple_tag
def address_attachments(address):
    return selectors.attachments_of_address(address=address)


@register.simple_tag
def attachment_url(attachment):
    return selectors.attachment_url(attachment)


@register.simple_tag
def blank_attachment_form(prefix_pk=None):
    """An empty attachment form; on a page with several (the moderation queue), prefixed by the
    appeal so that every field's id is unique."""
    return AttachmentFields(prefix=f"attach-{prefix_pk}" if prefix_pk else None)
