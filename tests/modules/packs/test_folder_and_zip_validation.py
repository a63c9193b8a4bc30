"""One validation path: a folder pack (our kits' sources) and the zip of the same content are accepted
or refused alike, with the same message, and a refused one leaves nothing behind."""

import io

import pytest
from wagtail.models import Page, Revision

from modules.packs.errors import PackContentError, PackError
from modules.packs.loader import load_pack_archive, load_pack_folder
from modules.packs.manifest import build_manifest, manifest_bytes
from modules.packs.source import FolderSource, read_pack

from ..pack_factory import dump_yaml, load_yaml, write_pack
from .pack_zip import rezip

pytestmark = pytest.mark.django_db


def release_envelope(root):
    """The manifest fields around the content (version, funding, metadata …) of a sound pack."""
    pack = read_pack(FolderSource(root))
    return build_manifest(pack["kit"], pack["modules"], version="1.0.0", notes="First release.", files=[],
                          changelog=[{"version": "1.0.0", "date": "2026-12-01", "notes": "First release."}])


def zip_of(root, envelope):
    """The release zip holding exactly what the folder holds (not checked here: the reader does that)."""
    pack = read_pack(FolderSource(root))
    return rezip({"manifest.json": manifest_bytes({**envelope, "kit": pack["kit"], "modules": pack["modules"]})})


def state():
    return Page.objects.count(), Revision.objects.count()


def refusal(load):
    before = state()
    with pytest.raises(PackError) as caught:
        load()
    assert state() == before
    return caught.value


def append_to_lesson(text):
    def breakage(root):
        lesson = root / "modules/m0/lessons/00.md"
        lesson.write_text(lesson.read_text() + text)
    return breakage


def edit_yaml(relpath, change):
    def breakage(root):
        data = load_yaml(root / relpath)
        change(data)
        dump_yaml(root / relpath, data)
    return breakage


def long_lesson_title(root):
    lesson = root / "modules/m0/lessons/01.md"
    lesson.write_text(lesson.read_text().replace("title: Lesson 0.1 on cluster policy", "title: " + "Clusters " * 40))


HOSTILE = {
    "script in a lesson": append_to_lesson("\n<script>fetch('/admin/')</script>\n"),
    "event handler in a lesson": append_to_lesson('\n<img src=x onerror="alert(1)">\n'),
    "javascript link in a lesson": append_to_lesson("\n[x](javascript:alert(1))\n"),
    "script in quiz feedback": edit_yaml("modules/m0/quiz.yaml", lambda q: q["questions"][1]["answers"][0].update(feedback="<script>steal()</script>")),
    "kit theme that is no slug": edit_yaml("pack.yaml", lambda p: p["kit"].update(thematic_areas=["Digital Transformation"])),
    "language that is no language tag": edit_yaml("pack.yaml", lambda p: p["kit"].update(languages=["English!"])),
    "lesson title too long": long_lesson_title,
    "pass mark over 100": edit_yaml("modules/m0/quiz.yaml", lambda q: q.update(pass_mark=150)),
    "unknown question type": edit_yaml("modules/m0/quiz.yaml", lambda q: q["questions"][0].update(type="essay")),
}


def test_a_sound_folder_pack_and_its_zip_are_both_accepted(tmp_path):
    write_pack(tmp_path, modules=2)
    data = zip_of(tmp_path, release_envelope(tmp_path))
    from_folder = load_pack_folder(tmp_path, dry_run=True)
    from_zip = load_pack_archive(io.BytesIO(data), source="test-kit-1.0.0.zip", dry_run=True)
    assert len(from_folder.created) == len(from_zip.created) == 1 + 2 * (1 + 2 + 1)


@pytest.mark.parametrize("breakage", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_folder_pack_is_refused_like_its_zip(tmp_path, breakage):
    write_pack(tmp_path)
    envelope = release_envelope(tmp_path)
    breakage(tmp_path)
    data = zip_of(tmp_path, envelope)
    from_folder = refusal(lambda: load_pack_folder(tmp_path))
    from_zip = refusal(lambda: load_pack_archive(io.BytesIO(data), source="hostile.zip"))
    assert type(from_folder) is type(from_zip) is PackContentError
    assert from_folder.message == from_zip.message
    # The zip names the manifest as well: "manifest.json: modules/0/…" where the folder says "modules/0/…".
    assert from_zip.entry in (from_folder.entry, f"manifest.json: {from_folder.entry}")


def test_scripts_are_named_where_they_are(tmp_path):
    write_pack(tmp_path)
    HOSTILE["script in quiz feedback"](tmp_path)
    error = refusal(lambda: load_pack_folder(tmp_path))
    assert error.message == "The pack carries script ('<script'); packs with scripts are refused."
    assert error.entry == "module TM-0, quiz question 2"


def test_schema_violations_are_named_where_they_are(tmp_path):
    write_pack(tmp_path)
    long_lesson_title(tmp_path)
    error = refusal(lambda: load_pack_folder(tmp_path))
    assert error.message.startswith("The manifest does not follow the pack schema: ") and "is too long" in error.message
    assert error.entry == "modules/0/lessons/1/title"


def test_a_dry_run_is_refused_too(tmp_path):
    write_pack(tmp_path)
    HOSTILE["script in a lesson"](tmp_path)
    error = refusal(lambda: load_pack_folder(tmp_path, dry_run=True))
    assert "carries script" in error.message


def test_a_number_field_that_is_no_number_is_refused_with_a_message(tmp_path):
    write_pack(tmp_path)
    edit_yaml("modules/m0/module.yaml", lambda m: m.update(estimated_minutes="about an hour"))(tmp_path)
    error = refusal(lambda: load_pack_folder(tmp_path))
    assert error.message == "The field 'estimated_minutes' has the wrong type." and error.entry == "modules/m0/module.yaml"


def test_a_shared_module_reference_follows_the_schema_too(tmp_path):
    write_pack(tmp_path)
    edit_yaml("pack.yaml", lambda p: p["modules"].append({"ref": "5ba9147a-11fd-4586-8906-295419a2b7eb", "code": "X" * 300}))(tmp_path)
    error = refusal(lambda: load_pack_folder(tmp_path))
    assert "does not follow the pack schema" in error.message and error.entry == "modules/1/code"
