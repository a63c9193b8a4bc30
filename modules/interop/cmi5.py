"""cmi5 course package of a kit release: a pure function of the release manifest (docs/design.md §11).

One AU per module. An AU is the module's SCORM 1.2 SCO page, built by packs.scorm from the same
manifest (the one lesson renderer and the one grading script), plus `cmi5-au.js`, which offers that
page the SCORM API it looks for and speaks cmi5 to the LMS and its LRS. So the AU and the SCO can
never drift apart. `cmi5.xml` lists the AUs with moveOn and the mastery score from the quiz's pass mark.

One package per language (`pack_translations.language_edition`): langstrings, AU pages and interface
strings in that language. The source language's course and AUs are `urn:uuid:<stable id>`; a
translation's are `urn:uuid:<UUIDv5 of (stable id, language)>`, still valid UUID URNs, the same on every
server, and distinct, so an LMS holding the English and the German package keeps two courses.

Nothing here reads the database or the clock: the same manifest gives the same zip, byte for byte."""

import io
import uuid
import zipfile

from django.template.loader import get_template, render_to_string

from ..packs.scorm import XSD_FILES, language_suffix, write_scorm_package

TEMPLATES = "interop/cmi5/"
RUNTIME = "cmi5-au.js"
SCO_SCRIPT_TAG = "<script src="
# Files of the SCO package an AU does not need: the SCORM manifest and its schemas.
SCORM_ONLY = {"imsmanifest.xml", *XSD_FILES}


def au_folder(module):
    return f"au/{module['slug']}/"


def package_filename(manifest):
    """`<kit>-<version>-cmi5.zip` in the source language, `…-cmi5-de.zip` for the German one."""
    return f"{manifest['kit']['slug']}-{manifest['version']}-cmi5{language_suffix(manifest)}.zip"


def package_iri(manifest, item_id):
    """The IRI of the course or an AU: its stable id, made distinct per translated language."""
    language = manifest["kit"]["languages"][0]
    if not language_suffix(manifest):
        return f"urn:uuid:{item_id}"
    return f"urn:uuid:{uuid.uuid5(uuid.UUID(str(item_id)), language)}"


def course_structure(manifest):
    """The cmi5.xml text: the course (the kit) and one AU per module, in kit order."""
    language = manifest["kit"]["languages"][0]
    aus = []
    for module in manifest["modules"]:
        quiz = module.get("quiz")
        aus.append({
            "id": package_iri(manifest, module["id"]), "title": f"{module['code']}: {module['title']}",
            "description": module.get("summary") or module["title"], "url": au_folder(module) + "index.html",
            "move_on": "CompletedAndPassed" if quiz else "Completed",
            "mastery_score": f"{quiz['pass_mark'] / 100:.2f}" if quiz else "",
        })
    kit = manifest["kit"]
    return render_to_string(TEMPLATES + "cmi5.xml", {
        "language": language, "course_id": package_iri(manifest, kit["id"]), "kit": kit, "version": manifest["version"],
        "funding": manifest["funding"], "aus": aus,
    })


def write_cmi5_package(manifest, zip_file, open_media):
    """Write the release's cmi5 course package into `zip_file` (a ZipFile open for writing);
    `open_media(path)` opens a manifest media path, as for packs.scorm."""
    stamp = None
    for module in manifest["modules"]:
        sco = io.BytesIO()
        with zipfile.ZipFile(sco, "w") as sco_zip:
            write_scorm_package(manifest, module["id"], sco_zip, open_media)
        with zipfile.ZipFile(sco) as sco_zip:
            for info in sco_zip.infolist():
                if stamp is None:
                    stamp = info.date_time
                    _write(zip_file, "cmi5.xml", course_structure(manifest), stamp)
                    _write(zip_file, RUNTIME, get_template(TEMPLATES + RUNTIME).template.source, stamp)
                if info.filename in SCORM_ONLY:
                    continue
                data = sco_zip.read(info)
                if info.filename == "index.html":
                    data = with_runtime(data.decode()).encode()
                _write(zip_file, au_folder(module) + info.filename, data, info.date_time)
    if stamp is None:
        raise ValueError("A release without modules has no cmi5 package.")


def with_runtime(page):
    """The SCO page with the cmi5 runtime loaded before its own scripts (sco.js finds the API then)."""
    position = page.index(SCO_SCRIPT_TAG)
    return page[:position] + f'<script src="../../{RUNTIME}"></script>\n  ' + page[position:]


def _write(zip_file, name, data, stamp):
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zip_file.compression
    info.external_attr = 0o644 << 16
    zip_file.writestr(info, data)


def build_cmi5_zip(manifest, open_media):
    """The package as an in-memory zip file object, for the release builder."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zip_file:
        write_cmi5_package(manifest, zip_file, open_media)
    buffer.seek(0)
    return buffer
