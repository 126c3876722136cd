from django.db.models import QuerySet
from django.utils.translation import get_language

from heard.appeals.models import Appeal, AppealRegionCount
from heard.signatures.models import Signature


def appeal_region_counts(*, appeal: Appeal) -> list[tuple[str, int]]:
    field = "region__name_en" if get_language() == "en" else "region__name_ru"
    return list(
        AppealRegionCount.objects.filter(appeal=appeal)
        .order_by("-count", field)
        .values_list(field, "count")
    )


def consenting_signers(*, appeal: Appeal) -> QuerySet[Signature]:
    """Confirmed signers who agreed to show their name; anonymised rows have none. The one
    definition behind the appeal page's names and the addressee's export."""
    return Signature.objects.filter(
        appeal=appeal, status__in=Signature.COUNTED, show_name=True, anonymised_at__isnull=True
    ).exclude(name="")


def appeal_consenting_names(*, appeal: Appeal):
    """All of them, oldest first, for the addressee's export."""
    return (
        consenting_signers(appeal=appeal)
        .order_by("confirmed_at", "pk")
        .values_list("name", flat=True)
        .iterator(chunk_size=2000)
    )
