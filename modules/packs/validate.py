"""Checks and the one sanitising step every pack goes through, whatever its source."""

from .. import grading
from ..sanitize import clean_inline, clean_rich_text
from .errors import PackContentError

SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")
RESERVED_SLUGS = {"certificate"}


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


def _validate_quiz(quiz, where, claim):
    claim(quiz["id"], f"{where}, quiz")
    check_slug(quiz["slug"], f"{where}, quiz")
    if not 1 <= quiz["pass_mark"] <= 100 or quiz["attempts_allowed"] < 1:
        raise PackContentError("The pass mark must be 1–100 and at least one attempt allowed.", f"{where}, quiz")
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
