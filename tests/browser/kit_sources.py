"""What a learner should meet in a kit, read from the kits' own sources: the modules in the kit's order,
their lessons and quizzes (itg_t*/content/...) and, in another language, their texts from the kits' PO
files (itg_t*/content/translations/<lang>/<stable id>.po). The browser journeys expect these texts, so
no translation is typed into a test."""

from dataclasses import dataclass
from functools import cache

import polib
import yaml

from tests.sites import ROOT

SOURCES = [ROOT / "itg_t1/content", ROOT / "itg_t2/content"]


@dataclass(frozen=True)
class Module:
    id: str
    code: str
    slug: str
    lessons: list  # [{"id", "slug", ...}] in the module's order
    quiz: dict | None  # quiz.yaml as written


def _front_matter(path):
    return yaml.safe_load(path.read_text().split("---")[1])


@cache
def _module_folders():
    """{module id: its folder} over every kit's sources (a shared module lives in one kit's sources)."""
    found = {}
    for source in SOURCES:
        for folder in sorted((source / "modules").iterdir()):
            if (folder / "module.yaml").is_file():
                found[yaml.safe_load((folder / "module.yaml").read_text())["id"]] = folder
    return found


def _read_module(folder):
    data = yaml.safe_load((folder / "module.yaml").read_text())
    quiz = yaml.safe_load((folder / data["quiz"]).read_text()) if data.get("quiz") else None
    return Module(data["id"], data["code"], data["slug"], [_front_matter(folder / lesson) for lesson in data["lessons"]], quiz)


def kit(slug):
    """(kit id, kit code, [Module]) of the kit `slug`, its modules in the kit's order."""
    for source in SOURCES:
        pack = yaml.safe_load((source / "pack.yaml").read_text())
        if pack["kit"]["slug"] == slug:
            folders = [_module_folders()[entry["ref"]] if "ref" in entry else source / entry["path"] for entry in pack["modules"]]
            return pack["kit"]["id"], pack["kit"]["code"], [_read_module(folder) for folder in folders]
    raise LookupError(slug)


def quiz_answers(slug):
    """[(lesson ids, quiz id, {question id: correct answer ids}, {question id: [a wrong answer id]})] of the
    kit's modules in the kit's order, from their sources: what a journey posts to complete or fail them."""
    items = []
    for module in kit(slug)[2]:
        questions = module.quiz["questions"]
        key = {q["id"]: [a["id"] for a in q["answers"] if a["correct"]] for q in questions}
        wrong = {q["id"]: [next(a["id"] for a in q["answers"] if not a["correct"])] for q in questions}
        items.append(([lesson["id"] for lesson in module.lessons], module.quiz["id"], key, wrong))
    return items


@cache
def translated(language, item_id):
    """{msgctxt: translation} of one item (kit, module, lesson or quiz) in `language`, from its PO file."""
    for source in SOURCES:
        path = source / "translations" / language / f"{item_id}.po"
        if path.is_file():
            return {entry.msgctxt: entry.msgstr for entry in polib.pofile(str(path))}
    raise LookupError(f"{item_id} has no {language} translation in the kits' sources")
