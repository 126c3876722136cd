"""The office's page of addresses waiting for a person before registration: held over a limit,
or unconfirmed by their sender. Each shows the evidence (why held, the IP hash, when); the office
registers them or sets them aside with a reason, one by one or all those ticked (services/holds)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from heard.addresses import rules, services
from heard.addresses.models import Address
from heard.core.access import permission_first
from heard.core.clock import now
from heard.core.errors import DomainError
from heard.offices.models import Addressee

MAX_CHOSEN = 500


@permission_first("addresses.handle", scope=rules.HANDLED_ADDRESSEE)
@require_http_methods(["GET", "POST"])
def held_list(request: HttpRequest, addressee: Addressee) -> HttpResponse:
    error, status = None, 200
    if request.method == "POST":
        error = _act(request, addressee)
        if error is None:
            return redirect("addresses:held", slug=addressee.slug)
        status = 400
    return render(
        request,
        "addresses/held.html",
        {
            "addressee": addressee,
            "addresses": services.addresses_held(addressee=addressee),
            "now": now(),
            "error": error,
        },
        status=status,
    )


def _act(request: HttpRequest, addressee: Addressee) -> str | None:
    """Register or set aside the ticked addresses; the error to show, or None."""
    action = request.POST.get("action", "")
    chosen = [value for value in request.POST.getlist("address") if value.isdigit()][:MAX_CHOSEN]
    if action not in ("release", "set_aside"):
        return _("Choose to register or to set aside.")
    if not chosen:
        return _("Tick at least one address.")
    reason = request.POST.get("reason", "")[:500]
    if action == "set_aside" and not reason.strip():
        return _("Say why these addresses are set aside.")
    addresses = Address.objects.filter(
        addressee=addressee, status__in=Address.RELEASABLE, pk__in=[int(pk) for pk in chosen]
    )
    try:
        for address in addresses:
            if action == "release":
                services.address_release(address=address, actor=request.user)
            else:
                services.address_set_aside(address=address, actor=request.user, reason=reason)
    except DomainError as exc:
        return exc.message
    return None
