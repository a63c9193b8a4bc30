"""Small helpers shared by the storage tests: real media bytes, a storage walk, a lesson that uses
an image, a document and an H5P activity, and a pack zip that brings new ones in."""

import copy
import hashlib
import io
import json
import uuid

from django.core.files.base import ContentFile
from PIL import Image as PILImage

from modules.packs.manifest import media_arcname, validate_manifest
from tests.modules.h5p.builders import check_content, elearn_check
from tests.modules.packs.snapshots import snapshot_manifest
from tests.modules.packs.pack_zip import pack_zip
from tests.modules.packs.pack_zip import renumber

PDF = b"%PDF-1.4\n% elearn storage test factsheet\n%%EOF\n"


def png(colour=(200, 30, 30), size=(8, 6)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def walk(storage, prefix):
    """Every file name under `prefix` (relative to it), through listdir only: no local paths."""
    found = []
    try:
        folders, files = storage.listdir(prefix)
    except FileNotFoundError:  # InMemoryStorage: no such folder; S3 simply lists nothing
        return found
    found += files
    for folder in folders:
        found += [f"{folder}/{name}" for name in walk(storage, f"{prefix}/{folder}")]
    return sorted(found)


def read(storage, name):
    with storage.open(name, "rb") as handle:
        return handle.read()


def lesson_with_media(title_suffix=""):
    """The T1 lesson "project-at-a-glance" published with an image, a document and an H5P activity,
    all stored in the current default storage. Returns (lesson, image, document, activity, h5p bytes)."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from modules.h5p.upload import apply_package, validate_upload
    from modules.models import H5PActivity, LessonPage

    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    image = get_image_model().objects.create(title="Alpine Space map", file=ContentFile(png(), name="map.png"))
    document = get_document_model().objects.create(title="Project factsheet", file=ContentFile(PDF, name="factsheet.pdf"))
    data = elearn_check()
    activity = apply_package(H5PActivity(title="Helix check", required_score=100), validate_upload(data), data, user=library_approver())
    raw = list(lesson.body.raw_data)
    raw += [{"type": "image", "value": {"image": image.pk, "alt_text": "Map of the Alpine Space regions", "caption": "The programme area"}},
            {"type": "document", "value": {"document": document.pk, "description": "Two pages"}},
            {"type": "h5p", "value": {"activity": activity.pk, "intro": "Try it."}}]
    lesson.body = json.dumps(raw)
    lesson.save_revision().publish()
    return lesson, image, document, activity, data


def library_approver():
    """A maintainer: only a person approves H5P library code (h5p/upload.py can_approve)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _ = get_user_model().objects.get_or_create(username="library-approver")
    user.groups.add(Group.objects.get(name="Kit maintainers"))
    return get_user_model().objects.get(pk=user.pk)  # fresh: no stale permission cache


def outside_pack(slug="from-upstream"):
    """A pack from another server (new ids, new slug: one module of kit T2) whose first lesson carries
    an image and an H5P activity this site has never seen. Returns (zip bytes, manifest, media)."""
    manifest = renumber(snapshot_manifest("itg-t2"), slug=slug)
    manifest["modules"] = manifest["modules"][2:3]
    manifest = copy.deepcopy(manifest)
    image = png(colour=(20, 120, 200))
    package = elearn_check(content=check_content(question="<p>Which region leads the cluster?</p>"))
    media = {
        media_arcname("images", sha256(image), "valley.png"): image,
        media_arcname("h5p", sha256(package), "activity.h5p"): package,
    }
    image_path, h5p_path = media
    blocks = manifest["modules"][0]["lessons"][0]["blocks"]
    blocks.append({"id": str(uuid.uuid4()), "type": "image",
                   "value": {"file": image_path, "alt_text": "A valley with a cluster", "caption": "Upstream image"}})
    blocks.append({"id": str(uuid.uuid4()), "type": "h5p", "value": {
        "activity": {"file": h5p_path, "key": str(uuid.uuid4()), "title": "Upstream check", "required_score": 100}, "intro": "Try it."}})
    manifest["files"] = [{"path": p, "sha256": sha256(d), "size": len(d)} for p, d in sorted(media.items())]
    validate_manifest(manifest)
    return pack_zip(manifest, media), manifest, media
