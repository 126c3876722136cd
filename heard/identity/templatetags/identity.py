from django import template

from heard.identity.forms import VerifiedSignatureForm
from heard.identity.providers import providers_all

register = template.Library()


@register.simple_tag
def verified_sign_form(form=None):
    """The blank form for signing with a verified identity (or the bound one with its errors)."""
    return form if isinstance(form, VerifiedSignatureForm) else VerifiedSignatureForm()


@register.simple_tag
def identity_providers():
    return providers_all()
