"""The initiator attaches files to an appeal before publication; moderators see them with the
appeal; once published they are public on its page and in the API."""

import pytest
from django.urls import reverse

from heard.appeals import services as appeal_services
from heard.appeals.models import Appeal
from heard.attachments.models import Attachment
from heard.core.models import AuditEvent
from tests import factories
from tests.attachments import files

pytestmark = pytest.mark.django_db


def attach(client, appeal, *uploads, **extra):
    url = reverse("attachments:appeal_attach", args=[appeal.pk, appeal.manage_token])
    return client.post(url, {"files": list(uploads)} | extra)


def test_the_initiator_attaches_from_the_private_page_and_moderators_see_it_first(client):
    appeal = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    manage = reverse("appeals:manage", args=[appeal.pk, appeal.manage_token])
    assert 'enctype="multipart/form-data"' in client.get(manage).content.decode()
    response = attach(
        client,
        appeal,
        files.upload("manifesto.pdf", files.pdf()),
        video_link="https://rutube.ru/video/0123456789abcdef0123456789abcdef/",
    )
    assert response.status_code == 302 and response["Location"] == manage
    assert "manifesto.pdf" in client.get(manage).content.decode()
    document = appeal.attachments.get(kind="document")
    public_url = reverse("attachments:download", args=[document.pk, document.name])
    assert client.get(public_url).status_code == 404  # not public before publication
    client.force_login(factories.moderator())
    queue = client.get(reverse("offices:moderation")).content.decode()
    moderator_url = reverse("attachments:moderator", args=[document.pk])
    assert moderator_url in queue
    answer = client.get(moderator_url)
    assert answer.status_code == 200 and answer["Content-Disposition"].startswith("attachment")
    client.logout()
    appeal_services.appeal_publish(appeal=appeal, moderator=factories.moderator())
    response = client.get(public_url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="manifesto.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]
    page = client.get(reverse("appeals:detail", args=[appeal.pk])).content.decode()
    assert public_url in page
    assert reverse("attachments:video", args=[appeal.attachments.get(kind="video_link").pk]) in page


def test_a_wrong_token_is_a_404_and_a_published_appeal_takes_no_more_files(client):
    appeal = factories.appeal_in(Appeal.Status.OPEN)
    url = reverse("attachments:appeal_attach", args=[appeal.pk, "not-the-token"])
    assert client.post(url, {"files": [files.upload("a.pdf", files.pdf())]}).status_code == 404
    response = attach(client, appeal, files.upload("a.pdf", files.pdf()))
    assert response.status_code == 409
    assert not Attachment.objects.exists()


def test_a_get_of_the_attach_address_leads_back_to_the_private_page(client):
    appeal = factories.appeal_in(Appeal.Status.DRAFT)
    url = reverse("attachments:appeal_attach", args=[appeal.pk, appeal.manage_token])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("appeals:manage", args=[appeal.pk, appeal.manage_token])


def test_an_empty_attach_form_says_what_to_give(client):
    appeal = factories.appeal_in(Appeal.Status.DRAFT)
    response = attach(client, appeal)
    assert response.status_code == 400
    assert "Choose a file or give a video link" in response.content.decode()


def test_a_rejected_appeals_attachments_are_not_public(client):
    appeal = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    attach(client, appeal, files.upload("a.pdf", files.pdf()))
    appeal_services.appeal_reject(appeal=appeal, moderator=factories.moderator(), code="offensive")
    document = appeal.attachments.get()
    url = reverse("attachments:download", args=[document.pk, document.name])
    assert client.get(url).status_code == 404


def test_the_video_page_alone_lets_the_providers_player_be_framed(client):
    appeal = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    attach(client, appeal, video_link="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    appeal_services.appeal_publish(appeal=appeal, moderator=factories.moderator())
    video = appeal.attachments.get()
    response = client.get(reverse("attachments:video", args=[video.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in page
    assert 'sandbox="allow-scripts allow-same-origin allow-presentation"' in page
    assert "frame-src https://www.youtube-nocookie.com" in response["Content-Security-Policy"]
    appeal_page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert "youtube" not in appeal_page["Content-Security-Policy"]
    assert "<iframe" not in appeal_page.content.decode()


def test_a_provider_removed_from_the_allow_list_is_no_longer_framed(client, settings):
    appeal = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    attach(client, appeal, video_link="https://youtu.be/dQw4w9WgXcQ")
    appeal_services.appeal_publish(appeal=appeal, moderator=factories.moderator())
    settings.HEARD_ATTACHMENT_VIDEO_PROVIDERS = ["rutube"]
    response = client.get(reverse("attachments:video", args=[appeal.attachments.get().pk]))
    assert response.status_code == 404


def test_a_moderator_attaches_a_document_from_the_moderation_queue(client):
    appeal = factories.appeal_in(Appeal.Status.AWAITING_MODERATION)
    moderator = factories.moderator()
    client.force_login(moderator)
    queue = client.get(reverse("offices:moderation")).content.decode()
    url = reverse("attachments:staff_appeal_attach", args=[appeal.pk])
    assert f'action="{url}"' in queue and f'id="id_attach-{appeal.pk}-files"' in queue
    prefix = f"attach-{appeal.pk}"
    response = client.post(url, {f"{prefix}-files": [files.upload("letter.pdf", files.pdf())]})
    assert response.status_code == 302
    attachment = appeal.attachments.get()
    assert attachment.name == "letter.pdf" and attachment.public
    event = AuditEvent.objects.get(verb="attachment_added", subject_id=appeal.pk)
    assert event.actor == moderator
    refused = client.post(url, {f"{prefix}-files": [files.upload("x.jpg", files.HTML)]})
    assert refused.status_code == 400
    assert "This kind of file cannot be attached" in refused.content.decode()
