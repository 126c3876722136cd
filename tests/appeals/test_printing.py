import ctypes.util
import io

import pytest
from django.urls import reverse

from heard.appeals import printing, services
from heard.appeals.models import Appeal
from tests import factories

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        ctypes.util.find_library("pango-1.0") is None,
        reason="WeasyPrint needs Debian's libpango-1.0-0 and libpangoft2-1.0-0 (see .ci/run)",
    ),
]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@pytest.fixture
def answered_appeal():
    appeal = factories.appeal_past_response_threshold(
        to=factories.addressee(name="Министерство мостов"),
        title="Почините мост через реку",
        demands=["Починить мост", "Открыть движение"],
        text="Мост **разрушен**.",
    )
    factories.sign(appeal, name="Мария Открытая", show_name=True, email="maria@example.org")
    factories.sign(appeal, name="Иван Тайный", email="ivan.secret@example.org")
    services.appeal_respond(
        appeal=appeal,
        responder=factories.responder(appeal.addressee),
        text="Мост починят к лету.",
        responded_on=appeal.opened_at.date(),
        office="Приёмная министра",
    )
    appeal.refresh_from_db()
    return appeal


def test_the_pdf_has_the_appeal_its_counts_by_region_and_the_response(client, answered_appeal):
    response = client.get(reverse("appeals:print", args=[answered_appeal.pk]))
    text = pdf_text(response.content)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Почините мост через реку" in text
    assert "Министерство мостов" in text
    assert "Починить мост" in text
    assert factories.region().name in text  # the table of signatures by region
    assert "Мост починят к лету." in text
    assert "Приёмная министра" in text
    assert "reached on" in text


def test_the_pdf_names_only_signers_who_agreed_and_no_e_mail(client, answered_appeal):
    text = pdf_text(client.get(reverse("appeals:print", args=[answered_appeal.pk])).content)

    assert "Мария Открытая" in text
    assert "Иван" not in text
    assert "@example.org" not in text


def test_printing_fetches_nothing_a_page_points_at(monkeypatch):
    fetched = []
    monkeypatch.setattr("urllib.request.OpenerDirector.open", lambda *a, **k: fetched.append(a))
    html = (
        '<link rel="stylesheet" href="http://169.254.169.254/a.css">'
        '<p>Text<img src="http://169.254.169.254/secret"><img src="file:///etc/passwd"></p>'
    )

    pdf = printing.render_pdf(html)

    assert pdf.startswith(b"%PDF")
    assert fetched == []


def test_no_pdf_of_an_appeal_not_yet_public(client):
    draft = factories.appeal_in(Appeal.Status.GATHERING_SPONSORS)

    assert client.get(reverse("appeals:print", args=[draft.pk])).status_code == 404


def test_the_pdf_says_why_when_the_server_cannot_make_one(client, answered_appeal, monkeypatch):
    def unavailable(html):
        raise printing.PrintUnavailable

    monkeypatch.setattr(printing, "render_pdf", unavailable)
    response = client.get(reverse("appeals:print", args=[answered_appeal.pk]))

    assert response.status_code == 503
    assert "PDF library is not installed" in response.content.decode()


def test_the_appeal_page_links_the_pdf_and_has_a_print_stylesheet(client, answered_appeal):
    html = client.get(answered_appeal.get_absolute_url()).content.decode()

    assert reverse("appeals:print", args=[answered_appeal.pk]) in html
    assert '<link rel="stylesheet" href="/static/heard/share.css">' in html


def test_the_pdf_draws_the_map_of_regions_in_colour(answered_appeal):
    html = printing.appeal_print_html(answered_appeal)
    pdf = printing.render_pdf(html)

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "print-regions" in html
    assert "step-5" in html  # the only region signing is the darkest tile
    assert "fill:#0b2f5c" in html  # the colours travel inside the map
    text = pdf_text(pdf)
    # The tiles' labels are drawn in the PDF (in English, the regions' codes), the hover
    # captions are not.
    assert "MOW" in text and "KAM" in text
    assert "Moscow: 5" not in text
