"""The one importer. The set-up command, `load_kits` and (later) `import_pack` and the admin upload
all call `import_pack_data`: one validation path, one sanitising step, one transaction.

Items are matched by stable id (the page's translation_key): an existing item is updated in place
and republished only when its content differs, so loading the same pack twice changes nothing."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from elearn.site.models import HomePage

from .. import grading
from ..models import KitModule, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage, TargetGroup, ThematicArea
from ..sanitize import clean_inline, clean_rich_text
from . import serialise
from .errors import PackContentError, PackError, PackReferenceError

SLUG_PATTERN = "abcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    dry_run: bool = False

    def note(self, outcome, label):
        getattr(self, outcome).append(label)

    def summary(self):
        return f"{len(self.created)} created, {len(self.updated)} updated, {len(self.unchanged)} unchanged"


def import_pack_data(pack, *, publish=True, dry_run=False, progress=None):
    """Validate, sanitise and write one canonical pack dict (see source.read_pack)."""
    validate_pack(pack)
    pack = sanitise_pack(pack)
    report = ImportReport(dry_run=dry_run)
    say = progress or (lambda message: None)
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
                module = upsert_module(library, entry, report, publish, say)
            module_pages.append(module)
        upsert_kit(home, pack["kit"], module_pages, report, publish, say)
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


def _save(model, parent, item_id, fields, serialise_page, report, label, publish):
    """Create or update one page; a revision is saved (and published) only when content changed.
    Unchanged is judged by serialising the stored page and an unsaved copy carrying the new fields."""
    page = _find(model, item_id, label)
    if page is not None:
        candidate = model(pk=page.pk, translation_key=page.translation_key, **fields)
        if serialise_page(page) == serialise_page(candidate):
            report.note("unchanged", label)
            return page, "unchanged"
    outcome = "updated" if page is not None else "created"
    if page is None:
        page = model(translation_key=item_id, live=publish, **fields)
        try:
            parent.add_child(instance=page)
        except ValidationError as error:
            raise PackContentError(_validation_message(error), label) from error
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    try:
        revision = page.save_revision(clean=True)
    except ValidationError as error:
        raise PackContentError(_validation_message(error), label) from error
    if publish:
        revision.publish()
    report.note(outcome, label)
    return page, outcome


def _validation_message(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def upsert_module(library, data, report, publish, say):
    label = f"module {data['code']}"
    fields = serialise.module_fields(data)
    module, outcome = _save(ModulePage, library, data["id"], fields, serialise.serialise_module_fields, report, label, publish)
    say(f"  {label}: {outcome}")
    quiz_pages = {}
    if data["quiz"]:
        quiz_fields = serialise.quiz_fields(data["quiz"])
        quiz, outcome = _save(QuizPage, module, data["quiz"]["id"], quiz_fields, serialise.serialise_quiz, report, f"{label} quiz", publish)
        quiz_pages[data["quiz"]["id"]] = quiz
        say(f"    quiz ({len(data['quiz']['questions'])} questions): {outcome}")
    for lesson in data["lessons"]:
        fields = serialise.lesson_fields(lesson, quiz_pages)
        _page, outcome = _save(LessonPage, module, lesson["id"], fields, serialise.serialise_lesson, report, f"{label} lesson {lesson['slug']}", publish)
        say(f"    lesson {lesson['title']}: {outcome}")
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


def upsert_kit(home, data, module_pages, report, publish, say):
    label = f"kit {data['code']}"
    kit = _find(KitPage, data["id"], label)
    module_ids = [str(m.translation_key) for m in module_pages]
    wanted = dict(data, audience=sorted(data["audience"]), thematic_areas=sorted(data["thematic_areas"]), modules=module_ids)
    if kit is not None and serialise.serialise_kit(kit, [str(link.module.translation_key) for link in kit.kit_modules.select_related("module").order_by("sort_order")]) == wanted:
        report.note("unchanged", label)
        say(f"  {label}: unchanged")
        return kit
    fields = {"slug": data["slug"], "code": data["code"], "title": data["title"], "summary": data["summary"],
              "licence": data["licence"], "languages": ",".join(data["languages"]), "estimated_minutes": data["estimated_minutes"]}
    outcome = "updated" if kit else "created"
    if kit is None:
        kit = KitPage(translation_key=data["id"], live=publish, **fields)
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
    revision = kit.save_revision(clean=True)
    if publish:
        revision.publish()
    report.note(outcome, label)
    say(f"  {label}: {outcome}")
    return kit


def _target_group(name):
    group, _ = TargetGroup.objects.get_or_create(slug=slugify(name)[:50], defaults={"name": name})
    return group


def _thematic_area(slug):
    area, _ = ThematicArea.objects.get_or_create(slug=slugify(slug)[:50], defaults={"name": slug.replace("-", " ").capitalize()})
    return area
