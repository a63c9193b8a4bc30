"""The README's first command ends with a site worth opening: both kits, their releases 1.0.0, 1.1.0 and
1.2.0 in the catalogue, the API and the feed, the latest in five languages, and the demo accounts; running
it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from modules.models import KitPage, KitRelease
from tests.modules.packs.snapshots import LANGUAGES, sh1_sources, untranslated_sources

pytestmark = pytest.mark.django_db

VERSIONS = ["1.0.0", "1.1.0", "1.2.0"]


def setup_demo(*args):
    call_command("setup_demo", *args, stdout=io.StringIO())


def test_setup_demo_publishes_releases_1_0_0_to_1_2_0_of_both_kits_the_latest_in_five_languages(client):
    # The kits' sources with their translations loaded, as a fresh install loads them, but only SH-1's
    # in each language (shared by both kits): loading all of them takes minutes, and what is checked here
    # is that setup_demo's releases carry the languages loaded (tests/modules/packs/test_pack_languages.py
    # cuts one release from every translation of a kit).
    with override_settings(ELEARN_KIT_TRANSLATIONS=True, ELEARN_KIT_SOURCES=[sh1_sources(LANGUAGES), untranslated_sources(1)]):
        setup_demo()
    kits = KitPage.objects.filter(locale__language_code="en").live()
    releases = KitRelease.objects.filter(kit_key__in=[kit.translation_key for kit in kits])
    assert sorted((r.kit_slug, r.version) for r in releases) == [(slug, version) for slug in ("itg-t1", "itg-t2") for version in VERSIONS]
    assert all(release.files.filter(kind="pack").exists() for release in releases)
    latest = {r.kit_slug: r for r in releases if r.version == "1.2.0"}
    previous = {r.kit_slug: r for r in releases if r.version == "1.1.0"}
    # The notes say what changed since the release before, kit by kit, from the kits' sources (releases.yaml).
    assert previous["itg-t1"].notes.startswith("What changed since 1.0.0.")
    assert "StressTest self-assessment" in previous["itg-t1"].notes and "SECO" in previous["itg-t1"].notes
    assert "Mestre" in previous["itg-t2"].notes and "self-assessment" not in previous["itg-t2"].notes
    assert all("question pool" in r.notes for r in previous.values())
    for release in latest.values():
        assert release.notes.startswith("What changed since 1.1.0.")
        assert "German, French, Italian and Slovenian" in release.notes and "language switcher" in release.notes
        assert release.language_list == release.manifest["languages"] == ["en", *LANGUAGES]
        assert {f.language for f in release.files.all()} == {"en", *LANGUAGES}
    assert "questionnaire" in latest["itg-t1"].notes and "questionnaire" not in latest["itg-t2"].notes
    # The manifest's changelog carries the three releases.
    assert [entry["version"] for entry in latest["itg-t1"].manifest["changelog"]] == VERSIONS

    api = client.get("/api/packs/").json()
    assert {(kit["slug"], kit["latest_version"]) for kit in api["kits"]} == {("itg-t1", "1.2.0"), ("itg-t2", "1.2.0")}
    assert all(kit["releases"][0]["languages"] == ["en", *LANGUAGES] for kit in api["kits"])
    feed = client.get("/packs/feed.atom").content.decode()
    assert feed.count("<entry") >= 6 and all(version in feed for version in VERSIONS)
    catalogue = client.get("/packs/").content.decode()
    assert "1.2.0" in catalogue and "What changed since 1.1.0." in catalogue
    # The catalogue names the latest release's languages, in the reader's language.
    assert catalogue.count("English, German, French, Italian, Slovenian") >= 2
    assert "Englisch, Deutsch, Französisch, Italienisch, Slowenisch" in client.get("/de/packs/").content.decode()
    assert get_user_model().objects.get(email="learner@example.org").check_password("alpine-demo-2026")


def test_a_site_with_only_1_0_0_gets_1_1_0_and_1_2_0_and_keeps_its_first_release(client):
    setup_demo()
    KitRelease.objects.filter(version__in=["1.1.0", "1.2.0"]).delete()
    first = set(KitRelease.objects.values_list("pk", flat=True))
    setup_demo()
    assert first <= set(KitRelease.objects.values_list("pk", flat=True))
    assert sorted(KitRelease.objects.values_list("version", flat=True)) == sorted(VERSIONS * 2)


def test_the_kits_release_notes_are_read_from_their_sources(settings):
    from modules.packs.source import read_release_notes

    for folder in settings.ELEARN_KIT_SOURCES:
        _kit_id, releases = read_release_notes(folder)
        assert [version for version, _notes, _translated in releases] == VERSIONS
        assert releases[1][1].split("\n")[0] == "What changed since 1.0.0."
        assert releases[2][1].split("\n")[0] == "What changed since 1.1.0."


def test_setup_demo_again_cuts_nothing_new(client):
    setup_demo()
    before = list(KitRelease.objects.values_list("pk", "version"))
    setup_demo()
    assert list(KitRelease.objects.values_list("pk", "version")) == before


def test_no_releases_leaves_the_catalogue_to_the_caller():
    setup_demo("--no-releases")
    assert not KitRelease.objects.exists()
