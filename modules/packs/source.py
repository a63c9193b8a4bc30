"""Read an unpacked pack (a folder of YAML and Markdown) into the canonical item dicts.

The reader only parses and checks shape; validation (the pack schema, scripts, ids) and sanitising
happen once, in the importer (validate.check_pack), so a folder and a zip are judged alike. Paths
named inside the pack are checked before anything is opened: relative, inside the pack, no `..`, no
links."""

from pathlib import Path, PurePosixPath

import yaml

from .errors import PackContentError, PackPathError
from .fields import integer, require, require_uuid, with_term_names, with_trainer_notes
from .lesson_markdown import parse_lesson
from .validate import check_format

MAX_SOURCE_FILE_BYTES = 2 * 1024 * 1024


class FolderSource:
    def __init__(self, root):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise PackPathError("The pack folder does not exist.", str(root))

    def resolve(self, relpath):
        pure = PurePosixPath(str(relpath))
        if pure.is_absolute() or ".." in pure.parts or str(relpath).startswith(("\\", "~")) or ":" in str(relpath):
            raise PackPathError("Paths in a pack must be relative and stay inside the pack.", str(relpath))
        path = self.root.joinpath(*pure.parts)
        for parent in [path, *path.parents]:
            if parent == self.root:
                break
            if parent.is_symlink():
                raise PackPathError("Links are not allowed in a pack.", str(relpath))
        if not path.resolve().is_relative_to(self.root):
            raise PackPathError("Paths in a pack must stay inside the pack.", str(relpath))
        return path

    def read_text(self, relpath):
        path = self.resolve(relpath)
        if not path.is_file():
            raise PackPathError("The file named here is missing from the pack.", str(relpath))
        if path.stat().st_size > MAX_SOURCE_FILE_BYTES:
            raise PackContentError("The file is larger than a pack source file may be.", str(relpath))
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            raise PackContentError("The file is not valid UTF-8 text.", str(relpath)) from error

    def read_yaml(self, relpath):
        try:
            data = yaml.safe_load(self.read_text(relpath))
        except yaml.YAMLError as error:
            raise PackContentError(f"The YAML does not parse: {error}", str(relpath)) from error
        if not isinstance(data, dict):
            raise PackContentError("Expected a mapping at the top of the file.", str(relpath))
        return data


def read_pack(source):
    """Return the canonical pack dict: {format_version, kit, modules: [module dict | {"ref": id}]}."""
    manifest = source.read_yaml("pack.yaml")
    version = check_format(manifest, "pack.yaml")
    kit = read_kit(manifest.get("kit") or {}, "pack.yaml")
    modules = []
    for position, entry in enumerate(manifest.get("modules") or []):
        if not isinstance(entry, dict):
            raise PackContentError(f"Module entry {position + 1} must be a mapping with 'path' or 'ref'.", "pack.yaml")
        if "ref" in entry:
            modules.append({"ref": require_uuid({"id": entry["ref"]}, "pack.yaml"), "code": str(entry.get("code", ""))})
        elif "path" in entry:
            modules.append(read_module(source, str(entry["path"]).rstrip("/")))
        else:
            raise PackContentError(f"Module entry {position + 1} needs 'path' or 'ref'.", "pack.yaml")
    if not modules:
        raise PackContentError("A kit needs at least one module.", "pack.yaml")
    return {"format_version": version, "kit": kit, "modules": modules}


def read_kit(data, entry):
    return with_term_names({
        "id": require_uuid(data, entry),
        "slug": require(data, "slug", entry),
        "code": require(data, "code", entry),
        "title": require(data, "title", entry),
        "summary": require(data, "summary", entry),
        "audience": [str(a).strip() for a in data.get("audience") or []],
        "thematic_areas": [str(a).strip() for a in data.get("thematic_areas") or []],
        "licence": str(data.get("licence") or "CC-BY-4.0"),
        "languages": [str(a).strip() for a in data.get("languages") or ["en"]],
        "estimated_minutes": integer(data, "estimated_minutes", entry),
    }, data, entry)


