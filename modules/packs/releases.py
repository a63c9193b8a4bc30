"""Cutting a release: snapshot the published kit, build every download from that snapshot, store
it all, then record the release in one transaction. A failure leaves neither a row nor a file."""

import hashlib
import io
import shutil
import zipfile

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..interop.cmi5 import build_cmi5_zip, package_filename
from ..models import ImportedKit, KitRelease, ReleaseFile
from ..files import journal
from ..files.errors import WRITE_ERRNOS, describe_storage_error
from ..files.written import WrittenFiles
from .errors import PackError
from .common_cartridge import build_common_cartridge, cartridge_filename
from .exporter import spooled, write_pack_files, write_pack_zip
from .manifest import build_kit_snapshot, build_manifest, manifest_bytes, parse_semver
from .media import MediaCollector
from .moodle_xml import build_moodle_xml
from .pack_translations import build_translations, language_edition, localise, translated_languages
from .scorm import write_scorm_package


class ReleaseError(PackError):
    """The release cannot be cut as asked (version, content)."""


def _release_file_is_referenced(name):
    return ReleaseFile.objects.filter(storage_name=name).exists()


journal.register_prefix("packs/", _release_file_is_referenced)


def check_new_version(kit, version):
    try:
        semver, version = parse_semver(version)
    except ValueError as error:
        raise ReleaseError(str(error)) from error
    latest = KitRelease.objects.latest_for(kit.translation_key)
    if latest and KitRelease.objects.filter(kit_key=kit.translation_key, version=version).exists():
        raise ReleaseError(f"Release {version} of {kit.code} exists already; releases are immutable, choose a new version.")
    if latest and semver <= latest.semver:
        raise ReleaseError(f"Version {version} must be higher than the latest release, {latest.version}.")
    return semver, version


def provenance_of(kit):
    """A kit adapted from an imported pack names that pack; an original kit names none."""
    imported = ImportedKit.objects.filter(kit_key=kit.translation_key).defer("manifest").first()
    if imported is None:
        return None
    return {"pack_id": str(imported.kit_key), "version": imported.version, "manifest_sha256": imported.manifest_sha256, "source": imported.source[:500]}


def build_snapshot(kit, version, notes, created):
    media = MediaCollector()
    kit_data, modules = build_kit_snapshot(kit, media)
    if not modules:
        raise ReleaseError(f"{kit.code} has no published module to release.")
    # Every live translation of the released items travels with the snapshot (pack_translations.py).
    translations = build_translations(kit_data, modules, kit_data["languages"][0])
    changelog = [{"version": r.version, "date": r.created_at.date().isoformat(), "notes": r.notes}
                 for r in KitRelease.objects.filter(kit_key=kit.translation_key).order_by("major", "minor", "patch")]
    changelog.append({"version": version, "date": created.date().isoformat(), "notes": notes})
    args = {"version": version, "notes": notes, "changelog": changelog, "created": created, "provenance": provenance_of(kit),
            "translations": translations}
    provisional = build_manifest(kit_data, modules, files=media.file_entries(), **args)
    offline = {}
    write_pack_files(provisional, offline.__setitem__, media.open)
    files = media.file_entries() + [
        {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)} for path, data in sorted(offline.items())
    ]
    return build_manifest(kit_data, modules, files=files, **args), media, offline


def cut_release(kit, version, notes="", user=None, say=None, notes_translations=None):
    """`notes` in English; `notes_translations` the same notes in other languages (tag -> text)."""
    say = say or (lambda message: None)
    semver, version = check_new_version(kit, version)
    created = timezone.now().replace(microsecond=0)
    say(f"Snapshotting {kit.code} {version} …")
    manifest, media, offline = build_snapshot(kit, version, notes, created)
    stored = WrittenFiles()
    prefix = f"packs/{kit.slug}/{version}"
    # Files are journalled as they are stored (files/journal.py): a process killed part-way leaves no orphan.
    with journal.file_operation():
        try:
            rows = _build_downloads(manifest, media, offline, stored, prefix, say)
            with transaction.atomic():
                release = KitRelease.objects.create(
                    kit=kit, kit_key=kit.translation_key, kit_slug=kit.slug, kit_title=kit.title, version=version,
                    major=semver[0], minor=semver[1], patch=semver[2], notes=notes, notes_translations=dict(notes_translations or {}), manifest=manifest,
                    licence=manifest["kit"]["licence"], languages=",".join(manifest["languages"]),
                    manifest_sha256=hashlib.sha256(manifest_bytes(manifest)).hexdigest(), created_by=user,
                )
                ReleaseFile.objects.bulk_create([ReleaseFile(release=release, **row) for row in rows])
        except IntegrityError as error:
            stored.remove_all()
            raise ReleaseError(f"Release {version} of {kit.code} was cut at the same moment by someone else.") from error
        except journal.StorageWriteError as error:
            stored.remove_all()
            raise ReleaseError(str(error)) from error
        except OSError as error:
            # The temporary files the downloads are built in (the server's temp folder) are full.
            stored.remove_all()
            if error.errno not in WRITE_ERRNOS:
                raise
            raise ReleaseError(describe_storage_error(error)) from error
        except BaseException:
            stored.remove_all()
            raise
    say(f"Release {kit.code} {version} cut: {len(rows)} files.")
    return release


