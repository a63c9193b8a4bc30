"""SCORM 1.2 export of one module of a kit release: a pure function of the release manifest.

The package is one SCO: `index.html` shows every lesson of the module and then the module quiz,
which `sco.js` grades in the browser with the rules of modules/grading.py and reports to the LMS
(score, passed/failed). SCORM 1.2 LMSs cannot grade our question format on the server, so the answer
key necessarily ships inside the package: this export is for self-assessment in an outside LMS, never
for the certificates this site issues.

Nothing here reads the database or the clock: the same manifest gives the same zip, byte for byte."""

import re
import shutil
import zipfile
from datetime import datetime
from pathlib import Path, PurePosixPath

from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .errors import PackContentError, PackPathError
from .export_html import inline_html, lesson_html

SCHEMA_DIR = Path(__file__).with_name("standards") / "scorm12"
# Conventionally shipped beside imsmanifest.xml so that a validating LMS finds them in the zip root.
XSD_FILES = ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd")
TEMPLATES = "packs/scorm/"
SCO_PAGE, SCO_SCRIPT, SCO_STYLE = "index.html", "sco.js", "sco.css"
# The grading and rounding rule shared with the offline self-check (modules/scoring_rule.py).
SCORING_RULE, SCORING_RULE_TEMPLATE = "scoring-rule.js", "packs/scoring-rule.js"
# The question-pool draw shared with the offline self-check (modules/question_pool.py).
QUESTION_POOL, QUESTION_POOL_TEMPLATE = "question-pool.js", "packs/question-pool.js"
MEDIA_BLOCKS = ("image", "document")
CHUNK = 1024 * 1024
TITLE_MAX = 200  # imscp titleType: maxLength 200
HEADING = re.compile(r"<(/?)h([2-5])>")


def write_scorm_package(manifest, module_id, zip_file, open_media):
    """Write the SCORM 1.2 package of module `module_id` (its stable id) into `zip_file`.

    `zip_file` is a zipfile.ZipFile open for writing; `open_media(path)` returns a binary file object
    for a manifest media path ("media/images/…"). Media files are copied in chunks."""
    module = _find_module(manifest, module_id)
    media = _media_paths(module)
    stamp = _zip_timestamp(manifest["created"])
    # Interface strings follow the kit's language, not whichever language the exporting request had.
    with translation.override(manifest["kit"]["languages"][0]):
        context = _page_context(manifest, module)
        page = render_to_string(TEMPLATES + "index.html", context)

    # imsmanifest.xml first, as packaging tools conventionally write it.
    manifest_context = {**context, "ids": _identifiers(module["id"], language_suffix(manifest)), "files": [SCO_PAGE, SCORING_RULE, QUESTION_POOL, SCO_SCRIPT, SCO_STYLE, *media],
                        "item_title": _short(module["title"]), "org_title": _short(manifest["kit"]["title"])}
    _write(zip_file, "imsmanifest.xml", render_to_string(TEMPLATES + "imsmanifest.xml", manifest_context), stamp)
    for name in XSD_FILES:
        _write(zip_file, name, (SCHEMA_DIR / name).read_bytes(), stamp)
    _write(zip_file, SCO_PAGE, page, stamp)
    for name, template in ((SCORING_RULE, SCORING_RULE_TEMPLATE), (QUESTION_POOL, QUESTION_POOL_TEMPLATE),
                           (SCO_SCRIPT, TEMPLATES + SCO_SCRIPT), (SCO_STYLE, TEMPLATES + SCO_STYLE)):
        # Served as-is, not rendered: the script's braces must never meet the template engine.
        _write(zip_file, name, get_template(template).template.source, stamp)
    sizes = {entry["path"]: entry["size"] for entry in manifest.get("files", [])}
    for path in media:
        _copy_media(zip_file, path, open_media, stamp, sizes.get(path, 0))


def _find_module(manifest, module_id):
    for module in manifest["modules"]:
        if module["id"] == str(module_id):
            return module
    raise PackContentError(f"The release has no module with the id {module_id}.", "manifest.json: modules")


def _media_paths(module):
    """The files the module's image/document blocks use, in reading order, each once."""
    paths = []
    for lesson in module["lessons"]:
        for block in lesson["blocks"]:
            if block["type"] in MEDIA_BLOCKS and block["value"]["file"] not in paths:
                paths.append(_safe_path(block["value"]["file"]))
    return paths


def _safe_path(path):
    # The manifest schema's path pattern still admits "media/../x": refuse anything that could land
    # outside the package's media folder once an LMS unzips it.
    parts = PurePosixPath(path).parts
    if path.startswith("/") or any(part in ("", ".", "..") for part in parts) or parts[0] != "media":
        raise PackPathError("A media path must stay inside the media folder.", path)
    return path


def language_suffix(manifest):
    """"" for the source language; "-de" for a package of the German translation (pack_translations.localise),
    so an LMS holding both languages keeps them as two courses."""
    language = manifest["kit"]["languages"][0]
    source = (manifest.get("languages") or [language])[0]
    return "" if language == source else f"-{language}"


