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


def test_the_90th_percentile_interpolates_as_percentile_cont():
    """1..10 days: percentile_cont(0.9) is 9.1 (position 8.1 between 9 and 10), on both."""
    addressee = factories.addressee()
    for days in range(1, 11):
        answered(addressee, None, days=days, received=moment(2026, 9, 10))

    assert addressee_statistics(addressee=addressee)["totals"]["p90_days"] == 9.1


def test_a_share_on_time_comes_with_its_interval_and_only_from_the_minimum_count(settings):
    settings.HEARD_STATS_MIN_COUNT = 5
    small, large = factories.addressee(), factories.addressee()
    for days in (3, 40):
        answered(small, None, days=days, received=moment(2026, 9, 10))
    for days in (3, 3, 3, 40):
        answered(large, None, days=days, received=moment(2026, 9, 10))
    answered(large, None, days=5, received=moment(2026, 9, 10))

    few = addressee_statistics(addressee=small)["totals"]["on_time"]
    enough = addressee_statistics(addressee=large)["totals"]["on_time"]

    assert few.shown is False and few.total == 2
    assert enough.shown and enough.share == 0.8
    assert 0.37 < enough.low < 0.38 and 0.96 < enough.high < 0.97


def test_statistics_download_as_csv_and_in_the_api(client, settings):
    settings.HEARD_STATS_MIN_COUNT = 1
    addressee = factories.addressee()
    answered(addressee, department(addressee, "letters"), days=3, received=moment(2026, 9, 10))

    response = client.get(f"/addresses/statistics/{addressee.slug}.csv")
    lines = response.content.decode().splitlines()
    api = client.get(f"/api/v1/addresses/statistics?addressee={addressee.slug}").json()

    assert response["Content-Type"].startswith("text/csv")
    assert lines[0].startswith("scope,name,received,answered_on_time")
    assert lines[1].startswith("total,,1,1,0,0,0,3.0,3.0,0,0,0,0,1.0000,")
    assert any(line.startswith("department,Letters,1,1") for line in lines)
    assert api["totals"]["on_time_share"] == 1.0 and api["totals"]["p90_days"] == 3.0
    assert api["totals"]["on_time_low"] < 1.0
