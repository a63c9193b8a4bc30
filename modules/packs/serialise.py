"""Pages <-> canonical item dicts. The importer writes with `*_fields`/`*_stream` and compares with
`serialise_*`; release snapshots (manifest.build_kit_snapshot) are `serialise_*` output. Because both
directions live here, export -> import reproduces a kit by construction."""

import json
import uuid

from django.db.models import Q

from ..models import LessonPage, QuizPage


def lines(items):
    return "\n".join(items)


def split(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def serialise_kit(kit, module_ids):
    groups, areas = list(kit.target_groups.all()), list(kit.thematic_areas.all())
    return with_term_names({
        "id": str(kit.translation_key),
        "slug": kit.slug,
        "code": kit.code,
        "title": kit.title,
        "summary": kit.summary,
        "audience": sorted(group.name for group in groups),
        "thematic_areas": sorted(area.slug for area in areas),
        "licence": kit.licence,
        "languages": kit.language_list,
        "estimated_minutes": kit.estimated_minutes,
        "modules": list(module_ids),
    }, groups, areas)


def with_term_names(data, groups, areas):
    """The terms' names in other languages (source.read_kit reads them back); left out when there are none."""
    names = {}
    for vocabulary, terms, key in (("target_groups", groups, "name"), ("thematic_areas", areas, "slug")):
        found = {getattr(term, key): dict(sorted(term.names.items())) for term in sorted(terms, key=lambda t: getattr(t, key)) if term.names}
        if found:
            names[vocabulary] = found
    if names:
        data["term_names"] = names
    return data


def kit_module_ids(kit):
    """Module stable ids in kit order; works on a page and on a revision's unsaved copy alike."""
    links = sorted(kit.kit_modules.all(), key=lambda link: link.sort_order or 0)
    return [str(link.module.translation_key) for link in links]


def with_notes(data, page, public):
    """Trainer notes belong to the local team's copy, never to a public download; the key is left out
    when there are none, so an item without notes hashes as it always did."""
    notes = getattr(page, "trainer_notes", "") or ""
    if notes and not public:
        data["trainer_notes"] = notes
    return data


def notes_field(data):
    return {"trainer_notes": data.get("trainer_notes", "")}


def serialise_module_fields(module, public=False):
    return with_notes({
        "id": str(module.translation_key), "code": module.code, "slug": module.slug, "title": module.title,
        "summary": module.summary, "objectives": split(module.objectives), "estimated_minutes": module.estimated_minutes,
    }, module, public)


def module_fields(data):
    return {"code": data["code"], "slug": data["slug"], "title": data["title"], "summary": data["summary"],
            "objectives": lines(data["objectives"]), "estimated_minutes": data["estimated_minutes"], **notes_field(data)}


def serialise_lesson(lesson, public=False):
    quiz_keys = _quiz_keys(block["value"]["quiz"] for block in lesson.body.raw_data if block["type"] == "quiz")
    blocks = []
    for block in lesson.body.raw_data:
        value = block["value"]
        if block["type"] == "quiz":
            value = {"quiz": quiz_keys.get(value.get("quiz")), "intro": value.get("intro", "")}
        blocks.append({"id": block["id"], "type": block["type"], "value": value})
    return with_notes({
        "id": str(lesson.translation_key), "slug": lesson.slug, "title": lesson.title,
        "objectives": split(lesson.objectives), "estimated_minutes": lesson.estimated_minutes, "blocks": blocks,
    }, lesson, public)


def lesson_fields(data, quiz_pages, media=None):
    """`quiz_pages` maps quiz stable id -> QuizPage; `media` stores pack files as images/documents."""
    stream = []
    for block in data["blocks"]:
        kind, value = block["type"], block["value"]
        if kind == "quiz":
            value = {"quiz": quiz_pages[value["quiz"]].pk, "intro": value.get("intro", "")}
        elif kind == "image":
            value = {"image": media.image_id(value["file"], value["alt_text"]), "alt_text": value["alt_text"], "caption": value.get("caption", "")}
        elif kind == "document":
            value = {"document": media.document_id(value["file"], value["title"]), "description": value.get("description", "")}
        elif kind == "video":
            value = {"video": value["url"], "title": value["title"], "transcript": value.get("transcript", "")}
        elif kind == "h5p":
            value = {"activity": media.h5p_activity_id(value["activity"]), "intro": value.get("intro", "")}
        stream.append({"type": kind, "value": value, "id": block["id"]})
    return {"slug": data["slug"], "title": data["title"], "objectives": lines(data["objectives"]),
            "estimated_minutes": data["estimated_minutes"], "body": json.dumps(stream), **notes_field(data)}


def serialise_quiz(quiz, public=False):
    """The quiz as pack data. `public` (release downloads) leaves out the questions a maintainer marked
    assessment only, and gives None when no question is left."""
    questions = []
    for block in quiz.questions.raw_data:
        value = block["value"]
        if public and value.get("assessment_only"):
            continue
        answers = [
            {"id": item["id"], "text": item["value"]["text"], "correct": bool(item["value"]["correct"]), "feedback": item["value"]["feedback"]}
            for item in value["answers"]
        ]
        questions.append({"id": block["id"], "type": value["kind"], "prompt": value["prompt"], "answers": answers})
    if public and not questions:
        return None
    data = {
        "id": str(quiz.translation_key), "slug": quiz.slug, "title": quiz.title, "intro": quiz.intro,
        "pass_mark": quiz.pass_mark, "attempts_allowed": quiz.attempts_allowed, "questions": questions,
    }
    # A question pool (absent = every question is asked, so quizzes without a pool keep their hashes).
    # A public download asks no more than the questions it carries.
    if quiz.questions_asked and quiz.questions_asked < len(questions):
        data["ask"] = quiz.questions_asked
    return with_notes(data, quiz, public)


def kept_for_assessment(kit):
    """How many questions of the kit's live quizzes no public download carries."""
    modules = kit.live_modules()
    if not modules:
        return 0
    within = Q()
    for module in modules:
        within |= QuizPage.objects.child_of_q(module)
    return sum(
        1
        for quiz in QuizPage.objects.live().filter(within).only("questions")
        for block in quiz.questions.raw_data
        if block["value"].get("assessment_only")
    )


def quiz_fields(data):
    stream = []
    for question in data["questions"]:
        answers = [
            {"type": "item", "id": a["id"], "value": {"text": a["text"], "correct": a["correct"], "feedback": a["feedback"]}}
            for a in question["answers"]
        ]
        stream.append({"type": "question", "id": question["id"], "value": {"kind": question["type"], "prompt": question["prompt"], "answers": answers}})
    return {"slug": data["slug"], "title": data["title"], "intro": data["intro"], "pass_mark": data["pass_mark"],
            "attempts_allowed": data["attempts_allowed"], "questions_asked": data.get("ask"), "questions": json.dumps(stream),
            **notes_field(data)}


def serialise_self_assessment(page, public=False):
    """The self-assessment as pack data: areas with their statements (ids kept) and the stable ids
    of the lessons to revisit."""
    raw = page.areas.raw_data
    keys = _lesson_keys(item["value"] for block in raw for item in block["value"].get("revisit") or [])
    areas = []
    for block in raw:
        value = block["value"]
        areas.append({
            "id": block["id"], "title": value["title"], "question": value["question"],
            "statements": [{"id": item["id"], "text": item["value"]} for item in value["statements"]],
            "revisit": [keys[item["value"]] for item in value.get("revisit") or [] if item["value"] in keys],
        })
    return with_notes({"id": str(page.translation_key), "slug": page.slug, "title": page.title, "intro": page.intro, "areas": areas},
                      page, public)


def self_assessment_fields(data, lesson_pages):
    """`lesson_pages` maps lesson stable id -> LessonPage (the lessons to revisit)."""
    stream = []
    for area in data["areas"]:
        revisit = [{"type": "item", "id": str(uuid.uuid5(uuid.UUID(area["id"]), f"revisit-{key}")), "value": lesson_pages[key].pk}
                   for key in area["revisit"]]
        statements = [{"type": "item", "id": s["id"], "value": s["text"]} for s in area["statements"]]
        stream.append({"type": "area", "id": area["id"],
                       "value": {"title": area["title"], "question": area["question"], "statements": statements, "revisit": revisit}})
    return {"slug": data["slug"], "title": data["title"], "intro": data["intro"], "areas": json.dumps(stream), **notes_field(data)}


def _lesson_keys(page_ids):
    ids = [pk for pk in page_ids if pk]
    if not ids:
        return {}
    return {pk: str(key) for pk, key in LessonPage.objects.filter(pk__in=ids).values_list("pk", "translation_key")}


def _quiz_keys(page_ids):
    ids = [pk for pk in page_ids if pk]
    if not ids:
        return {}
    return {pk: str(key) for pk, key in QuizPage.objects.filter(pk__in=ids).values_list("pk", "translation_key")}
