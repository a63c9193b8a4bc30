"""What a revision changes against the live version, item by item (stable ids), as a reviewer reads it.

Pure functions over the canonical item dicts of packs/serialise.py (the same ones release diffs use):
page fields, then lesson blocks and quiz questions matched by their ids, so a moved block is not
reported as removed and added, and a question's changed feedback is named as such."""

from dataclasses import dataclass, field

from django.utils.translation import gettext

from ..blocks import LessonStreamBlock
from ..packs.diff import item_lines, question_lines, unified
from ..packs.serialise import kit_module_ids, serialise_kit, serialise_lesson, serialise_module_fields, serialise_quiz

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass
class Change:
    kind: str                      # added / removed / changed
    label: str                     # "Question 3: Which …", "Text block 2", "Page details"
    lines: list = field(default_factory=list)   # [(sign, text)]: "+" added, "-" removed, " " context


def serialise_page(page):
    """The canonical dict of a kit, module, lesson or quiz page (a live page or a revision's copy)."""
    kind = page.specific_class.__name__ if hasattr(page, "specific_class") else type(page).__name__
    if kind == "LessonPage":
        return serialise_lesson(page)
    if kind == "QuizPage":
        return serialise_quiz(page)
    if kind == "ModulePage":
        return serialise_module_fields(page)
    if kind == "KitPage":
        return serialise_kit(page, kit_module_ids(page))
    return {"title": page.title}


def _fields(item):
    return item_lines({key: value for key, value in item.items() if key not in ("blocks", "questions")})


def _diff_lines(old, new):
    return [(line[0], line[1:]) for line in unified(old, new) if line and line[0] in "+- " and not line.startswith("@@")]


def _block_label(block, position):
    child = LessonStreamBlock.base_blocks.get(block["type"])
    kind = str(child.label) if child is not None and child.label else block["type"]
    return gettext("Block %(n)s (%(type)s)") % {"n": position, "type": kind}


def _question_label(question, position):
    return gettext("Question %(n)s: %(prompt)s") % {"n": position, "prompt": question["prompt"][:90]}


def page_changes(live, draft):
    """[Change] from the live item dict (None for a page never published) to the draft one."""
    live = live or {}
    changes = []
    fields = _diff_lines(_fields(live), _fields(draft))
    if fields:
        changes.append(Change(CHANGED if live else ADDED, gettext("Page details"), fields))
    for key, label, lines_of in (("blocks", _block_label, lambda b: item_lines({"blocks": [b]})),
                                 ("questions", _question_label, question_lines)):
        old = {entry["id"]: entry for entry in live.get(key, [])}
        new = {entry["id"]: entry for entry in draft.get(key, [])}
        for position, entry in enumerate(draft.get(key, []), start=1):
            before = old.get(entry["id"])
            if before is None:
                changes.append(Change(ADDED, label(entry, position), [("+", line) for line in lines_of(entry)]))
            elif before != entry:
                changes.append(Change(CHANGED, label(entry, position), _diff_lines(lines_of(before), lines_of(entry))))
        for position, entry in enumerate(live.get(key, []), start=1):
            if entry["id"] not in new:
                changes.append(Change(REMOVED, label(entry, position), [("-", line) for line in lines_of(entry)]))
    return changes
