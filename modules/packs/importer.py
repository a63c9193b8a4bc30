"""The one importer. The set-up command, `load_kits` and (later) `import_pack` and the admin upload
all call `import_pack_data`: one validation path, one sanitising step, one transaction.

Items are matched by stable id (the page's translation_key): an existing item is updated in place
and republished only when its content differs, so loading the same pack twice changes nothing."""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from elearn.site.models import HomePage

from .. import grading
from ..models import ItemProvenance, KitModule, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage, TargetGroup, ThematicArea
from ..sanitize import clean_inline, clean_rich_text
from . import serialise
from .errors import PackContentError, PackError, PackReferenceError

SLUG_PATTERN = "abcdefghijklmnopqrstuvwxyz0123456789-_"


OUTCOME_TEXT = {
    "created": "created", "updated": "updated", "unchanged": "unchanged",
    "kept": "edited locally since the last import: local version kept, not overwritten",
}


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)
    dry_run: bool = False

    def note(self, outcome, label):
        getattr(self, outcome).append(label)

    def summary(self):
        text = f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"
        return text + (f", {len(self.kept)} kept with local edits" if self.kept else "")


@dataclass
class ImportContext:
    report: ImportReport
    source: str
    publish: bool
    say: object


def import_pack_data(pack, *, source, publish=True, dry_run=False, progress=None):
    """Validate, sanitise and write one canonical pack dict (see source.read_pack).

    `source` names where the pack came from; it is recorded as each item's provenance."""
    validate_pack(pack)
    pack = sanitise_pack(pack)
    report = ImportReport(dry_run=dry_run)
    say = progress or (lambda message: None)
    ctx = ImportContext(report=report, source=source, publish=publish, say=say)
    with transaction.atomic():
        home = HomePage.objects.first()
        if home is None:
            raise PackError("The site has no home page yet; run the migrations first.")
        library = ensure_library(home)
        module_pages = []
        for entry in pack["modules"]:
            if "ref" in entry:
                module = ModulePage.objects.filter(translation_key=entry["ref"]).first()
                if module is None:
                    raise PackReferenceError(
                        f"The kit reuses module {entry.get('code') or entry['ref']} ({entry['ref']}), which is not in this "
                        "server's module library. Load the pack that contains it first.", "pack.yaml")
                say(f"  module {module.code}: shared, already in the library")
            else:
                module = upsert_module(library, entry, ctx)
            module_pages.append(module)
        upsert_kit(home, pack["kit"], module_pages, ctx)
        if dry_run:
            transaction.set_rollback(True)
    return report


def validate_pack(pack):
    seen = set()

    def claim(item_id, entry):
        if item_id in seen:
            raise PackContentError(f"The id {item_id} is used twice in the pack.", entry)
        seen.add(item_id)

    claim(pack["kit"]["id"], "kit")
    _check_slug(pack["kit"]["slug"], "kit")
    for module in pack["modules"]:
        if "ref" in module:
            continue
        where = f"module {module['code']}"
        claim(module["id"], where)
        _check_slug(module["slug"], where)
        for lesson in module["lessons"]:
            claim(lesson["id"], f"{where}, lesson {lesson['slug']}")
            _check_slug(lesson["slug"], f"{where}, lesson {lesson['slug']}")
        quiz = module["quiz"]
        if quiz:
            claim(quiz["id"], f"{where}, quiz")
            _check_slug(quiz["slug"], f"{where}, quiz")
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


def _check_slug(slug, entry):
    if not slug or any(ch not in SLUG_PATTERN for ch in slug) or slug == "certificate":
        raise PackContentError(f"'{slug}' is not a usable URL slug (lower-case letters, digits and hyphens).", entry)


def sanitise_pack(pack):
    """The single sanitising step: every HTML field goes through bleach, whatever the source."""
    modules = []
    for module in pack["modules"]:
        if "ref" in module:
            modules.append(module)
            continue
        lessons = [dict(lesson, blocks=[_sanitise_block(b) for b in lesson["blocks"]]) for lesson in module["lessons"]]
        quiz = module["quiz"]
        if quiz:
            quiz = dict(quiz, questions=[
                dict(q, answers=[dict(a, feedback=clean_inline(a["feedback"])) for a in q["answers"]]) for q in quiz["questions"]
            ])
        modules.append(dict(module, lessons=lessons, quiz=quiz))
    return dict(pack, modules=modules)


def _sanitise_block(block):
    if block["type"] == "text":
        return dict(block, value=clean_rich_text(block["value"]))
    if block["type"] == "callout":
        return dict(block, value=dict(block["value"], text=clean_rich_text(block["value"]["text"])))
    if block["type"] == "quiz":
        return block
    raise PackContentError(f"Lesson blocks of type '{block['type']}' cannot be imported.", block.get("id"))


def ensure_library(home):
    library = ModuleLibraryPage.objects.child_of(home).first()
    if library is None:
        library = ModuleLibraryPage(title="Module library", slug="modules",
                                    intro="Every module of every kit, authored once and reused across kits.")
        home.add_child(instance=library)
        library.save_revision().publish()
    return library


def _find(model, item_id, entry):
    page = Page.objects.filter(translation_key=item_id).first()
    if page is None:
        return None
    page = page.specific
    if not isinstance(page, model):
        raise PackReferenceError(f"The id {item_id} already belongs to a {page.specific_class._meta.verbose_name} on this server.", entry)
    return page


