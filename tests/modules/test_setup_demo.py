"""The README's first command ends with a site worth opening: both kits, their releases 1.0.0 and 1.1.0
in the catalogue, the API and the feed, and the demo accounts; running it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from modules.models import KitPage, KitRelease

pytestmark = pytest.mark.django_db


def setup_demo(*args):
    call_command("setup_demo", *args, stdout=io.StringIO())


def test_setup_demo_publishes_releases_1_0_0_and_1_1_0_of_both_kits(client):
    setup_demo()
    kits = KitPage.objects.filter(locale__language_code="en").live()
    releases = KitRelease.objects.filter(kit_key__in=[kit.translation_key for kit in kits])
    assert sorted((r.kit_slug, r.version) for r in releases) == [
        ("itg-t1", "1.0.0"), ("itg-t1", "1.1.0"), ("itg-t2", "1.0.0"), ("itg-t2", "1.1.0")]
    assert all(release.files.filter(kind="pack").exists() for release in releases)
    latest = {r.kit_slug: r for r in releases if r.version == "1.1.0"}
    # The notes say what changed since 1.0.0, kit by kit, from the kits' sources (releases.yaml).
    assert latest["itg-t1"].notes.startswith("What changed since 1.0.0.")
    assert "StressTest self-assessment" in latest["itg-t1"].notes and "SECO" in latest["itg-t1"].notes
    assert "Mestre" in latest["itg-t2"].notes and "self-assessment" not in latest["itg-t2"].notes
    assert all("question pool" in r.notes for r in latest.values())
    # The manifest's changelog carries both releases.
    assert [entry["version"] for entry in latest["itg-t1"].manifest["changelog"]] == ["1.0.0", "1.1.0"]

    api = client.get("/api/packs/").json()
    assert {(kit["slug"], kit["latest_version"]) for kit in api["kits"]} == {("itg-t1", "1.1.0"), ("itg-t2", "1.1.0")}
    feed = client.get("/packs/feed.atom").content.decode()
    assert feed.count("<entry") >= 4 and "1.1.0" in feed and "1.0.0" in feed
    catalogue = client.get("/packs/").content.decode()
    assert "1.1.0" in catalogue and "What changed since 1.0.0." in catalogue
    assert get_user_model().objects.get(email="learner@example.org").check_password("alpine-demo-2026")


def test_a_site_with_only_1_0_0_gets_1_1_0_and_keeps_its_first_release(client):
    setup_demo()
    KitRelease.objects.filter(version="1.1.0").delete()
    first = set(KitRelease.objects.values_list("pk", flat=True))
    setup_demo()
    assert first <= set(KitRelease.objects.values_list("pk", flat=True))
    assert sorted(KitRelease.objects.values_list("version", flat=True)) == ["1.0.0", "1.0.0", "1.1.0", "1.1.0"]


def test_the_kits_release_notes_are_read_from_their_sources(settings):
    from modules.packs.source import read_release_notes

    for folder in settings.ELEARN_KIT_SOURCES:
        _kit_id, releases = read_release_notes(folder)
        assert [version for version, _notes in releases] == ["1.0.0", "1.1.0"]
        assert releases[1][1].split("\n")[0] == "What changed since 1.0.0."


def test_setup_demo_again_cuts_nothing_new(client):
    setup_demo()
    before = list(KitRelease.objects.values_list("pk", "version"))
    setup_demo()
    assert list(KitRelease.objects.values_list("pk", "version")) == before


def test_no_releases_leaves_the_catalogue_to_the_caller():
    setup_demo("--no-releases")
    assert not KitRelease.objects.exists()
