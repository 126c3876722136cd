"""What the responder sees beside one address: the same applicant's others, its duplicate group,
complaints, and addresses with similar text."""

import re

from django.db import connection

from heard.addresses.models import Address
from heard.addresses.selectors import searched


def address_related(address: Address) -> dict:
    """What the responder should see beside an address: the same applicant's other addresses
    (by e-mail, to this addressee), its duplicate group (if the triage put it in one), the
    complaints about it and the address it complains about."""
    same_applicant = []
    if address.email:
        same_applicant = list(
            Address.objects.filter(addressee_id=address.addressee_id, email=address.email)
            .exclude(pk=address.pk)
            .order_by("-received_at")
            .only("pk", "number", "status", "received_at", "text")[:10]
        )
    triage = getattr(address, "triage", None) if hasattr(address, "triage") else None
    # The copy's own text beyond its group's template is shown beside the template.
    group = triage.group if triage is not None else None
    return {
        "same_applicant": same_applicant,
        "similar": addresses_similar(address),
        "group": group,
        "triage": triage,
        "complaints": list(address.complaints.only("pk", "number", "status")[:10]),
    }


_LONG_WORD = re.compile(r"\w{5,}")


def addresses_similar(address: Address, *, limit: int = 5) -> list[Address]:
    """Other addresses to the same addressee whose text holds this one's three longest words
    (through the queue's text search, so the full-text index answers on PostgreSQL). Longest
    words are the cheap proxy for the distinctive ones: names, places, units, the campaign's
    own wording. Any few of them, unordered: sorting every match of a mass campaign costs more
    than the page is worth."""
    words = sorted(set(_LONG_WORD.findall(address.text.lower())), key=lambda w: (-len(w), w))[:3]
    if not words:
        return []
    found = (
        Address.objects.filter(addressee_id=address.addressee_id)
        .exclude(pk=address.pk)
        .exclude(status__in=Address.NOT_ACCEPTED)
    )
    if connection.vendor == "postgresql":
        found = searched(found, " ".join(words))
    else:
        for word in words:
            found = found.filter(text__icontains=word)
    return list(found.order_by().only("pk", "number", "status", "received_at", "text")[:limit])
