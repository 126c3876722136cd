"""Rendering and sending e-mail. `email_send` is for batch jobs; services queue mail in the
outbox instead (heard.core.outbox), rendered with `email_render`."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.utils import translation


def email_send(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    connection: BaseEmailBackend | None = None,
) -> None:
    """Render `<template>_subject.txt` and `<template>.txt` in the recipient's language and send.

    A batch passes one open `connection` for all its messages: one SMTP session, not one each."""
    subject, body = email_render(template=template, context=context, language=language)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to], connection=connection)
    message.send()


def email_render(*, template: str, context: dict, language: str | None = None) -> tuple[str, str]:
    """(subject, body) of `<template>_subject.txt` and `<template>.txt` in `language`."""
    with translation.override(language or settings.LANGUAGE_CODE):
        full_context = {"SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", full_context).strip()
        body = render_to_string(f"{template}.txt", full_context)
    return " ".join(subject.split()), body


def absolute_url(path: str) -> str:
    return settings.SITE_URL + path
