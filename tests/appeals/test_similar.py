import threading

import pytest
from django.urls import reverse

from heard.appeals import services
from heard.appeals.models import Appeal
from heard.appeals.similar import similar_appeals, similar_to
from tests import factories

pytestmark = pytest.mark.django_db

Status = Appeal.Status


@pytest.fixture
def appeals():
    to = factories.addressee(name="Министерство обороны")
    return {
        "home": factories.appeal_in(
            Status.OPEN,
            to=to,
            title="Вернуть мобилизованных домой",
            demands=["Демобилизовать мобилизованных", "Ограничить срок службы одним годом"],
            text="Мобилизованные служат больше года. Верните мобилизованных домой.",
        ),
        "bridge": factories.appeal_in(
            Status.OPEN,
            title="Почините мост через реку",
            demands=["Отремонтировать мост"],
            text="Мост через реку разрушен, по нему нельзя ездить.",
        ),
        "draft": factories.appeal_in(
            Status.AWAITING_MODERATION,
            to=to,
            title="Вернуть мобилизованных домой к семьям",
            demands=["Демобилизовать мобилизованных"],
            text="Верните мобилизованных домой.",
        ),
    }


def test_a_draft_finds_the_published_appeal_on_its_subject_first(appeals):
    found = similar_to(
        title="Вернуть мобилизованных домой сейчас",
        demands=["Демобилизовать всех мобилизованных"],
        text="Срок службы мобилизованных нужно ограничить.",
    )

    assert [appeal for appeal, _score in found][:1] == [appeals["home"]]
    assert appeals["bridge"] not in [appeal for appeal, _score in found]


def test_appeals_not_yet_public_are_never_listed(appeals):
    found = [appeal for appeal, _ in similar_appeals(appeals["home"])]

    assert appeals["draft"] not in found
    assert appeals["home"] not in found  # nor the appeal itself


def test_an_appeal_rejected_as_a_duplicate_is_listed_and_other_rejections_are_not(appeals):
    duplicate = factories.appeal_in(
        Status.REJECTED, title="Вернуть мобилизованных домой немедленно"
    )
    offensive = factories.appeal_in(
        Status.AWAITING_MODERATION, title="Вернуть мобилизованных домой, грубо"
    )
    services.appeal_reject(appeal=offensive, moderator=factories.moderator(), code="offensive")

    found = [appeal for appeal, _ in similar_appeals(appeals["home"])]

    assert duplicate in found
    assert offensive not in found


def test_at_most_five_are_listed(appeals):
    for number in range(7):
        factories.appeal_in(Status.OPEN, title=f"Вернуть мобилизованных домой {number}")

    assert len(similar_appeals(appeals["home"])) == 5


def test_the_appeal_page_lists_similar_appeals(client, appeals):
    other = factories.appeal_in(Status.OPEN, title="Вернуть мобилизованных домой до весны")

    html = client.get(appeals["home"].get_absolute_url()).content.decode()

    assert "Similar appeals" in html
    assert f'<a href="{other.get_absolute_url()}">Вернуть мобилизованных домой до весны</a>' in html


def test_the_create_form_lists_similar_appeals_and_keeps_what_was_typed(client, appeals):
    response = client.post(
        reverse("appeals:similar_check"),
        {
            "title": "Вернуть мобилизованных домой",
            "demands": "- Демобилизовать мобилизованных",
            "text": "Верните их.",
            "group_name": "Жёны",
        },
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert appeals["home"].get_absolute_url() in html
    assert appeals["bridge"].get_absolute_url() not in html
    assert 'value="Жёны"' in html  # the form comes back as typed, without errors
    assert "This field is required" not in html
    assert not Appeal.objects.filter(group_name="Жёны").exists()


def test_the_check_address_reloaded_leads_back_to_the_form(client):
    response = client.get(reverse("appeals:similar_check"))

    assert response.status_code == 302
    assert response["Location"] == reverse("signatures:start")


def test_moderators_see_similar_appeals_on_review(client, appeals):
    client.force_login(factories.moderator())

    html = client.get(reverse("offices:moderation")).content.decode()

    assert appeals["draft"].title in html
    assert f'<a href="{appeals["home"].get_absolute_url()}">' in html


def test_look_ups_over_the_limit_give_the_draft_back(client, settings, appeals):
    settings.HEARD_LIMITS = {**settings.HEARD_LIMITS, "similar_check": {"ip": [(2, 60)]}}
    draft = {"title": "Вернуть мобилизованных домой", "text": "Верните их.", "group_name": "Жёны"}
    answers = [client.post(reverse("appeals:similar_check"), draft) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    html = answers[2].content.decode()
    assert "Too many look-ups from your connection" in html
    assert 'value="Жёны"' in html  # nothing typed is lost
    assert appeals["home"].get_absolute_url() not in html  # no look-up was made
    assert int(answers[2]["Retry-After"]) > 0


@pytest.mark.django_db(transaction=True)
def test_a_new_candidate_is_indexed_in_a_thread_while_the_old_index_serves(settings, regions):
    from heard.appeals import similar

    settings.HEARD_SIMILAR_BUILD_IN_THREAD = True
    similar.index_forget()
    first = factories.appeal_in(Status.OPEN, title="Вернуть мобилизованных домой")
    looked_up = dict(title="Вернуть мобилизованных домой весной", demands=[], text="")
    assert [appeal for appeal, _ in similar_to(**looked_up)] == [first]
    second = factories.appeal_in(Status.OPEN, title="Вернуть мобилизованных домой весной")

    served_meanwhile = [appeal for appeal, _ in similar_to(**looked_up)]
    for thread in threading.enumerate():
        if thread.name == "similar-appeals":
            thread.join(timeout=60)
    served_after = [appeal for appeal, _ in similar_to(**looked_up)]

    assert served_meanwhile == [first] or served_meanwhile[:1] == [second]  # old index, or done
    assert served_after[:1] == [second]
    similar.index_forget()
