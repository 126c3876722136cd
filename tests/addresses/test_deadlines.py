from datetime import timedelta

from django.utils import timezone

from heard.addresses.deadlines import days_between, due_after
from tests.addresses.factories import moment


def local(value):
    return timezone.localtime(value)


def test_a_term_ends_at_the_end_of_the_local_day():
    due = local(due_after(moment(2026, 3, 10, hour=9), 3))
    assert (due.date().isoformat(), due.hour, due.minute) == ("2026-03-13", 23, 59)


def test_thirty_days_from_the_last_of_january_cross_february():
    assert local(due_after(moment(2026, 1, 31), 30)).date().isoformat() == "2026-03-02"


def test_a_leap_february_has_one_day_more():
    assert local(due_after(moment(2028, 1, 31), 30)).date().isoformat() == "2028-03-01"


def test_a_term_crosses_the_end_of_the_year():
    assert local(due_after(moment(2026, 12, 20), 30)).date().isoformat() == "2027-01-19"


def test_late_evening_utc_counts_in_the_local_day():
    # 22:30 UTC on the 31st is already the 1st in Moscow: the term counts from the 1st.
    start = moment(2026, 2, 1, hour=1)
    assert local(due_after(start, 3)).date().isoformat() == "2026-02-04"


def test_days_between_counts_calendar_days():
    start = moment(2026, 1, 30, hour=23)
    assert days_between(start, start + timedelta(hours=2)) == 1
