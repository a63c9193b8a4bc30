"""Export -> import into a fresh database reproduces both kits: modules, lessons, questions,
answers, feedback and media hashes. The fresh site is a separate process on its own database."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from modules.models import LessonPage
from modules.packs.releases import cut_release
from modules.models import KitPage

ROOT = Path(__file__).resolve().parents[3]
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\r"
       b"IDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
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


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fresh-template")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}"}
    manage(env, "migrate", "--no-input", "-v", "0")
    return folder / "db.sqlite3"


@pytest.fixture
def fresh_site(migrated_template, tmp_path):
    shutil.copy(migrated_template, tmp_path / "db.sqlite3")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "ELEARN_MEDIA_ROOT": str(tmp_path / "fresh-media")}


@pytest.mark.django_db
def test_both_kits_round_trip_into_a_fresh_database(settings, tmp_path, fresh_site):
    settings.MEDIA_ROOT = tmp_path / "media"
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    image = get_image_model().objects.create(title="Alpine Space map", file=ContentFile(PNG, name="map.png"))
    document = get_document_model().objects.create(title="Project factsheet", file=ContentFile(b"%PDF-1.4 factsheet", name="factsheet.pdf"))
    from modules.h5p.upload import apply_package, validate_upload
    from modules.models import H5PActivity
    from tests.h5p.builders import elearn_check

    data = elearn_check()
    activity = apply_package(H5PActivity(title="Helix check", required_score=100), validate_upload(data), data)
    raw = list(lesson.body.raw_data)
    raw += [{"type": "image", "value": {"image": image.pk, "alt_text": "Map of the Alpine Space regions", "caption": "The programme area"}},
            {"type": "document", "value": {"document": document.pk, "description": "Two pages"}},
            {"type": "h5p", "value": {"activity": activity.pk, "intro": "Try it."}}]
    lesson.body = json.dumps(raw)
    lesson.save_revision().publish()

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
