"""The one validation and the one sanitising step every pack goes through, whatever its source.

A folder pack (our kits' sources) and a release zip reach `import_pack_data` as the same canonical
dict, and `check_pack` judges both alike: the pack schema, no scripts, then ids, slugs and questions.
The zip reader checks the archive around it (entries, sizes, checksums, the manifest's own fields)."""

import functools
import json

import jsonschema

from .. import grading
from ..question_pool import validate_ask
from ..sanitize import clean_inline, clean_rich_text
from .errors import PackContentError, PackFormatError
from .manifest import FORMAT, FORMAT_VERSION, load_schema

SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")
RESERVED_SLUGS = {"certificate"}
SCRIPT_MARKERS = ("<script", "javascript:", "vbscript:", "<iframe", "<object", "<embed", " onerror", " onload", " onclick", " onmouseover", " onfocus", "srcdoc=")


def check_pack(pack):
    """Raise a PackError naming the first problem of a canonical pack dict, else return None."""
    check_pack_schema(pack)
    check_no_scripts(pack)
    validate_pack(pack)


def check_format(manifest, entry):
    """`format` and `format_version` of a pack's manifest (pack.yaml or manifest.json)."""
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise PackFormatError(f"This is not an elearn pack (format should be '{FORMAT}').", entry)
    version = manifest.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= FORMAT_VERSION:
        raise PackFormatError(f"Pack format version {version!r} is not supported; this server reads format versions up to {FORMAT_VERSION}. "
                              "Update this server to import it.", entry)
    return version


@functools.cache
def _pack_validator():
    """The manifest schema's rules for the kit and its modules; a folder pack may also name a
    shared module by reference ({"ref": id}) instead of carrying it."""
    schema = load_schema()
    modules = schema["properties"]["modules"]
    reference = {"type": "object", "required": ["ref"], "additionalProperties": False,
                 "properties": {"ref": {"$ref": "#/$defs/uuid"}, "code": {"type": "string", "maxLength": 255}}}
    pack_schema = {
        "$schema": schema["$schema"], "$defs": schema["$defs"], "type": "object",
        "required": ["format_version", "kit", "modules"], "additionalProperties": False,
        "properties": {
            "format_version": schema["properties"]["format_version"],
            "kit": schema["properties"]["kit"],
            "modules": {**modules, "items": {"if": {"required": ["ref"]}, "then": reference, "else": modules["items"]}},
        },
    }
    return jsonschema.Draft202012Validator(pack_schema, format_checker=jsonschema.FormatChecker())


def check_pack_schema(pack):
    """The same rules and the same message as the zip's manifest check (manifest.validate_manifest)."""
    error = jsonschema.exceptions.best_match(_pack_validator().iter_errors(pack))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise PackContentError(f"The manifest does not follow the pack schema: {error.message}", where)


def check_no_scripts(pack):
    """Imported HTML is sanitised anyway; a pack that carries scripts is refused outright and named."""
    for module in pack["modules"]:
        if "ref" in module:
            continue
        for lesson in module["lessons"]:
            for block in lesson["blocks"]:
                _refuse_script(json.dumps(block["value"]), f"module {module['code']}, lesson {lesson['slug']}")
        if module["quiz"]:
            for number, question in enumerate(module["quiz"]["questions"], start=1):
                _refuse_script(json.dumps(question), f"module {module['code']}, quiz question {number}")
        if module.get("self_assessment"):
            _refuse_script(json.dumps(module["self_assessment"]), f"module {module['code']}, self-assessment")


def _refuse_script(text, where):
    lowered = text.lower().replace("\\u003c", "<")
    for marker in SCRIPT_MARKERS:
        if marker in lowered:
            raise PackContentError(f"The pack carries script ('{marker.strip()}'); packs with scripts are refused.", where)


