"""Export -> import into a fresh database reproduces both kits: modules, lessons, questions,
answers, feedback and media hashes. The fresh site is a separate process on its own database."""

import json

import pytest
from django.core.files.storage import default_storage

from modules.models import KitPage
from modules.packs.releases import cut_release
from tests.storage.content import lesson_with_media

from .fresh_site import manage
SNAPSHOT = """
import json
from modules.models import KitPage
from modules.packs.manifest import build_kit_snapshot
from modules.packs.media import MediaCollector
out = {}
for kit in KitPage.objects.order_by("slug"):
    media = MediaCollector()
    kit_data, modules = build_kit_snapshot(kit, media)
    out[kit.slug] = {"kit": kit_data, "modules": modules, "files": media.file_entries()}
print(json.dumps(out))
"""


@pytest.mark.django_db
def test_both_kits_round_trip_into_a_fresh_database(settings, tmp_path, fresh_site):
    settings.MEDIA_ROOT = tmp_path / "media"
    lesson_with_media()  # an image, a document and an H5P activity in T1 (SH-1, shared with T2)

    packs = {}
    for slug in ("itg-t1", "itg-t2"):
        release = cut_release(KitPage.objects.get(slug=slug), "1.0.0", "Round trip.")
        path = tmp_path / f"{slug}.zip"
        with default_storage.open(release.file("pack").storage_name, "rb") as handle:
            path.write_bytes(handle.read())
        packs[slug] = (path, release.manifest)

    for slug in ("itg-t1", "itg-t2"):
        manage(fresh_site, "import_pack", str(packs[slug][0]), "--publish")
    fresh = json.loads(manage(fresh_site, "shell", "--no-imports", "-c", SNAPSHOT))

    for slug, (_path, manifest) in packs.items():
        assert fresh[slug]["kit"] == manifest["kit"]
        for got, want in zip(fresh[slug]["modules"], manifest["modules"]):
            for gl, wl in zip(got["lessons"], want["lessons"]):
                assert gl == wl, [(g, w) for g, w in zip(gl["blocks"], wl["blocks"]) if g != w]
            assert got == want
        media = [f for f in manifest["files"] if f["path"].startswith("media/")]
        assert fresh[slug]["files"] == media
    assert len([f for f in packs["itg-t1"][1]["files"] if f["path"].startswith("media/")]) == 3
    assert any(f["path"].startswith("offline/h5p/player/") for f in packs["itg-t1"][1]["files"])
