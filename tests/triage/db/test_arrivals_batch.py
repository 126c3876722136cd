"""An arrival that does not contain the one text a group stores as its template is still found
by the group's other copies (decision 0583): grouped by the batch's rules with a sample of the
nearest stored groups' members, it joins the group they belong to."""

import pytest

from heard.triage import arrivals
from heard.triage.models import DuplicateGroup
from heard.triage.tasks import triage_arrivals_join
from tests.triage.db import builders
from tests.triage.db.test_arrivals_root import _group, _receive

pytestmark = pytest.mark.django_db

CORE = ("The regional ministry is closing the maternity ward of the district hospital in "
        "Torzhok. The nearest hospital will then be ninety kilometres away on a road that is not "
        "cleared in winter, and an ambulance already takes more than an hour. We ask you to keep "
        "the ward open and to answer us in writing.")
FIRST = (" Forty children were born there last year, and the ward was repaired only three "
         "years ago with the region's money: new windows, a new roof and two incubators that "
         "the town's factory paid for. The midwives have worked there for twenty years and "
         "know every family in the district; the ministry has not asked one of them.")
SECOND = (" Our mothers cannot afford a taxi to Tver, and the bus runs twice a day; a woman in "
          "labour cannot wait for it. Last winter the road was closed for nine days by snow, "
          "and the only ambulance of the district broke down twice on the way. Who will answer "
          "for a child born in a car on that road?")
SIGNERS = ["Anna Orlova.", "Oleg, Luga.", "Irina Petrova.", "Nina, flat 4.", "Pavel Sokolov.",
           "Sergei, Revda.", "Maria Ivanova.", "Vera, house 12.", "Olga, Kimry.", "Ivan Popov."]


@pytest.mark.parametrize("batch", [True, False])
def test_a_copy_of_the_other_version_joins_by_the_groups_other_copies(world, monkeypatch, batch):
    # One campaign in two versions: the run groups them, and stores one copy as the template.
    stored = [_receive(world, CORE + (FIRST if i % 2 else SECOND) + " " + SIGNERS[i])
              for i in range(10)]
    builders.run(world.campaign)
    group = _group(stored[0])
    assert group is not None and {_group(copy) for copy in stored} == {group}
    template = DuplicateGroup.objects.get(pk=group.pk).template.text
    other = SECOND if FIRST in template else FIRST
    if not batch:
        monkeypatch.setattr(arrivals, "NEAR_GROUPS", 0)

    # A copy of the other version, with a story of its own as long as the version's sentence.
    arrival = _receive(world, "Good evening. I gave birth to both my sons in that ward, and my "
                       "daughter is expecting in March. " + CORE + other + " Tatiana Smirnova.")
    assert triage_arrivals_join.call() == 1

    assert (_group(arrival) == group) is batch
