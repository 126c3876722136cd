import pytest

from tests.triage.db import builders


@pytest.fixture(autouse=True)
def _no_sentence_encoder(settings):
    # The encoder costs seconds to load; the TF-IDF representation is enough for these tests.
    settings.HEARD_TRIAGE_ENCODER = False


@pytest.fixture
def world(db):
    return builders.world()


@pytest.fixture
def triaged(world):
    builders.run(world.campaign)
    return world
