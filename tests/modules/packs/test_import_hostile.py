"""Bad packs never half-import: each is refused with a message naming the problem and the entry,
and afterwards the database and the media folder are exactly as before."""

import copy
import io
import json
import os
import stat
import uuid
import zipfile

import pytest
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from modules.models import ImportedKit, ItemProvenance
from modules.packs.errors import PackError
from modules.packs.loader import load_pack_archive

from .pack_zip import pack_zip, read_entries, renumber, rezip, with_manifest

pytestmark = pytest.mark.django_db
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\r"
       b"IDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def outside_manifest(manifest_t2):
    manifest = renumber(manifest_t2)
    manifest["modules"] = manifest["modules"][2:4]
    lesson = manifest["modules"][0]["lessons"][0]
    lesson["blocks"].append({"id": str(uuid.uuid4()), "type": "image", "value": {"file": "media/images/dot.png", "alt_text": "A dot", "caption": ""}})
    return manifest


@pytest.fixture
def good_zip(outside_manifest):
    return pack_zip(outside_manifest, {"media/images/dot.png": PNG})


def state(media_root):
    files = sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())
    return (Page.objects.count(), Revision.objects.count(), get_image_model().objects.count(), ImportedKit.objects.count(),
            ItemProvenance.objects.count(), files)


def refuse(data, media_root, message, entry=None):
    before = state(media_root)
    with pytest.raises(PackError) as caught:
        load_pack_archive(io.BytesIO(data), source="hostile.zip")
    assert message in caught.value.message, caught.value
    if entry is not None:
        assert entry in (caught.value.entry or ""), caught.value
    assert state(media_root) == before


def test_good_outside_pack_imports_as_drafts_with_media(good_zip, media_root):
    report = load_pack_archive(io.BytesIO(good_zip), source="alpine-fork-1.0.0.zip")
    assert report.kit.slug == "alpine-fork" and not report.kit.live
    assert len(report.created) == 1 + 2 + 2 + 4  # kit, two modules, their quizzes, four lessons
    assert get_image_model().objects.count() == 1
    assert ImportedKit.objects.get(kit_key=report.kit.translation_key).source == "alpine-fork-1.0.0.zip"


def test_corrupt_archive(media_root):
    refuse(b"PK\x03\x04 this is not really a zip", media_root, "not a readable zip")


def test_truncated_archive(good_zip, media_root):
    refuse(good_zip[: len(good_zip) // 2], media_root, "not a readable zip")


@pytest.mark.parametrize("name", ["../evil.html", "media/../../evil.png", "/etc/passwd", "C:\\Windows\\evil.dll", "media\\..\\..\\evil"])
def test_path_traversal(good_zip, media_root, name):
    refuse(rezip(read_entries(good_zip), [(zipfile.ZipInfo(name), b"x")]), media_root, "Path traversal", name)


def test_symlinked_entry(good_zip, media_root):
    link = zipfile.ZipInfo("media/images/link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    refuse(rezip(read_entries(good_zip), [(link, b"/etc/passwd")]), media_root, "Links are not allowed", "media/images/link.png")


def test_case_variant_duplicate(good_zip, media_root):
    refuse(rezip(read_entries(good_zip), [(zipfile.ZipInfo("media/images/DOT.png"), PNG)]), media_root, "Duplicate entry", "DOT.png")


def test_exact_duplicate_entry(good_zip, media_root):
    with pytest.warns(UserWarning):
        data = rezip(read_entries(good_zip), [(zipfile.ZipInfo("media/images/dot.png"), PNG)])
    refuse(data, media_root, "Duplicate entry", "dot.png")


def test_nul_in_entry_name(good_zip, media_root):
    entries = read_entries(good_zip)
    data = rezip(entries, [(zipfile.ZipInfo("media/images/a.png"), PNG)]).replace(b"media/images/a.png", b"media/images/\x00.png")
    refuse(data, media_root, "NUL")


def test_wrong_checksum(good_zip, media_root):
    entries = read_entries(good_zip)
    entries["media/images/dot.png"] = PNG[:-1] + b"\x83"
    refuse(rezip(entries), media_root, "Checksum mismatch", "media/images/dot.png")


def test_unlisted_file(good_zip, media_root):
    refuse(rezip(read_entries(good_zip), [(zipfile.ZipInfo("media/extra.php"), b"<?php system($_GET['c']);")]), media_root,
           "does not list", "media/extra.php")


def test_future_format_version(good_zip, media_root):
    entries = read_entries(good_zip)
    manifest = json.loads(entries["manifest.json"])
    manifest["format_version"] = 7
    refuse(rezip(with_manifest(entries, manifest)), media_root, "format version 7 is not supported", "manifest.json")


def test_schema_violation(good_zip, media_root):
    entries = read_entries(good_zip)
    manifest = json.loads(entries["manifest.json"])
    del manifest["funding"]
    refuse(rezip(with_manifest(entries, manifest)), media_root, "does not follow the pack schema", "manifest.json")


@pytest.mark.parametrize("payload", ["<script>fetch('/admin/')</script>", '<img src=x onerror="alert(1)">', '<a href="javascript:alert(1)">x</a>'])
def test_script_carrying_lesson(outside_manifest, media_root, payload):
    manifest = copy.deepcopy(outside_manifest)
    manifest["modules"][1]["lessons"][0]["blocks"][0]["value"] += payload
    refuse(pack_zip(manifest, {"media/images/dot.png": PNG}), media_root, "carries script", "lesson")


def test_script_in_quiz_feedback(outside_manifest, media_root):
    manifest = copy.deepcopy(outside_manifest)
    manifest["modules"][0]["quiz"]["questions"][2]["answers"][0]["feedback"] = "<script>steal()</script>"
    refuse(pack_zip(manifest, {"media/images/dot.png": PNG}), media_root, "carries script", "quiz question 3")


def test_zip_bomb_ratio(good_zip, media_root):
    bomb = zipfile.ZipInfo("media/documents/zeros.pdf")
    bomb.compress_type = zipfile.ZIP_DEFLATED
    refuse(rezip(read_entries(good_zip), [(bomb, b"\0" * 5_000_000)]), media_root, "compression ratio", "zeros.pdf")


def test_oversized_archive(good_zip, media_root, settings):
    settings.ELEARN_PACK_MAX_UNPACKED_BYTES = 10_000
    refuse(good_zip, media_root, "unpacks to more than")


def test_too_many_entries(good_zip, media_root, settings):
    settings.ELEARN_PACK_MAX_ENTRIES = 5
    refuse(good_zip, media_root, "entries; at most 5")


def test_lying_size_header(good_zip, media_root):
    entries = read_entries(good_zip)
    data = bytearray(rezip(entries))
    # Shrink the uncompressed size recorded for dot.png in the central directory.
    name = b"media/images/dot.png"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    size_offset = central + 24
    data[size_offset:size_offset + 4] = (len(PNG) - 10).to_bytes(4, "little")
    refuse(bytes(data), media_root, "size", "media/images/dot.png")


def test_missing_manifest(media_root):
    refuse(rezip({"media/images/dot.png": PNG}), media_root, "no manifest.json")


def test_failure_after_media_was_stored_removes_it(outside_manifest, media_root):
    """A pack that only fails late (an unusable slug clash) must not leave its images behind."""
    manifest = copy.deepcopy(outside_manifest)
    manifest["modules"][1]["slug"] = manifest["modules"][0]["slug"]
    refuse(pack_zip(manifest, {"media/images/dot.png": PNG}), media_root, "slug")
    assert not any(p.is_file() for p in media_root.rglob("*")), os.listdir(media_root)
