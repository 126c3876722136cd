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


def appeal_consenting_names(*, appeal: Appeal):
    """Names of confirmed signers who agreed to show them (anonymised rows have none)."""
    return (
        Signature.objects.filter(
            appeal=appeal, status__in=Signature.COUNTED, show_name=True, anonymised_at__isnull=True
        )
        .exclude(name="")
        .order_by("confirmed_at", "pk")
        .values_list("name", flat=True)
        .iterator(chunk_size=2000)
    )
