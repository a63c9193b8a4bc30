"""Issue 11, items 1 and 7: a pack changes only what belongs to its own kit (modules/packs/ownership.py),
and library code it brings waits for a maintainer (modules/h5p/upload.py can_approve)."""

import copy
import io

import pytest
from django.db.models.signals import pre_save
from wagtail.models import Revision

from modules.h5p.upload import can_approve, do_approve_library
from modules.models import H5PActivity, H5PLibrary, ImportedKit, KitPage, LessonPage
from modules.packs.errors import PackError
from modules.packs.loader import load_pack_archive
from modules.packs.manifest import media_arcname, validate_manifest
from tests.modules.h5p.builders import CHECK_JS, check_content, elearn_check
from tests.storage.content import lesson_with_media, sha256

from .pack_zip import pack_zip
from .snapshots import bump

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture(autouse=True)
def no_approval_without_a_person():
    """Fails the test if any code path stores a library as approved without naming who approved it."""
    def check(sender, instance, **kwargs):
        assert not (instance.approved and instance.approved_by_id is None), f"{instance} approved with no approver"

    pre_save.connect(check, sender=H5PLibrary, dispatch_uid="no-approval-without-a-person")
    yield
    pre_save.disconnect(dispatch_uid="no-approval-without-a-person", sender=H5PLibrary)


def pack_with_h5p(manifest, key, package, title="Upstream check"):
    """`manifest` with an H5P block carrying activity `key` and `package` in its first lesson."""
    manifest = copy.deepcopy(manifest)
    path = media_arcname("h5p", sha256(package), "activity.h5p")
    blocks = manifest["modules"][0]["lessons"][0]["blocks"]
    blocks[:] = [b for b in blocks if b["type"] != "h5p"]
    blocks.append({"id": "6d0f4a5e-3c1b-4a57-9d39-1e0c3f1b7a11", "type": "h5p", "value": {
        "activity": {"file": path, "key": str(key), "title": title, "required_score": 100}, "intro": "Try it."}})
    media = {path: package}
    manifest["files"] = [{"path": p, "sha256": sha256(d), "size": len(d)} for p, d in media.items()]
    validate_manifest(manifest)
    return pack_zip(manifest, media)


def hostile_package():
    return elearn_check(script=CHECK_JS + "\n// new library code from the pack\n",
                        content=check_content(question="<p>Replaced by the pack</p>"))


@pytest.fixture
def live_activity(maintainer):
    _lesson, _image, _document, activity, _data = lesson_with_media()
    return activity


@pytest.fixture
def outside(manifest_t2):
    from .pack_zip import renumber

    manifest = renumber(manifest_t2, slug="from-elsewhere")
    manifest["modules"] = manifest["modules"][2:3]
    return manifest


def test_a_pack_cannot_replace_another_kits_activity(live_activity, outside):
    before = (H5PActivity.objects.get(pk=live_activity.pk).package_sha256, H5PLibrary.objects.count(), Revision.objects.count(),
              KitPage.objects.count())
    data = pack_with_h5p(outside, live_activity.key, hostile_package())
    for dry_run in (True, False):
        with pytest.raises(PackError) as caught:
            load_pack_archive(io.BytesIO(data), source="hostile.zip", dry_run=dry_run)
        assert str(live_activity.key) in caught.value.message and "belongs to another kit" in caught.value.message
    activity = H5PActivity.objects.get(pk=live_activity.pk)
    assert (activity.package_sha256, H5PLibrary.objects.count(), Revision.objects.count(), KitPage.objects.count()) == before
    assert activity.is_playable and "Replaced by the pack" not in str(activity.content_json)


def test_library_code_from_a_pack_waits_for_a_maintainer(outside, maintainer):
    load_pack_archive(io.BytesIO(pack_with_h5p(outside, "0b7c3d1e-2f4a-4b5c-8d6e-7f8091a2b3c4", hostile_package())), source="fork.zip")
    activity = H5PActivity.objects.get(key="0b7c3d1e-2f4a-4b5c-8d6e-7f8091a2b3c4")
    library = activity.libraries.get()
    assert activity.status == H5PActivity.PENDING and not activity.is_playable
    assert not library.approved and library.approved_by is None
    do_approve_library(library, maintainer)
    library.refresh_from_db()
    assert library.approved and library.approved_by == maintainer
    assert H5PActivity.objects.get(pk=activity.pk).is_playable


def test_a_kits_own_next_release_may_replace_its_activity(outside):
    key = "1c2d3e4f-5a6b-4c7d-8e9f-a0b1c2d3e4f5"
    load_pack_archive(io.BytesIO(pack_with_h5p(outside, key, elearn_check())), source="fork-1.0.0.zip")
    first = H5PActivity.objects.get(key=key).package_sha256
    load_pack_archive(io.BytesIO(pack_with_h5p(bump(outside, "1.1.0"), key, hostile_package())), source="fork-1.1.0.zip", publish=True)
    activity = H5PActivity.objects.get(key=key)
    assert activity.package_sha256 != first and activity.status == H5PActivity.PENDING


def test_nobody_approves_without_a_person(maintainer, trainer):
    from django.contrib.auth.models import AnonymousUser

    assert not can_approve(None) and not can_approve(AnonymousUser()) and not can_approve(trainer)
    assert can_approve(maintainer)
    library = H5PLibrary.objects.create(machine_name="H5P.Probe", major_version=1, minor_version=0, patch_version=0,
                                        content_hash="0" * 64, storage_prefix="h5p/libraries/probe", metadata={})
    with pytest.raises(PermissionError):
        do_approve_library(library, None)
    assert not H5PLibrary.objects.get(pk=library.pk).approved


def lesson_revisions():
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    return lesson.revisions.count(), lesson.latest_revision_id


@pytest.mark.parametrize("version", ["0.0.1", "0.0.2", "9.9.9"])
def test_a_pack_claiming_a_kit_authored_here_is_refused(manifest_t1, version):
    manifest = copy.deepcopy(manifest_t1)
    manifest["version"] = version
    manifest["modules"][0]["lessons"][0]["blocks"][0]["value"] = "<p>Written by the pack</p>"
    before = lesson_revisions(), ImportedKit.objects.count()
    for dry_run in (True, False):
        with pytest.raises(PackError, match="authored on this server; a pack cannot update it"):
            load_pack_archive(io.BytesIO(pack_zip(manifest)), source="claims-t1.zip", dry_run=dry_run)
    assert (lesson_revisions(), ImportedKit.objects.count()) == before


def test_downgrades_are_refused_at_every_level(outside):
    load_pack_archive(io.BytesIO(pack_zip(bump(outside, "1.2.3"))), source="fork-1.2.3.zip")
    for older in ("1.2.2", "1.1.9", "0.9.0"):
        with pytest.raises(PackError, match="older than the imported 1.2.3"):
            load_pack_archive(io.BytesIO(pack_zip(bump(outside, older))), source=f"fork-{older}.zip")
    assert ImportedKit.objects.get(kit_key=outside["kit"]["id"]).version == "1.2.3"


def test_load_kits_still_reloads_the_kits_authored_here():
    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_kits", stdout=out)
    assert "unchanged" in out.getvalue() and not ImportedKit.objects.exists()