def _identifiers(module_id, suffix=""):
    # xsd:ID values must not start with a digit, and a UUID may: prefix them. Derived from the stable
    # id, so re-exporting a newer release replaces the same course in the LMS instead of adding one.
    return {name: f"{prefix}-{module_id}{suffix}" for name, prefix in
            (("manifest", "MANIFEST"), ("organization", "ORG"), ("item", "ITEM"), ("resource", "RES"))}


def _short(text):
    return text if len(text) <= TITLE_MAX else text[: TITLE_MAX - 1].rstrip() + "…"


def _page_context(manifest, module):
    quiz = module["quiz"]
    return {
        "language": manifest["kit"]["languages"][0],
        "kit": manifest["kit"],
        "module": module,
        "version": manifest["version"],
        "funding": manifest["funding"],
        "lessons": [{**lesson, "blocks": [_block_view(block, quiz) for block in lesson["blocks"]]} for lesson in module["lessons"]],
        "quiz": _quiz_view(quiz) if quiz else None,
        "answer_key": _answer_key(quiz) if quiz else None,
        "messages": _script_messages(),
    }


def _script_messages():
    """Texts sco.js shows, translated here so the script holds no language of its own."""
    return {
        "no_lms": gettext("No learning platform was found: your answers are graded in this page but not recorded."),
        "session_ended": gettext("This page was opened again after its session with your learning platform had ended "
                                 "(error {error}): your answers are graded here but not recorded. To continue, close it "
                                 "and open the module again from your learning platform."),
        "not_recorded_ended": gettext("Not recorded: the session with your learning platform had already ended."),
        "resumed": gettext("Welcome back: you continue where you left off."),
        "passed_before": gettext("You have already passed this module. You may take the quiz again: your pass is kept."),
        "kept_pass": gettext("Your learning platform keeps your earlier pass and your better score."),
        "read": gettext("read"),
        "answer_all": gettext("Please answer every question before submitting."),
        # The same words as the page's own numbering, so a renumbered question reads the same.
        "question": gettext("Question %(n)s") % {"n": "{n}"},
        "correct": gettext("Correct"), "partly": gettext("Partly correct"), "wrong": gettext("Not correct"),
        "passed": gettext("Score: {percent}%. Passed (pass mark {pass_mark}%)."),
        "failed": gettext("Score: {percent}%. Not passed (pass mark {pass_mark}%)."),
        "sent": gettext("Your result has been sent to your learning platform."),
        "not_sent": gettext("Your learning platform did not accept the result (error {error})."),
        "local_only": gettext("No learning platform was found: this result is shown here only."),
    }


def _rich(html):
    """Lesson HTML cleaned as every export cleans it (export_html.py). Headings move one level down
    because lessons, which are pages of their own on the site, are h2 sections here."""
    return mark_safe(HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}>", lesson_html(html)))  # noqa: S308 - cleaned by bleach


def _block_view(block, quiz):
    value, kind = block["value"], block["type"]
    if kind == "text":
        return {"type": kind, "id": block["id"], "html": _rich(value)}
    if kind == "callout":
        return {"type": kind, "id": block["id"], "kind": value["kind"], "html": _rich(value["text"])}
    if kind == "video":
        return {"type": kind, "id": block["id"], **value, "transcript": _rich(value["transcript"])}
    if kind == "quiz":
        # Only the module's own quiz is in this package; a link to any other would lead nowhere.
        return {"type": kind, "id": block["id"], "intro": value["intro"], "links": bool(quiz and value["quiz"] == quiz["id"])}
    return {"type": kind, "id": block["id"], **value}


def _quiz_view(quiz):
    questions = [
        {**question, "multiple": question["type"] == "multiple",
         "answers": [{**answer, "feedback": inline_html(answer["feedback"])} for answer in question["answers"]]}
        for question in quiz["questions"]
    ]
    return {**quiz, "questions": questions, "asked": quiz.get("ask") or len(questions), "pool_total": len(questions)}


def _answer_key(quiz):
    """What sco.js needs to grade: per question its type, its answer ids and the ids of the right
    answers, and `ask` for a question pool (sco.js draws with question-pool.js, seeded per attempt)."""
    return {
        "pass_mark": quiz["pass_mark"],
        "ask": quiz.get("ask"),
        "questions": [{"id": q["id"], "type": q["type"], "answers": [a["id"] for a in q["answers"]],
                       "correct": [a["id"] for a in q["answers"] if a["correct"]]}
                      for q in quiz["questions"]],
    }


def _zip_timestamp(created):
    # The release date, not the export time, so the archive is reproducible. Zip cannot store
    # dates before 1980.
    moment = datetime.fromisoformat(created)
    return (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)


def _entry(zip_file, name, stamp):
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.compress_type = zip_file.compression
    info.external_attr = 0o644 << 16
    return info


def _write(zip_file, name, data, stamp):
    zip_file.writestr(_entry(zip_file, name, stamp), data)


def _copy_media(zip_file, path, open_media, stamp, size):
    # Zip64 only when the file needs it: some LMS unzip tools still trip over Zip64 records.
    with open_media(path) as source, zip_file.open(_entry(zip_file, path, stamp), "w", force_zip64=size >= zipfile.ZIP64_LIMIT) as target:
        shutil.copyfileobj(source, target, CHUNK)