def validate_pack(pack):
    """Ids unique within the pack, usable slugs, sound questions. Raises PackContentError."""
    seen = set()

    def claim(item_id, entry):
        if item_id in seen:
            raise PackContentError(f"The id {item_id} is used twice in the pack.", entry)
        seen.add(item_id)

    claim(pack["kit"]["id"], "kit")
    check_slug(pack["kit"]["slug"], "kit")
    for module in pack["modules"]:
        if "ref" in module:
            continue
        where = f"module {module['code']}"
        claim(module["id"], where)
        check_slug(module["slug"], where)
        for lesson in module["lessons"]:
            claim(lesson["id"], f"{where}, lesson {lesson['slug']}")
            check_slug(lesson["slug"], f"{where}, lesson {lesson['slug']}")
            for block in lesson["blocks"]:
                claim(block["id"], f"{where}, lesson {lesson['slug']}")
        quiz = module["quiz"]
        if quiz:
            _validate_quiz(quiz, where, claim)
        if module.get("self_assessment"):
            _validate_self_assessment(module["self_assessment"], module, where, claim)


def _validate_self_assessment(activity, module, where, claim):
    """Ids unique, a usable slug that no lesson of the module uses. Its texts are plain text (escaped
    wherever they are shown), so sanitising has nothing to do."""
    entry = f"{where}, self-assessment"
    claim(activity["id"], entry)
    check_slug(activity["slug"], entry)
    if activity["slug"] in {lesson["slug"] for lesson in module["lessons"]} | {(module["quiz"] or {}).get("slug")}:
        raise PackContentError(f"'{activity['slug']}' is already the slug of another item of the module.", entry)
    for number, area in enumerate(activity["areas"], start=1):
        claim(area["id"], f"{entry}, area {number}")
        for statement in area["statements"]:
            claim(statement["id"], f"{entry}, area {number}")


def _validate_quiz(quiz, where, claim):
    claim(quiz["id"], f"{where}, quiz")
    check_slug(quiz["slug"], f"{where}, quiz")
    if not 1 <= quiz["pass_mark"] <= 100 or quiz["attempts_allowed"] < 1:
        raise PackContentError("The pass mark must be 1–100 and at least one attempt allowed.", f"{where}, quiz")
    if "ask" in quiz:
        problem = validate_ask(quiz["ask"], len(quiz["questions"]))
        if problem:
            raise PackContentError(problem, f"{where}, quiz")
    for number, question in enumerate(quiz["questions"], start=1):
        entry = f"{where}, quiz question {number}"
        claim(question["id"], entry)
        for answer in question["answers"]:
            claim(answer["id"], entry)
        problems = grading.validate_question(question["type"], [(a["text"], a["correct"]) for a in question["answers"]])
        if problems:
            raise PackContentError(" ".join(problems), entry)


def check_slug(slug, entry):
    if not slug or set(slug) - SLUG_CHARS or slug in RESERVED_SLUGS:
        raise PackContentError(f"'{slug}' is not a usable URL slug (lower-case letters, digits and hyphens).", entry)


def sanitise_pack(pack):
    """Every HTML field goes through bleach here, and only here."""
    modules = []
    for module in pack["modules"]:
        if "ref" in module:
            modules.append(module)
            continue
        lessons = [dict(lesson, blocks=[sanitise_block(b) for b in lesson["blocks"]]) for lesson in module["lessons"]]
        quiz = module["quiz"]
        if quiz:
            quiz = dict(quiz, questions=[
                dict(q, answers=[dict(a, feedback=clean_inline(a["feedback"])) for a in q["answers"]]) for q in quiz["questions"]
            ])
        modules.append(dict(module, lessons=lessons, quiz=quiz))
    return dict(pack, modules=modules)


def sanitise_block(block):
    kind, value = block["type"], block["value"]
    if kind == "text":
        return dict(block, value=clean_rich_text(value))
    if kind == "callout":
        return dict(block, value=dict(value, text=clean_rich_text(value["text"])))
    if kind == "video":
        if not str(value.get("url", "")).startswith("https://"):
            raise PackContentError("Video links must be https:// URLs.", block.get("id"))
        return dict(block, value=dict(value, transcript=clean_rich_text(value.get("transcript", ""))))
    if kind in ("quiz", "image", "document", "h5p"):
        return block
    raise PackContentError(f"Lesson blocks of type '{kind}' cannot be imported.", block.get("id"))
