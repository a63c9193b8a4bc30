"""Release notes per language: the kits' sources carry them (releases.yaml `translations`); the
catalogue and the feed show the reader's language, English where a language has none; the API gives all."""

import html

import pytest
from django.conf import settings

from modules.packs.source import read_release_notes

from .release_rows import stored_release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

NOTES = {"de": "Klarere Rückmeldungen im Test SH-1.", "fr": "Des rétroactions plus claires dans le quiz SH-1.",
         "it": "Feedback più chiari nel quiz SH-1.", "sl": "Jasnejše povratne informacije v kvizu SH-1."}
ENGLISH = "Clearer feedback in quiz SH-1."


@pytest.mark.parametrize("language", ["en", *sorted(NOTES)])
def test_the_catalogue_shows_the_notes_in_the_readers_language(client, language):
    stored_release(notes=ENGLISH, notes_translations=NOTES)
    prefix = "" if language == "en" else f"/{language}"
    body = html.unescape(client.get(f"{prefix}/packs/").content.decode())
    assert NOTES.get(language, ENGLISH) in body
    if language != "en":
        assert ENGLISH not in body


def test_the_feed_is_english_throughout(client):
    """The feed declares xml:lang="en" and its own texts are English; its notes are the English ones."""
    stored_release(notes=ENGLISH, notes_translations=NOTES)
    body = html.unescape(client.get("/packs/feed.atom", HTTP_ACCEPT_LANGUAGE="de").content.decode())
    assert ENGLISH in body and NOTES["de"] not in body


def test_a_language_without_notes_falls_back_to_english(client):
    stored_release(notes=ENGLISH, notes_translations={"de": NOTES["de"]})
    assert ENGLISH in html.unescape(client.get("/it/packs/").content.decode())


def test_the_api_returns_every_language(client):
    stored_release(notes=ENGLISH, notes_translations=NOTES)
    release = client.get("/api/packs/").json()["kits"][0]["releases"][0]
    assert release["notes"] == ENGLISH and release["notes_translations"] == NOTES


def test_the_kits_sources_carry_their_notes_in_every_language():
    for folder in settings.ELEARN_KIT_SOURCES:
        _kit_id, releases = read_release_notes(folder)
        by_version = {version: translated for version, _notes, translated in releases}
        for version in ("1.0.0", "1.2.0"):
            assert sorted(by_version[version]) == ["de", "fr", "it", "sl"], (folder, version)
        assert by_version["1.2.0"]["de"].split("\n")[0] == "Was sich seit 1.1.0 geändert hat."
