"""The open-data page documents every field of every dump; the files are served with a day's
caching and revalidation; the footer links to the page."""

import re

import pytest
from django.urls import reverse

from heard.appeals.models import Appeal
from heard.opendata import dumps
from heard.opendata.datasets import DATASETS
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(settings, tmp_path):
    settings.HEARD_OPENDATA_DIR = tmp_path / "opendata"
    factories.appeal_in(Appeal.Status.OPEN, title="Bring them home")
    return dumps.opendata_dumps_build()


def test_the_page_lists_every_field_of_every_dump(client, built):
    html = client.get(reverse("opendata:index")).content.decode()

    for dataset in DATASETS:
        section = html.split(f'id="dataset-{dataset.name}"')[1].split("</section>")[0]
        listed = re.findall(r'<th scope="row"><code>([a-z0-9_]+)</code></th>', section)
        header = (dumps.dumps_dir() / f"{dataset.name}.csv").read_text().splitlines()[0]
        assert listed == header.split(",") == dataset.field_names, dataset.name
        assert f'href="/open-data/{dataset.name}.csv"' in section
        assert f'href="/open-data/{dataset.name}.jsonl"' in section
    assert 'rel="license"' in html and "CC BY 4.0" in html


def test_the_page_says_when_nothing_is_built_yet(client, settings, tmp_path):
    settings.HEARD_OPENDATA_DIR = tmp_path / "none"

    html = client.get(reverse("opendata:index")).content.decode()

    assert "The files have not been built yet." in html
    assert client.get("/open-data/appeals.csv").status_code == 404


def test_a_dump_is_served_as_a_file_with_cache_control_and_revalidation(client, built, settings):
    response = client.get("/open-data/appeals.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "public" in response["Cache-Control"]
    assert f"max-age={settings.HEARD_OPENDATA_CACHE_SECONDS}" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"id,url,title,")
    again = client.get("/open-data/appeals.csv", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304
    lines = client.get("/open-data/appeals.jsonl")
    assert lines["Content-Type"].startswith("application/x-ndjson")
    assert client.get("/open-data/manifest.json").status_code == 200


@pytest.mark.parametrize("path", ["/open-data/signers.csv", "/open-data/appeals.xlsx",
                                  "/open-data/manifest.csv", "/open-data/.csv"])
def test_only_the_documented_files_are_served(client, built, path):
    assert client.get(path).status_code == 404


def test_the_footer_links_to_open_data_api_docs_about_privacy_and_the_language(client):
    html = client.get("/").content.decode()
    footer = html.split('<footer class="site">')[1]

    for href in (reverse("opendata:index"), "/api/docs", reverse("pages:about"),
                 reverse("pages:privacy"), reverse("pages:about") + "#feeds",
                 reverse("pages:about") + "#source", 'hreflang="ru"'):
        assert href in footer, href


def test_the_footer_names_the_source_when_the_operator_set_it(client, settings):
    settings.HEARD_SOURCE_URL = "https://git.example.org/heard"

    footer = client.get("/").content.decode().split('<footer class="site">')[1]

    assert 'href="https://git.example.org/heard"' in footer


def test_about_and_privacy_pages_state_the_settings_figures(client, settings):
    settings.HEARD_SIGNER_RETENTION_DAYS = 90

    privacy = client.get(reverse("pages:privacy")).content.decode()
    about = client.get(reverse("pages:about")).content.decode()

    assert "erased 90 days after the appeal closes" in privacy.replace("\n", " ")
    assert "/appeals/feeds/long_overdue.atom" in about and 'id="source"' in about
