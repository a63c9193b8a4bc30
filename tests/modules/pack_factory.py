"""Write small, valid pack folders for tests; callers then break them in one specific way."""

import uuid
from contextlib import contextmanager
from pathlib import Path

import yaml


def new_id():
    return str(uuid.uuid4())


def question(kind="single"):
    if kind == "true_false":
        answers = [("True", True), ("False", False)]
    elif kind == "multiple":
        answers = [("Clusters", True), ("Regions", True), ("Comets", False)]
    else:
        answers = [("Fribourg", True), ("Lyon", False), ("Graz", False)]
    return {
        "id": new_id(), "type": kind, "prompt": f"A {kind} question about smart specialisation?",
        "answers": [{"id": new_id(), "text": text, "correct": ok, "feedback": f"Feedback on {text}."} for text, ok in answers],
    }


def write_pack(root, *, slug="test-kit", modules=1, lessons=2, refs=(), kit_id=None):
    root = Path(root)
    entries = []
    for m in range(modules):
        folder = root / "modules" / f"m{m}"
        (folder / "lessons").mkdir(parents=True)
        lesson_files = []
        for n in range(lessons):
            name = f"lessons/{n:02d}.md"
            lesson_files.append(name)
            (folder / name).write_text(
                f"---\nid: {new_id()}\nslug: lesson-{n}\ntitle: Lesson {m}.{n} on cluster policy\nestimated_minutes: 10\n---\n"
                f"Clusters help regions implement **smart specialisation**.\n\n::: key-point\nPoint {n}.\n:::\n"
                + ("\n::: quiz\nCheck yourself.\n:::\n" if n == lessons - 1 else ""),
                encoding="utf-8",
            )
        quiz = {"id": new_id(), "slug": "quiz", "title": f"Quiz {m}", "intro": "Four questions.", "pass_mark": 60, "attempts_allowed": 2,
                "questions": [question("single"), question("multiple"), question("true_false"), question("single")]}
        (folder / "quiz.yaml").write_text(yaml.safe_dump(quiz, sort_keys=False), encoding="utf-8")
        module = {"id": new_id(), "code": f"TM-{m}", "slug": f"{slug}-m{m}", "title": f"Test module {m}", "summary": "A module for tests.",
                  "objectives": ["Explain one thing."], "estimated_minutes": 20, "lessons": lesson_files, "quiz": "quiz.yaml"}
        (folder / "module.yaml").write_text(yaml.safe_dump(module, sort_keys=False), encoding="utf-8")
        entries.append({"path": f"modules/m{m}"})
    entries += [{"ref": ref} for ref in refs]
    manifest = {
        "format": "elearn-pack", "format_version": 1,
        "kit": {"id": kit_id or new_id(), "slug": slug, "code": "TK", "title": "Test kit", "summary": "A kit for tests.",
                "audience": ["Cluster managers"], "thematic_areas": ["digitalisation"], "licence": "CC-BY-4.0", "languages": ["en"],
                "estimated_minutes": 20 * modules},
        "modules": entries,
    }
    (root / "pack.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    return root


def load_yaml(path):
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def dump_yaml(path, data):
    Path(path).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@contextmanager
def edited_yaml(path):
    """`with edited_yaml(path) as data:` change `data`; it is written back to `path` at the end."""
    data = load_yaml(path)
    yield data
    dump_yaml(path, data)
