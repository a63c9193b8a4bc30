"""The README's first command ends with a site worth opening: both kits, their first release in the
catalogue, the API and the feed, and the demo accounts; running it again changes nothing."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from modules.models import KitPage, KitRelease

pytestmark = pytest.mark.django_db


def setup_demo(*args):
    call_command("setup_demo", *args, stdout=io.StringIO())


def test_setup_demo_publishes_the_first_release_of_both_kits(client):
    setup_demo()
    kits = KitPage.objects.filter(locale__language_code="en").live()
    releases = KitRelease.objects.filter(kit_key__in=[kit.translation_key for kit in kits])
    assert sorted((r.kit_slug, r.version) for r in releases) == [("itg-t1", "1.0.0"), ("itg-t2", "1.0.0")]
    assert all(release.files.filter(kind="pack").exists() for release in releases)
    api = client.get("/api/packs/").json()
    assert {(kit["slug"], kit["latest_version"]) for kit in api["kits"]} == {("itg-t1", "1.0.0"), ("itg-t2", "1.0.0")}
    assert client.get("/packs/feed.atom").content.count(b"<entry") >= 2
    assert get_user_model().objects.get(email="learner@example.org").check_password("alpine-demo-2026")


def test_setup_demo_again_cuts_nothing_new(client):
    setup_demo()
    before = list(KitRelease.objects.values_list("pk", "version"))
    setup_demo()
    assert list(KitRelease.objects.values_list("pk", "version")) == before


def test_no_releases_leaves_the_catalogue_to_the_caller():
    setup_demo("--no-releases")
    assert not KitRelease.objects.exists()
