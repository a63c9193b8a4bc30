"""Release rows with small stored files, for tests of the catalogue, its feed, API and downloads that
need releases but not the ten real exports (cutting one takes seconds; tests/modules/packs/test_releases.py
covers that). Files are written through default_storage, like cut_release does."""

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from modules.models import KitRelease, ReleaseFile

SH1 = {"id": "7b0c1c9e-2f43-4c51-9a1e-5a8c3b6d0e11", "code": "SH-1", "slug": "sh-1", "title": "The S3-4AlpClusters project & its programme"}


def default_files(slug, version):
    return [
        (ReleaseFile.PACK, f"{slug}-{version}.zip", b"PK pack " * 64, "application/zip", None),
        (ReleaseFile.SCORM, f"{slug}-{version}-sh-1-scorm12.zip", b"PK scorm " * 32, "application/zip", SH1),
        (ReleaseFile.MOODLE_XML, f"{slug}-{version}-moodle.xml", b"<quiz/>", "application/xml", None),
        (ReleaseFile.COMMON_CARTRIDGE, f"{slug}-{version}-cc11.imscc", b"PK cartridge " * 16, "application/zip", None),
    ]


def stored_release(slug="itg-t1", version="1.0.0", notes="First public release.", *, title=None, kit_key=None,
                   files=None, manifest=None, languages="en", licence="CC-BY-4.0", notes_translations=None):
    """A KitRelease with `files` [(kind, filename, bytes, content_type, module or None[, language])] in storage.
    `manifest` replaces the default one (authors and kit languages), e.g. to add or drop `languages`."""
    major, minor, patch = (int(part) for part in version.split("."))
    kit_key = kit_key or KitRelease.objects.filter(kit_slug=slug).values_list("kit_key", flat=True).first() or uuid.uuid4()
    if manifest is None:
        manifest = {"version": version, "authors": [{"name": "S3-4AlpClusters project partners"}],
                    "kit": {"slug": slug, "languages": languages.split(",")}, "modules": [SH1]}
    release = KitRelease.objects.create(
        kit=None, kit_key=kit_key, kit_slug=slug, kit_title=title or f"Kit {slug.upper()}", version=version,
        major=major, minor=minor, patch=patch, notes=notes, notes_translations=notes_translations or {}, manifest=manifest, licence=licence, languages=languages,
        manifest_sha256=hashlib.sha256(repr(manifest).encode()).hexdigest())
    rows = []
    for kind, filename, data, content_type, module, *language in (default_files(slug, version) if files is None else files):
        name = default_storage.save(f"packs/{slug}/{version}/{filename}", ContentFile(data))
        rows.append(ReleaseFile(release=release, kind=kind, filename=filename, storage_name=name, content_type=content_type,
                                sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                                module_key=module["id"] if module else None, module_code=module["code"] if module else "",
                                module_title=module["title"] if module else "", language=language[0] if language else "en"))
    ReleaseFile.objects.bulk_create(rows)
    return release