def content_hash(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def decide(page, current, incoming):
    """What to do with one item: create it, leave it, update it, or keep a local edit.

    An item counts as edited locally when it has unpublished changes or when its content no longer
    hashes to what was last imported (or it was never imported at all): those are never overwritten."""
    if page is None:
        return "created"
    if current == incoming:
        return "unchanged"
    provenance = ItemProvenance.objects.filter(item_key=page.translation_key).first()
    if page.has_unpublished_changes or provenance is None or provenance.content_hash != content_hash(current):
        return "kept"
    return "updated"


def record_provenance(item_id, incoming, source):
    ItemProvenance.objects.update_or_create(item_key=item_id, defaults={"source": source, "content_hash": content_hash(incoming)})


def _save(model, parent, item_id, fields, serialise_page, ctx, label):
    """Create or update one page; a revision is saved (and published) only when content changed.
    Unchanged is judged by serialising the stored page and an unsaved copy carrying the new fields."""
    page = _find(model, item_id, label)
    candidate = model(pk=page.pk if page else None, translation_key=item_id, **fields)
    incoming = serialise_page(candidate)
    outcome = decide(page, serialise_page(page) if page else None, incoming)
    ctx.report.note(outcome, label)
    if outcome == "kept":
        return page, outcome
    if outcome != "unchanged":
        if page is None:
            page = model(translation_key=item_id, live=ctx.publish, **fields)
            try:
                parent.add_child(instance=page)
            except ValidationError as error:
                raise PackContentError(_validation_message(error), label) from error
        else:
            for name, value in fields.items():
                setattr(page, name, value)
        _publish(page, ctx.publish, label)
    record_provenance(item_id, incoming, ctx.source)
    return page, outcome


def _publish(page, publish, label):
    try:
        revision = page.save_revision(clean=True)
    except ValidationError as error:
        raise PackContentError(_validation_message(error), label) from error
    if publish:
        revision.publish()


def _validation_message(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def upsert_module(library, data, ctx):
    label = f"module {data['code']}"
    fields = serialise.module_fields(data)
    module, outcome = _save(ModulePage, library, data["id"], fields, serialise.serialise_module_fields, ctx, label)
    ctx.say(f"  {label}: {OUTCOME_TEXT[outcome]}")
    quiz_pages = {}
    if data["quiz"]:
        quiz_fields = serialise.quiz_fields(data["quiz"])
        quiz, outcome = _save(QuizPage, module, data["quiz"]["id"], quiz_fields, serialise.serialise_quiz, ctx, f"{label} quiz")
        quiz_pages[data["quiz"]["id"]] = quiz
        ctx.say(f"    quiz ({len(data['quiz']['questions'])} questions): {OUTCOME_TEXT[outcome]}")
    for lesson in data["lessons"]:
        fields = serialise.lesson_fields(lesson, quiz_pages)
        _page, outcome = _save(LessonPage, module, lesson["id"], fields, serialise.serialise_lesson, ctx, f"{label} lesson {lesson['slug']}")
        ctx.say(f"    lesson {lesson['title']}: {OUTCOME_TEXT[outcome]}")
    _order_children(module, [lesson["id"] for lesson in data["lessons"]] + ([data["quiz"]["id"]] if data["quiz"] else []))
    return module


def _order_children(module, ordered_ids):
    """Keep lessons in pack order (the tree order is what learners follow)."""
    children = {str(p.translation_key): p for p in module.get_children()}
    wanted = [children[item_id] for item_id in ordered_ids if item_id in children]
    current = sorted(wanted, key=lambda p: p.path)
    if [p.pk for p in current] == [p.pk for p in wanted]:
        return
    for page in wanted:
        page.refresh_from_db()
        page.move(module, pos="last-child")


def upsert_kit(home, data, module_pages, ctx):
    label = f"kit {data['code']}"
    kit = _find(KitPage, data["id"], label)
    incoming = dict(data, audience=sorted(data["audience"]), thematic_areas=sorted(data["thematic_areas"]),
                    modules=[str(m.translation_key) for m in module_pages])
    current = None
    if kit is not None:
        links = kit.kit_modules.select_related("module").order_by("sort_order")
        current = serialise.serialise_kit(kit, [str(link.module.translation_key) for link in links])
    outcome = decide(kit, current, incoming)
    ctx.report.note(outcome, label)
    ctx.say(f"  {label}: {OUTCOME_TEXT[outcome]}")
    if outcome == "kept":
        return kit
    if outcome != "unchanged":
        fields = {"slug": data["slug"], "code": data["code"], "title": data["title"], "summary": data["summary"],
                  "licence": data["licence"], "languages": ",".join(data["languages"]), "estimated_minutes": data["estimated_minutes"]}
        if kit is None:
            kit = KitPage(translation_key=data["id"], live=ctx.publish, **fields)
            try:
                home.add_child(instance=kit)
            except ValidationError as error:
                raise PackContentError(_validation_message(error), label) from error
        else:
            for name, value in fields.items():
                setattr(kit, name, value)
        kit.target_groups = [_target_group(name) for name in data["audience"]]
        kit.thematic_areas = [_thematic_area(slug) for slug in data["thematic_areas"]]
        kit.kit_modules = [KitModule(module=module, sort_order=position) for position, module in enumerate(module_pages)]
        kit.save()
        _publish(kit, ctx.publish, label)
    record_provenance(data["id"], incoming, ctx.source)
    return kit


def _target_group(name):
    group, _ = TargetGroup.objects.get_or_create(slug=slugify(name)[:50], defaults={"name": name})
    return group


def _thematic_area(slug):
    area, _ = ThematicArea.objects.get_or_create(slug=slugify(slug)[:50], defaults={"name": slug.replace("-", " ").capitalize()})
    return area
