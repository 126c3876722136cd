"""Arrivals are weighed by their particulars as a run's groups are (decision 0582): one demand
circulated with another village's order and school numbers does not join the stored group of
the first village's copies, and finds its own village's group where the run stored one."""

import pytest

from heard.triage.models import AddressTriage
from heard.triage.tasks import triage_arrivals_join
from tests.triage.db import builders
from tests.triage.db.test_arrivals_root import _group, _receive

pytestmark = pytest.mark.django_db

DEMAND = ("We, the parents of {village}, demand that the district cancel order {order} of "
          "the education department and keep school {school} open. The children would "
          "have to ride the bus for an hour on a road that is not cleared in winter, and the "
          "school is the only place in the village where they can study and meet after "
          "lessons. We ask you to answer us in writing within the time the law sets.")
SIGNERS = ["Anna Orlova.", "Oleg, Luga.", "Irina Petrova.", "Nina, flat 4.", "Pavel Sokolov.",
           "Sergei, Revda.", "Maria Ivanova.", "Vera, house 12."]
PASS_ON = " Sign it and pass it on to your neighbours, every signature counts for our children."


def _copies(world, village, order, school, count, tail=""):
    text = DEMAND.format(village=village, order=order, school=school)
    return [_receive(world, f"{text}{tail} {SIGNERS[i % len(SIGNERS)]}") for i in range(count)]


def test_another_villages_copies_do_not_join_the_stored_group_of_the_first(world):
    first = _copies(world, "Ozerki", 253, 127, 6)
    builders.run(world.campaign)
    stored = _group(first[0])
    assert stored is not None and {_group(copy) for copy in first} == {stored}

    later_first = _copies(world, "Ozerki", 253, 127, 2)
    second = _copies(world, "Borki", 599, 60, 4)
    assert triage_arrivals_join.call() == 6

    # The first village's later copies join its group; the second village's stand together.
    assert {_group(copy) for copy in later_first} == {stored}
    new = _group(second[0])
    assert new is not None and new != stored
    assert {_group(copy) for copy in second} == {new}
    stored.refresh_from_db()
    assert stored.size == 8


def test_an_arrival_refused_by_one_group_joins_its_own_villages_stored_group(world):
    # The first village's copies carry one more sentence, which the second village's later
    # copies carry too: they share more with the first village's template than with their own.
    first = _copies(world, "Ozerki", 253, 127, 6, PASS_ON)
    second = _copies(world, "Borki", 599, 60, 6)
    builders.run(world.campaign)
    first_group, second_group = _group(first[0]), _group(second[0])
    assert None not in (first_group, second_group) and first_group != second_group

    later = _copies(world, "Borki", 599, 60, 4, PASS_ON)
    assert triage_arrivals_join.call() == 4

    assert {_group(copy) for copy in later} == {second_group}
    assert AddressTriage.objects.filter(group=first_group).count() == 6