def read_module(source, folder):
    entry = f"{folder}/module.yaml"
    data = source.read_yaml(entry)
    quiz = read_quiz(source.read_yaml(f"{folder}/{data['quiz']}"), f"{folder}/{data['quiz']}") if data.get("quiz") else None
    lessons = []
    for name in require(data, "lessons", entry, list):
        relpath = f"{folder}/{name}"
        lessons.append(parse_lesson(source.read_text(relpath), relpath, quiz_id=quiz["id"] if quiz else None))
    module = {
        "id": require_uuid(data, entry),
        "code": require(data, "code", entry),
        "slug": require(data, "slug", entry),
        "title": require(data, "title", entry),
        "summary": require(data, "summary", entry),
        "objectives": [str(o).strip() for o in data.get("objectives") or []],
        "estimated_minutes": integer(data, "estimated_minutes", entry),
        "lessons": lessons,
        "quiz": quiz,
    }
    if data.get("self_assessment"):
        relpath = f"{folder}/{data['self_assessment']}"
        module["self_assessment"] = read_self_assessment(source.read_yaml(relpath), relpath)
    return with_trainer_notes(module, data)


def read_self_assessment(data, entry):
    areas = []
    for number, area in enumerate(require(data, "areas", entry, list), start=1):
        where = f"{entry} (area {number})"
        statements = [{"id": require_uuid(s, where), "text": require(s, "text", where)} for s in require(area, "statements", where, list)]
        revisit = [require_uuid({"id": lesson}, where) for lesson in area.get("revisit") or []]
        areas.append({"id": require_uuid(area, where), "title": require(area, "title", where), "question": require(area, "question", where),
                      "statements": statements, "revisit": revisit})
    return with_trainer_notes({
        "id": require_uuid(data, entry), "slug": require(data, "slug", entry), "title": require(data, "title", entry),
        "intro": str(data.get("intro") or "").strip(), "areas": areas,
    }, data)


def read_quiz(data, entry):
    questions = []
    for number, q in enumerate(require(data, "questions", entry, list), start=1):
        where = f"{entry} (question {number})"
        answers = [
            {"id": require_uuid(a, where), "text": require(a, "text", where), "correct": bool(a.get("correct")),
             "feedback": str(a.get("feedback") or "").strip()}
            for a in require(q, "answers", where, list)
        ]
        questions.append({"id": require_uuid(q, where), "type": require(q, "type", where), "prompt": require(q, "prompt", where), "answers": answers})
    quiz = {
        "id": require_uuid(data, entry),
        "slug": str(data.get("slug") or "quiz"),
        "title": require(data, "title", entry),
        "intro": str(data.get("intro") or "").strip(),
        "pass_mark": integer(data, "pass_mark", entry, 60),
        "attempts_allowed": integer(data, "attempts_allowed", entry, 3),
        "questions": questions,
    }
    # `ask:` makes the quiz a question pool (docs/content-format.md); blank or absent asks every question.
    ask = data.get("ask")
    ask = ask if isinstance(ask, int) and not isinstance(ask, bool) else integer(data, "ask", entry, None)
    if ask is not None:
        quiz["ask"] = ask
    return with_trainer_notes(quiz, data)


RELEASE_NOTES = "releases.yaml"


def read_release_notes(folder):
    """A kit's release notes in its sources (`releases.yaml`, oldest first, see docs/content-format.md):
    (kit id, [(version, English notes, {language: notes}), ...]); no file, no releases. `setup_demo` cuts them."""
    source = FolderSource(folder)
    kit_id = require_uuid(source.read_yaml("pack.yaml").get("kit") or {}, "pack.yaml")
    if not source.resolve(RELEASE_NOTES).is_file():
        return kit_id, []
    releases = []
    for number, entry in enumerate(require(source.read_yaml(RELEASE_NOTES), "releases", RELEASE_NOTES, list), start=1):
        where = f"{RELEASE_NOTES} (release {number})"
        if not isinstance(entry, dict):
            raise PackContentError("Each release is a mapping with 'version' and 'notes'.", where)
        translations = entry.get("translations") or {}
        if not isinstance(translations, dict):
            raise PackContentError("A release's 'translations' map language tags to its notes.", where)
        releases.append((str(require(entry, "version", where)), _plain_notes(entry.get("notes")),
                         {str(language): _plain_notes(text) for language, text in translations.items() if _plain_notes(text)}))
    return kit_id, releases


def _plain_notes(text):
    """Notes as paragraphs separated by one line end, each paragraph on one line."""
    paragraphs = [" ".join(part.split()) for part in str(text or "").split("\n")]
    return "\n".join(part for part in paragraphs if part)
