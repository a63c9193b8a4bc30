"""The release snapshot: a published kit serialised into the pack manifest (docs/pack-format.md).

Everything downstream — the pack zip, the offline copy, SCORM, Moodle XML, release diffs, upgrades —
reads this dict, never the pages, so each export is a pure function of one stored snapshot."""

import json
import re
from pathlib import PurePosixPath

import jsonschema
from django.conf import settings
from django.utils import timezone

from ..licences import spdx_url
from ..models import LessonPage, QuizPage, SelfAssessmentPage
from . import serialise
from .errors import PackContentError

FORMAT = "elearn-pack"
# 2: `languages` and `translations` (pack_translations.py). Format 1 manifests are still read: they
# carry the source language only.
FORMAT_VERSION = 2
SCHEMA_PATH = __import__("pathlib").Path(__file__).with_name("schema") / "manifest.schema.json"
SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$")
DEFAULT_AUTHORS = [{"name": "S3-4AlpClusters project partners"}]


def load_schema():
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


_VALIDATOR = None


def validate_manifest(manifest):
    """Raise PackContentError naming the first schema violation and where it is."""
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(_VALIDATOR.iter_errors(manifest))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise PackContentError(f"The manifest does not follow the pack schema: {error.message}", f"manifest.json: {where}")


def parse_semver(version):
    match = SEMVER.match(version or "")
    if not match:
        raise ValueError(f"'{version}' is not a semantic version such as 1.2.0.")
    return tuple(int(part) for part in match.groups()[:3]), version


def media_arcname(kind, sha256, filename):
    """Content-addressed: the same file gets the same name on every server, and names never clash."""
    suffix = PurePosixPath(filename).suffix.lower()
    suffix = suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else ""
    return f"media/{kind}/{sha256[:32]}{suffix}"


def build_kit_snapshot(kit, media):
    """Kit + live modules -> canonical dicts. `media` turns image/document ids into pack paths."""
    modules = []
    for module in kit.live_modules():
        quiz = QuizPage.objects.child_of(module).live().first()
        lessons = [
            _lesson_with_media(serialise.serialise_lesson(lesson, public=True), media)
            for lesson in LessonPage.objects.child_of(module).live().order_by("path")
        ]
        entry = {**serialise.serialise_module_fields(module, public=True), "lessons": lessons,
                 "quiz": serialise.serialise_quiz(quiz, public=True) if quiz else None}
        activity = SelfAssessmentPage.objects.child_of(module).live().first()
        if activity is not None:
            entry["self_assessment"] = serialise.serialise_self_assessment(activity, public=True)
        modules.append(entry)
    kit_data = serialise.serialise_kit(kit, [])
    kit_data.pop("modules")
    return kit_data, modules


def _lesson_with_media(lesson, media):
    blocks = []
    for block in lesson["blocks"]:
        value = block["value"]
        if block["type"] == "image":
            value = {"file": media.image(value["image"]), "alt_text": value["alt_text"], "caption": value.get("caption", "")}
        elif block["type"] == "document":
            path, title = media.document(value["document"])
            value = {"file": path, "title": title, "description": value.get("description", "")}
        elif block["type"] == "video":
            value = {"url": value["video"], "title": value["title"], "transcript": value.get("transcript", "")}
        elif block["type"] == "h5p":
            value = {"activity": media.h5p(value["activity"]), "intro": value.get("intro", "")}
        blocks.append({**block, "value": value})
    return {**lesson, "blocks": blocks}


def build_manifest(kit_data, modules, *, version, notes, files, changelog, provenance=None, created=None, translations=None):
    """`translations`: {language: {stable id: entry}} (pack_translations.build_translations)."""
    created = created or timezone.now()
    funding = settings.ELEARN_FUNDING
    translations = {language: items for language, items in sorted((translations or {}).items()) if items}
    source = kit_data["languages"][0]
    languages = [source] + [language for language in translations if language != source]
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "version": version,
        "release_notes": notes,
        "created": created.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "authors": DEFAULT_AUTHORS,
        "funding": {key: funding[key] for key in ("acronym", "programme", "fund", "statement")},
        "provenance": provenance,
        "kit": kit_data,
        "modules": modules,
        "files": files,
        "changelog": changelog,
        "languages": languages,
        "translations": translations,
        "metadata": lrmi_metadata(kit_data, version, provenance, created, languages),
    }
    validate_manifest(manifest)
    return manifest


def lrmi_metadata(kit, version, provenance, created, languages=None):
    """Schema.org / LRMI JSON-LD so OER catalogues can list the pack."""
    funding = settings.ELEARN_FUNDING
    data = {
        "@context": "https://schema.org",
        "@type": ["LearningResource", "Course"],
        "identifier": f"urn:uuid:{kit['id']}",
        "name": kit["title"],
        "description": kit["summary"],
        "inLanguage": languages or kit["languages"],
        "license": spdx_url(kit["licence"]),
        "version": version,
        "dateCreated": created.date().isoformat(),
        "learningResourceType": "training kit",
        "educationalAudience": [{"@type": "EducationalAudience", "educationalRole": name} for name in kit["audience"]],
        "about": kit["thematic_areas"],
        "timeRequired": f"PT{kit['estimated_minutes']}M",
        "isAccessibleForFree": True,
        "funder": {"@type": "Organization", "name": f"{funding['fund']}, {funding['programme']} programme"},
        "funding": funding["statement"],
        "sourceOrganization": {"@type": "Organization", "name": funding["acronym"]},
    }
    if provenance:
        data["isBasedOn"] = {"@type": "LearningResource", "identifier": f"urn:uuid:{provenance['pack_id']}", "version": provenance["version"]}
    return data


def manifest_bytes(manifest):
    """The one serialisation of a manifest: its SHA-256 is the manifest checksum."""
    return json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")
