from datetime import timedelta

import pytest

from heard.addresses.models import Address
from heard.addresses.statistics import addressee_statistics, platform_statistics
from tests import factories
from tests.addresses.factories import address, department, moment

pytestmark = pytest.mark.django_db


def answered(addressee, where, *, days: float, received) -> None:
    item, _code = address(to=addressee)
    Address.objects.filter(pk=item.pk).update(
        department=where,
        status=Address.Status.ANSWERED,
        received_at=received,
        registered_at=received,
        answer_due_at=received + timedelta(days=30),
        answered_at=received + timedelta(days=days),
    )


def test_median_days_to_answer_per_addressee_department_and_month():
    """The same figures on PostgreSQL (percentile_cont in the grouped query) and SQLite (two
    offset reads per group): the middle value, or halfway between the two middle values."""
    addressee = factories.addressee()
    letters, visits = department(addressee, "letters"), department(addressee, "visits")
    september, october = moment(2026, 9, 10), moment(2026, 10, 5)
    for days in (2, 4, 9):
        answered(addressee, letters, days=days, received=september)
    answered(addressee, visits, days=1, received=october)
    answered(addressee, visits, days=4, received=october)
    address(to=addressee)  # not answered: in no median

    figures = addressee_statistics(addressee=addressee)

    assert figures["totals"]["median_days"] == 4.0  # 1, 2, 4, 4, 9
    by_department = {row["department__name"]: row["median_days"] for row in figures["departments"]}
    assert by_department["Letters"] == 4.0
    assert by_department["Visits"] == 2.5
    by_month = {row["month"].month: row["median_days"] for row in figures["months"]}
    assert by_month[9] == 4.0
    assert by_month[10] == 2.5
    [row] = [row for row in platform_statistics() if row["addressee__slug"] == addressee.slug]
    assert row["median_days"] == 4.0


def test_no_answers_means_no_median():
    addressee = factories.addressee()
    address(to=addressee)

    assert addressee_statistics(addressee=addressee)["totals"]["median_days"] is None


def test_on_postgresql_the_medians_come_with_the_counts_in_three_queries():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no percentile_cont: it reads two rows per group instead")
    addressee = factories.addressee()
    for code in ("letters", "visits", "calls"):
        answered(addressee, department(addressee, code), days=3, received=moment(2026, 9, 10))

    with CaptureQueriesContext(connection) as queries:
        addressee_statistics(addressee=addressee)

    assert len(queries) == 3  # totals, departments, months
