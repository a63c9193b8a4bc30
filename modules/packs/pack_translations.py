"""Translations in a release snapshot (pack format 2, docs/pack-format.md#translations-in-the-manifest).

A translation is the same item in another language (design.md §8): the manifest keeps it under
`translations[<language>][<stable id>]`, next to the source items, never as an item of its own:

    {"kind": "lesson", "fields": {...the translated text...}, "segments": [{context, source, translation}]}

- `credit` (when the item's translation has one): `{status, translator, proofreader}`, its draft /
  proofread status and who or what produced and proofread it (TranslationCredit); turned back into the
  PO header fields on import, so a release carries them like a kit source's PO file.
- `segments` are wagtail-localize's: the source string of each segment and its translation. The
  importer turns them back into a PO file and loads it through wagtail-localize (translations.py), the
  same path a kit source's PO file or a trainer's upload takes.
- `fields` are the translated text as the live translated page shows it (titles, summaries, lesson
  blocks by block id, questions and answers by id). `localise()` overlays them on the source items so
  every export (offline copy, SCORM, Moodle XML) is a pure function of the manifest and one language.
  Structure, media, answer keys and pass marks always come from the source: a quiz in any language is
  graded by the same rules. A self-assessment's title, intro, area titles, questions and statements
  are overlaid the same way (areas and statements by id); which lessons to revisit stays the source's."""

import copy

import polib
from wagtail.models import Page
from wagtail_localize.models import StringSegment, Translation

from ..funding import funding_in
from ..models import TranslationCredit
from . import serialise
from .translations import credit_headers

KIT, MODULE, LESSON, QUIZ, SELF_ASSESSMENT = "kit", "module", "lesson", "quiz", "self_assessment"
# Block fields that carry text (the rest — files, links, quiz and activity references — stay the source's).
BLOCK_TEXT = {"callout": ("text",), "quiz": ("intro",), "image": ("alt_text", "caption"), "document": ("description",),
              "video": ("title", "transcript"), "h5p": ("intro",)}


def snapshot_items(kit_data, modules):
    """{stable id: kind} of every item of a kit snapshot, parents first."""
    items = {kit_data["id"]: KIT}
    for module in modules:
        items[module["id"]] = MODULE
        items.update({lesson["id"]: LESSON for lesson in module["lessons"]})
        if module["quiz"]:
            items[module["quiz"]["id"]] = QUIZ
        if module.get("self_assessment"):
            items[module["self_assessment"]["id"]] = SELF_ASSESSMENT
    return items


def build_translations(kit_data, modules, source_language):
    """Every live translation of the snapshot's items: {language: {stable id: entry}} (sorted)."""
    items = snapshot_items(kit_data, modules)
    pages = (Page.objects.filter(translation_key__in=list(items), live=True).exclude(locale__language_code=source_language)
             .select_related("locale").specific().order_by("locale__language_code", "path"))
    credits = {(str(c.item_key), c.language): {"status": c.status, "translator": c.translator, "proofreader": c.proofreader}
               for c in TranslationCredit.objects.filter(item_key__in=list(items))}
    found = {}
    for page in pages:
        if page.alias_of_id is not None:
            continue  # a parent Wagtail created to place a translation: not translated itself
        kind = items[str(page.translation_key)]
        entry = {"kind": kind, "fields": translated_fields(kind, page), "segments": page_segments(page)}
        credit = credits.get((str(page.translation_key), page.locale.language_code))
        if credit:
            entry["credit"] = credit
        found.setdefault(page.locale.language_code, {})[str(page.translation_key)] = entry
    return found


def translated_fields(kind, page):
    """The text of a translated page, in the shape `localise()` overlays on the source item."""
    if kind == KIT:
        return {"title": page.title, "summary": page.summary}
    if kind == MODULE:
        return {"title": page.title, "summary": page.summary, "objectives": serialise.split(page.objectives)}
    if kind == LESSON:
        blocks = {}
        for block in page.body.raw_data:
            value = block["value"]
            if block["type"] == "text":
                blocks[block["id"]] = {"text": value}
            elif block["type"] in BLOCK_TEXT and isinstance(value, dict):
                blocks[block["id"]] = {name: value.get(name, "") for name in BLOCK_TEXT[block["type"]]}
        return {"title": page.title, "objectives": serialise.split(page.objectives), "blocks": blocks}
    if kind == SELF_ASSESSMENT:
        areas = {
            block["id"]: {"title": block["value"]["title"], "question": block["value"]["question"],
                          "statements": {item["id"]: item["value"] for item in block["value"]["statements"]}}
            for block in page.areas.raw_data
        }
        return {"title": page.title, "intro": page.intro, "areas": areas}
    questions = {}
    for block in page.questions.raw_data:
        value = block["value"]
        questions[block["id"]] = {"prompt": value["prompt"], "answers": {
            item["id"]: {"text": item["value"]["text"], "feedback": item["value"]["feedback"]} for item in value["answers"]}}
    return {"title": page.title, "intro": page.intro, "questions": questions}


def page_segments(page):
    """The translated segments of `page`'s wagtail-localize translation, in source order."""
    translation = Translation.objects.filter(source__object_id=page.translation_key, target_locale=page.locale).select_related("source").first()
    if translation is None:
        return []
    return segments_of(translation)


