"""Public search over kits, modules and lessons (modules/search.py): in the reader's language, each hit
placed in the kits that hold it, matches highlighted, safe with any input, flat in queries."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from modules.models import LessonPage
from modules.packs.loader import load_pack_folder
from tests.modules.packs.snapshots import german_sh1_sources

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def hits(response):
    return re.findall(r'<h2><a href="([^"]+)">([^<]+)</a></h2>', response.content.decode())


def test_a_lesson_of_a_shared_module_is_found_with_a_link_in_each_kit(client):
    response = client.get("/search/", {"q": "quadruple helix"})
    assert response.status_code == 200
    html = response.content.decode()
    assert ("/itg-t1/sh-2/from-triple-to-quadruple-helix/", "From triple to quadruple helix") in hits(response)
    # SH-2 is in both kits: the hit says so and links to each.
    assert 'href="/itg-t2/sh-2/from-triple-to-quadruple-helix/"' in html
    assert "<mark>quadruple</mark>" in html.lower() and "<mark>helix</mark>" in html.lower()


def test_a_match_deep_in_a_lesson_body_is_shown_in_its_excerpt(client):
    html = client.get("/search/", {"q": "Carayannis"}).content.decode()
    hit = html.split('href="/itg-t1/sh-2/from-triple-to-quadruple-helix/"', 1)[1].split("</li>", 1)[0]
    assert "<mark>Carayannis</mark>" in hit and hit.count("…") >= 1


def test_kits_and_modules_are_found_too(client):
    found = dict(hits(client.get("/search/", {"q": "transnational cluster services"})))
    assert "/itg-t2/" in found
    modules = dict(hits(client.get("/search/", {"q": "synchronised"})))
    assert any(url.startswith("/itg-t1/t1-6/") for url in modules)


def test_every_word_must_match(client):
    assert hits(client.get("/search/", {"q": "quadruple helix"}))
    assert not hits(client.get("/search/", {"q": "quadruple zzzunknownword"}))


def test_an_unpublished_lesson_is_not_found(client):
    lesson = LessonPage.objects.get(slug="from-triple-to-quadruple-helix", locale__language_code="en")
    lesson.unpublish()
    urls = [url for url, _title in hits(client.get("/search/", {"q": "Carayannis"}))]
    assert not any("from-triple-to-quadruple-helix" in url for url in urls)


@pytest.mark.parametrize("query", ["", "   ", "<script>alert(1)</script>", "a" * 5000, "' OR 1=1 --", "%00"])
def test_any_input_answers_safely(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    main = response.content.decode().split('<main', 1)[1].split("</main>", 1)[0]
    assert "<script>alert(1)</script>" not in main
    assert "a" * 201 not in main  # the query is cut to 200 characters


def test_search_only_answers_get(client):
    assert client.post("/search/", {"q": "helix"}).status_code == 405


def test_the_header_of_every_page_has_the_search_box(client):
    html = client.get("/itg-t1/").content.decode()
    assert 'role="search"' in html and 'action="/search/"' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_search_page_speaks_the_readers_language(client, language):
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    response = client.get(f"{prefix}/search/", {"q": "helix"})
    with translation.override(language):
        heading = translation.gettext("Search the training kits")
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
    # Links stay in the reader's language.
    assert all(url.startswith(prefix + "/") for url, _title in hits(response))


def test_a_german_reader_finds_german_pages_and_english_ones_not_yet_translated(client):
    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        load_pack_folder(german_sh1_sources())
    german = hits(client.get("/de/search/", {"q": "Überblick"}))
    assert ("/de/itg-t1/sh-1/project-at-a-glance/", "Das Projekt im Überblick") in german
    response = client.get("/de/search/", {"q": "Carayannis"})
    html = response.content.decode()
    # SH-2 has no German translation: its English lesson is found, linked under /de/ and marked English.
    assert any(url == "/de/itg-t1/sh-2/from-triple-to-quadruple-helix/" for url, _title in hits(response))
    assert 'lang="en"' in html and "auf Englisch" in html


def test_queries_do_not_grow_with_the_number_of_hits(client, tmp_path):
    def count(query):
        client.get("/search/", {"q": query})
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", {"q": query})
        return len(queries)

    few = count("Carayannis")
    many = count("cluster")
    assert len(hits(client.get("/search/", {"q": "cluster"}))) > 3 * len(hits(client.get("/search/", {"q": "Carayannis"})))
    assert many <= few + 2, (few, many)  # + one query per further page type among the hits
