"""Services for TOTP devices: enrol (unconfirmed until a code proves the app has the key),
confirm, verify at log-in, disable with the password. Each change is audited."""

import base64

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from heard.core.audit import audit_record
from heard.core.errors import DomainError

DEVICE_NAME = "authenticator"


def totp_device_confirmed(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_enrolment_start(*, user) -> TOTPDevice:
    """The user's pending device (a new key unless one is already waiting for its first code)."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return pending or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, user, token: str) -> TOTPDevice:
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        raise DomainError(_("This code is not the current one. Try the next code."), code="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(subject=user, verb="two_step_enabled", actor=user)
    return device


def totp_verify(*, user, token: str):
    """The device that accepts this code, or None (django-otp throttles repeated failures)."""
    return match_token(user, (token or "").strip()) if token else None


@transaction.atomic
def totp_disable(*, user, password: str) -> None:
    if not user.check_password(password):
        raise DomainError(_("The password is not correct."), code="password")
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    audit_record(subject=user, verb="two_step_disabled", actor=user)


def totp_secret_text(device: TOTPDevice) -> str:
    """The key as authenticator apps ask for it when typed in by hand (base32, in groups)."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> SafeString:
    """The enrolment QR code as inline SVG markup: drawn here, no image from anywhere else."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return mark_safe(image.to_string(encoding="unicode"))  # noqa: S308 (markup made by qrcode)