def segments_of(translation):
    rows = (StringSegment.objects.filter(source=translation.source).order_by("order").select_related("context", "string")
            .annotate_translation(translation.target_locale))
    return [{"context": row.context.path, "source": row.string.data, "translation": row.translation}
            for row in rows if row.translation]


def segments_po(segments, credit=None):
    """The PO text translations.apply_po loads: one entry per segment, as wagtail-localize exports it,
    with the credit's header fields."""
    po = polib.POFile(wrapwidth=200)
    po.metadata = {"MIME-Version": "1.0", "Content-Type": "text/plain; charset=utf-8", **credit_headers(credit)}
    for segment in segments:
        po.append(polib.POEntry(msgctxt=segment["context"], msgid=segment["source"], msgstr=segment["translation"]))
    return str(po)


def manifest_languages(manifest):
    """The release's languages, source first (format 1 manifests: the kit's source language)."""
    return manifest.get("languages") or manifest["kit"]["languages"][:1]


def translated_languages(manifest):
    """Languages other than the source that carry at least one translation."""
    translations = manifest.get("translations") or {}
    return [language for language in manifest_languages(manifest)[1:] if translations.get(language)]


def module_has_translation(manifest, module, language):
    entries = (manifest.get("translations") or {}).get(language) or {}
    ids = [module["id"], *[lesson["id"] for lesson in module["lessons"]], *([module["quiz"]["id"]] if module["quiz"] else []),
           *([module["self_assessment"]["id"]] if module.get("self_assessment") else [])]
    return any(item_id in entries for item_id in ids)


def language_edition(manifest, language):
    """The manifest as one language's downloads see it (SCORM, Moodle XML, Common Cartridge, cmi5): the
    source language whole; a translated language localised and holding only the modules that have a
    translation in it, so a German cartridge is German and not the English kit with a German title."""
    localised = localise(manifest, language)
    if language == manifest_languages(manifest)[0]:
        return localised
    return {**localised, "modules": [m for m in localised["modules"] if module_has_translation(manifest, m, language)]}


def localise(manifest, language):
    """The manifest as seen in `language`: every translated text overlaid on its source item, the rest
    in the source language. A pure function; the source language gives the manifest unchanged."""
    if language == manifest_languages(manifest)[0]:
        return manifest
    entries = (manifest.get("translations") or {}).get(language) or {}
    result = copy.deepcopy(manifest)
    kit = result["kit"]
    _overlay(kit, entries.get(kit["id"]), ("title", "summary"))
    kit["languages"] = [language] + [code for code in kit["languages"] if code != language]
    for module in result["modules"]:
        _overlay(module, entries.get(module["id"]), ("title", "summary", "objectives"))
        for lesson in module["lessons"]:
            fields = entries.get(lesson["id"], {}).get("fields") or {}
            _overlay(lesson, entries.get(lesson["id"]), ("title", "objectives"))
            for block in lesson["blocks"]:
                _overlay_block(block, (fields.get("blocks") or {}).get(block["id"]))
        if module["quiz"]:
            _overlay_quiz(module["quiz"], entries.get(module["quiz"]["id"]))
        if module.get("self_assessment"):
            _overlay_self_assessment(module["self_assessment"], entries.get(module["self_assessment"]["id"]))
    result["metadata"] = {**result["metadata"], "name": kit["title"], "description": kit["summary"], "inLanguage": language}
    # The funding statement in the glossary's wording of the language (the catalogues), like the interface.
    result["funding"] = funding_in(language, result["funding"])
    if "funding" in result["metadata"]:
        result["metadata"]["funding"] = result["funding"]["statement"]
    return result


def _overlay(item, entry, names):
    fields = (entry or {}).get("fields") or {}
    for name in names:
        if fields.get(name):
            item[name] = fields[name]


def _overlay_block(block, fields):
    if not fields:
        return
    if block["type"] == "text":
        if fields.get("text"):
            block["value"] = fields["text"]
        return
    for name in BLOCK_TEXT.get(block["type"], ()):
        if fields.get(name) and isinstance(block["value"], dict) and name in block["value"]:
            block["value"][name] = fields[name]


def _overlay_quiz(quiz, entry):
    _overlay(quiz, entry, ("title", "intro"))
    questions = ((entry or {}).get("fields") or {}).get("questions") or {}
    for question in quiz["questions"]:
        translated = questions.get(question["id"])
        if not translated:
            continue
        if translated.get("prompt"):
            question["prompt"] = translated["prompt"]
        for answer in question["answers"]:
            # The text and feedback only: which answers are right stays the source's.
            fields = (translated.get("answers") or {}).get(answer["id"]) or {}
            answer["text"] = fields.get("text") or answer["text"]
            answer["feedback"] = fields.get("feedback") or answer["feedback"]


def _overlay_self_assessment(activity, entry):
    _overlay(activity, entry, ("title", "intro"))
    areas = ((entry or {}).get("fields") or {}).get("areas") or {}
    for area in activity["areas"]:
        translated = areas.get(area["id"]) or {}
        _overlay(area, {"fields": translated}, ("title", "question"))
        statements = translated.get("statements") or {}
        for statement in area["statements"]:
            statement["text"] = statements.get(statement["id"]) or statement["text"]