def lms_bundle_filename(slug, version, suffix=""):
    return f"{slug}-{version}-lms{suffix}.zip"


def add_to_bundle(bundle, filename, handle):
    """Copy a built download into the LMS bundle, at its root under its own name (stored: SCORM
    packages are compressed already)."""
    handle.seek(0)
    info = zipfile.ZipInfo(filename, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    with bundle.open(info, "w", force_zip64=True) as target:
        shutil.copyfileobj(handle, target, 1024 * 1024)
    handle.seek(0)


def _build_downloads(manifest, media, offline, stored, prefix, say):
    """The downloads of one release. The pack (with its offline copy) carries every language; SCORM,
    Moodle XML, the Common Cartridge and cmi5 are built in the source language under their usual names,
    and again per language that has translations (`…-<language>`), for the modules and quizzes
    translated into it (`pack_translations.language_edition`). Per language, the LMS bundle holds
    that language's SCORM packages and Moodle XML, byte for byte the files listed beside it."""
    slug, version = manifest["kit"]["slug"], manifest["version"]
    source = manifest["languages"][0]
    rows = []

    def store(kind, filename, fileobj, content_type, module=None, language=source):
        name, sha256, size = stored.save(f"{prefix}/{filename}", fileobj)
        rows.append({"kind": kind, "filename": filename, "storage_name": name, "sha256": sha256, "size": size,
                     "content_type": content_type, "module_key": module["id"] if module else None,
                     "module_code": module["code"] if module else "", "module_title": module["title"] if module else "",
                     "language": language})

    say("  pack with offline copy …")
    with spooled() as handle:
        write_pack_zip(manifest, offline, media.open, handle, say=say)
        store(ReleaseFile.PACK, f"{slug}-{version}.zip", handle, "application/zip")
    for language in [source, *translated_languages(manifest)]:
        edition = language_edition(manifest, language)
        modules = edition["modules"]
        if not modules:
            continue  # only the kit's own title and summary are translated: nothing to teach in it yet
        suffix = "" if language == source else f"-{language}"
        # The LMS bundle of this language: each SCORM package and the Moodle XML, copied in as they are built.
        with spooled() as bundle_handle:
            with zipfile.ZipFile(bundle_handle, "w", compression=zipfile.ZIP_STORED) as bundle:
                for number, module in enumerate(modules, start=1):
                    say(f"  SCORM 1.2 package {number}/{len(modules)} ({language}): {module['code']}")
                    filename = f"{slug}-{version}-{module['slug']}-scorm12{suffix}.zip"
                    with spooled() as handle:
                        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                            write_scorm_package(edition, module["id"], archive, media.open)
                        add_to_bundle(bundle, filename, handle)
                        store(ReleaseFile.SCORM, filename, handle, "application/zip", module, language)
                if language == source or any(m["quiz"] and m["quiz"]["id"] in manifest["translations"][language] for m in manifest["modules"]):
                    say(f"  Moodle XML question bank ({language}) …")
                    filename = f"{slug}-{version}-moodle{suffix}.xml"
                    moodle = io.BytesIO(build_moodle_xml(localise(manifest, language)))
                    add_to_bundle(bundle, filename, moodle)
                    store(ReleaseFile.MOODLE_XML, filename, moodle, "application/xml", language=language)
            say(f"  LMS bundle ({language}) …")
            store(ReleaseFile.LMS_BUNDLE, lms_bundle_filename(slug, version, suffix), bundle_handle, "application/zip", language=language)
        say(f"  IMS Common Cartridge 1.1 ({language}) …")
        with spooled() as handle:
            build_common_cartridge(edition, handle, media.open)
            store(ReleaseFile.COMMON_CARTRIDGE, cartridge_filename(edition), handle, "application/zip", language=language)
        say(f"  cmi5 course package ({language}) …")
        store(ReleaseFile.CMI5, package_filename(edition), build_cmi5_zip(edition, media.open), "application/zip", language=language)
    return rows
