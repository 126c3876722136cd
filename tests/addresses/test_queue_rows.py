"""The queue's rows are written in Python for speed (decision 0565); a responder must see the
same table the template wrote. The template the rows had is kept here as the reference."""

from datetime import timedelta

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from heard.addresses import selectors, services
from heard.addresses.models import Address, Campaign
from heard.addresses.queue_rows import queue_rows
from heard.identity.models import VerifiedAddress
from tests import factories
from tests.addresses import factories as make

pytestmark = pytest.mark.django_db

# addresses/queue.html's rows as they were before decision 0565 (and the urgency the view set).
REFERENCE = (
    '{% load i18n %}{% for address in page %}<tr class="{{ address.urgency }}">\n'
    '    <td class="pick"><input type="checkbox" name="address" value="{{ address.pk|unlocalize }}" id="pick-{{ address.pk|unlocalize }}" aria-label="{% blocktranslate with number=address.number %}Choose {{ number }}{% endblocktranslate %}"></td>\n'  # noqa: E501
    '    <th scope="row" class="subject"><a href="{% url \'addresses:staff_detail\' address.pk %}" class="number">{{ address.number }}</a> <span class="excerpt">{{ address.text|truncatechars:180 }}</span></th>\n'  # noqa: E501
    '    <td data-label="{% translate \'Received\' %}" class="nowrap">{{ address.received_at|date:"j E" }}</td>\n'  # noqa: E501
    '    <td data-label="{% translate \'Applicant\' %}">{% if address.applicant_kind == "organisation" %}{% translate "organisation" %}{% elif address.applicant_kind == "anonymous" %}{% translate "anonymous" %}{% else %}{% translate "named" %}{% endif %}</td>\n'  # noqa: E501
    '    <td data-label="{% translate \'Category\' %}">{{ address.category.name|default:"—" }}{% if address.campaign %}<span class="sub">{{ address.campaign.title }}</span>{% endif %}</td>\n'  # noqa: E501
    '    <td data-label="{% translate \'State\' %}">{{ address.get_status_display }}<span class="sub">{{ address.department.name|default:"—" }}</span></td>\n'  # noqa: E501
    '    <td data-label="{% translate \'Channel\' %}">{{ address.get_channel_display }} {% include "identity/_verified_badge.html" %}{% if address.region %}<span class="sub">{{ address.region.name }}</span>{% endif %}</td>\n'  # noqa: E501
    '    <td data-label="{% translate \'Answer due\' %}" class="due"><span class="nowrap">{{ address.answer_due_at|date:"j E Y" }}</span>{% if address.urgency == "overdue" %} <strong class="late">{% blocktranslate count days=address.answer_days_late %}{{ days }} day overdue{% plural %}{{ days }} days overdue{% endblocktranslate %}</strong>{% elif address.days_left is not None %} <span class="{% if address.urgency == \'due_soon\' %}soon{% else %}left{% endif %}">{% blocktranslate count days=address.days_left %}{{ days }} day left{% plural %}{{ days }} days left{% endblocktranslate %}</span>{% endif %}</td>\n'  # noqa: E501
    "  </tr>{% endfor %}"
)


def _queue_page(addressee) -> list[Address]:
    return list(
        Address.objects.filter(addressee=addressee)
        .select_related("department", "category", "region", "organisation", "campaign",
                        "identity_verification")
        .order_by("pk")
    )


@pytest.fixture
def addressee(monkeypatch):
    here = factories.addressee()
    responder = factories.responder(here)
    roads = make.category(here, "roads")
    make.route(here, make.department(here), category=roads)
    campaign = Campaign.objects.create(
        addressee=here, slug="line", title='The "Direct" Line & co', starts_at=timezone.now(),
        ends_at=timezone.now() + timedelta(days=3), channels=["web"], created_at=timezone.now())
    make.address(to=here)
    verified, _code = make.address(to=here, text="<b>Roads & bridges</b> " + "очень " * 60,
                                   category=roads, region=factories.region())
    VerifiedAddress.objects.create(address=verified, provider="demo",
                                   verified_at=timezone.now())
    anonymous, _code = make.address(to=here, applicant_name="", email="",
                                    channel=Address.Channel.PHONE, text="Анонимно",
                                    entered_by=responder)
    Address.objects.filter(pk=anonymous.pk).update(anonymous=True, campaign=campaign)
    make.address(to=here, organisation=make.organisation(), member_consent=True,
                 text="From an organisation")
    closed, _code = make.address(to=here, text="Answered already")
    services.address_answer(address=closed, actor=responder, text="Done.", office="Office")
    return here


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("days_later", [0, 25, 40])
def test_the_rows_are_the_markup_the_template_wrote(addressee, monkeypatch, language,
                                                    days_later):
    make.freeze(monkeypatch, timezone.now() + timedelta(days=days_later))
    with override(language):
        expected_page = _queue_page(addressee)
        for address in expected_page:
            address.addressee = addressee
            address.urgency = selectors.address_urgency(address)
        expected = engines["django"].from_string(REFERENCE).render({"page": expected_page})
        ours = "".join(queue_rows(_queue_page(addressee), addressee=addressee))
    assert ours == expected
    assert len(expected_page) == 5


def test_the_queue_page_lists_its_rows(client, addressee):
    client.force_login(factories.responder(addressee))
    page = client.get(reverse("addresses:queue", args=[addressee.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('<td class="pick"><input type="checkbox" name="address"') == 4
    assert "&lt;b&gt;Roads &amp; bridges&lt;/b&gt;" in body
