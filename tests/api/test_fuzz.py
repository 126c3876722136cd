"""A bounded schemathesis pass over both API schemas, in process (about ten seconds).

Every operation gets a few generated requests, valid and invalid, through the whole middleware
stack; every check runs (no 5xx, only declared statuses, answers that match their schemas). The
longer run against a live server on SQLite and PostgreSQL is benchmarks/api_fuzz.py
(`make fuzz`); schemathesis.toml holds the settings both share."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from heard.addresses import services
from heard.appeals.models import Appeal
from heard.config.wsgi import application
from tests import factories
from tests.addresses import factories as make

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

api = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
open311 = schemathesis.openapi.from_wsgi("/open311/openapi.json", application)
BOUNDED = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def _the_test_transaction_survives_each_request():
    """Schemathesis calls the WSGI application directly, whose request signals would close the
    database connection inside the test's transaction (Django's test client unhooks them too)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def register():
    """Something for the generated requests to find: an open appeal, an addressee with a
    category, an address, an Open311 key."""
    addressee = factories.addressee(slug="city")
    make.category(addressee, "roads")
    factories.appeal_in(Appeal.Status.OPEN, to=addressee)
    make.address(to=addressee)
    services.api_key_issue(name="fuzz", addressee=addressee)


@api.parametrize()
@BOUNDED
def test_the_api_answers_every_generated_request_as_its_schema_says(case, register):
    case.call_and_validate()


@open311.parametrize()
@BOUNDED
def test_open311_answers_every_generated_request_as_its_schema_says(case, register):
    case.call_and_validate()
