"""The one importer. `load_kits`, `setup_demo`, `import_pack` and the admin upload all call
`import_pack_data`: one validation path, one sanitising step, one transaction.

Items are matched by stable id (the page's translation_key) and merged three ways (merge.py): an
item the local team has not touched takes the upstream version, a local edit is never overwritten.
Any error rolls back every row and removes every file the import stored."""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from elearn.site.models import HomePage

from ..files import journal
from ..models import (
    ImportedKit, ItemProvenance, KitModule, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage, SelfAssessmentPage, TargetGroup, ThematicArea,
)
from . import merge, serialise
from .errors import PackError, PackReferenceError, PackStorageError
from .manifest import manifest_bytes
from .media_import import MediaImporter
from .ownership import check_kit_target, check_may_write, may_write
from .translation_merge import item_labels, plan_translations, record_stale
from .translations import apply_translations
from .validate import check_pack, sanitise_pack


class PackPinnedError(PackError):
    """The local team pinned this kit to a release; newer ones are not applied."""


@dataclass
class ImportContext:
    report: merge.ImportReport
    source: str
    publish: bool
    say: object
    media: MediaImporter
    pack_key: str
    outcomes: dict = field(default_factory=dict)  # stable id -> merge outcome of its source


def import_pack_data(pack, *, source, publish=True, dry_run=False, say=None, media_source=None, manifest=None, force=False, translations=None):
    """Validate, sanitise and write one canonical pack dict. `manifest` is given for release packs:
    it becomes the base of the next upgrade. `source` is recorded as each item's provenance."""
    check_pack(pack)
    pack = sanitise_pack(pack)
    report = merge.ImportReport(dry_run=dry_run)
    ctx = ImportContext(report, source, publish, say or (lambda message: None), MediaImporter(media_source, pack_key=pack["kit"]["id"], source_name=source), pack["kit"]["id"])
    # Files are journalled as they are stored (files/journal.py): a process killed part-way leaves no orphan.
    with journal.file_operation():
        try:
            with transaction.atomic():
                imported = _check_release(pack, manifest, force) if manifest else None
                home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
                if home is None:
                    raise PackError("The site has no home page yet; run the migrations first.")
                module_pages = [_module_entry(ensure_library(home), entry, ctx) for entry in pack["modules"]]
                # After every module: a self-assessment may point learners to lessons of later modules.
                for entry, module in zip(pack["modules"], module_pages):
                    if entry.get("self_assessment"):
                        upsert_self_assessment(module, entry, ctx)
                removed = _flag_removed_upstream(imported, pack, ctx) if imported else []
                report.kit = upsert_kit(home, pack["kit"], module_pages + removed, ctx)
                if manifest:
                    # A release carries its translations: merged per language against the release imported before.
                    translations, stale = plan_translations(manifest, imported.manifest if imported else None, ctx.outcomes, report, ctx.say)
                if translations:
                    # After the source pages, in the same transaction: a translation follows its source.
                    report.translations = apply_translations(translations, publish=publish, say=ctx.say)
                if manifest:
                    record_stale(stale, translations or {}, version=manifest["version"], source=source)
                    _record_imported_kit(report.kit, manifest, source)
                    report.version = manifest["version"]
                if dry_run:
                    transaction.set_rollback(True)
        except BaseException as error:
            ctx.media.remove_written()
            if isinstance(error, journal.StorageWriteError):
                raise PackStorageError(str(error)) from error
            raise
        if dry_run:
            ctx.media.remove_written()
    return report


def _module_entry(library, entry, ctx):
    if "ref" not in entry:
        return upsert_module(library, entry, ctx)
    module = ModulePage.objects.in_source_language().filter(translation_key=entry["ref"]).first()
    if module is None:
        raise PackReferenceError(
            f"The kit reuses module {entry.get('code') or entry['ref']} ({entry['ref']}), which is not in this "
            "server's module library. Load the pack that contains it first.", "pack.yaml")
    ctx.say(f"  module {module.code}: shared, already in the library")
    return module


def _check_release(pack, manifest, force):
    """Which kit a release pack may update (ownership.check_kit_target), and whether it is pinned."""
    imported = check_kit_target(pack["kit"], manifest["version"])
    if imported is None:
        return None
    if imported.pinned and imported.version != manifest["version"] and not force:
        raise PackPinnedError(f"{pack['kit']['code']} is pinned to release {imported.version}; release {manifest['version']} was not applied. "
                              "Unpin it first to take newer releases.", "kit")
    return imported


def _record_imported_kit(kit, manifest, source):
    ImportedKit.objects.update_or_create(kit_key=manifest["kit"]["id"], defaults={
        "kit": kit, "source": source, "version": manifest["version"], "manifest": manifest,
        "manifest_sha256": hashlib.sha256(manifest_bytes(manifest)).hexdigest(),
    })


def _flag_removed_upstream(imported, pack, ctx):
    """Items of the previous release that the new one drops stay here, flagged. Returns the
    removed modules so the kit keeps listing them."""
    upstream_ids = set(item_labels(pack))
    gone = {key: label for key, label in item_labels(imported.manifest).items() if key not in upstream_ids}
    present = set(str(key) for key in Page.objects.filter(translation_key__in=list(gone)).values_list("translation_key", flat=True))
    for key in sorted(present):
        ctx.report.note(merge.REMOVED, gone[key])
        ctx.say(f"  {gone[key]}: {merge.LABELS[merge.REMOVED]}")
    ItemProvenance.objects.filter(item_key__in=list(present)).update(removed_upstream=True)
    return list(ModulePage.objects.filter(translation_key__in=list(present)))


def ensure_library(home):
    library = ModuleLibraryPage.objects.child_of(home).first()
    if library is None:
        library = ModuleLibraryPage(title="Module library", slug="modules",
                                    intro="Every module of every kit, authored once and reused across kits.")
        home.add_child(instance=library)
        library.save_revision().publish()
    return library


def _find(model, item_id, label):
    # Packs carry the source language; the item's translations share its id in other locales.
    page = Page.objects.filter(translation_key=item_id, locale__language_code=settings.LANGUAGE_CODE).first()
    if page is None:
        return None
    page = page.specific
    if not isinstance(page, model):
        raise PackReferenceError(f"The id {item_id} already belongs to a {page.specific_class._meta.verbose_name} on this server.", label)
    return page


def local_state(page):
    """The page as the local team sees it now: its latest draft when there is one."""
    if page.has_unpublished_changes and page.latest_revision_id:
        return page.get_latest_revision_as_object()
    return page


def _save(model, parent, item_id, fields, serialise_page, ctx, label):
    page = _find(model, item_id, label)
    local = local_state(page) if page else None
    upstream = serialise_page(model(pk=page.pk if page else None, translation_key=item_id, **fields))
    if page is None and isinstance(parent, ModulePage) and not may_write(parent.translation_key, ctx.pack_key):
        # No new page inside another kit's module either.
        check_may_write(parent.translation_key, ctx.pack_key, f"{label}: module ({parent.translation_key})")
    if page is not None and not may_write(item_id, ctx.pack_key):
        # The one key rule (ownership.py): an existing page is merged only by a pack of the kit it
        # came with. Another kit's pack may carry it unchanged, as a module shared by two kits is:
        # then nothing is written and it stays its own kit's (no provenance is recorded, so it does
        # not move over). Anything else is refused with the page named, never merged three ways.
        if local is not None and serialise_page(local) == upstream:
            ctx.report.note(merge.UNCHANGED, label)
            return page, merge.UNCHANGED
        check_may_write(item_id, ctx.pack_key, f"{label} ({item_id})")
    outcome = merge.classify(page, serialise_page(local) if local else None, upstream)
    ctx.outcomes[item_id] = outcome
    ctx.report.note(outcome, label)
    if outcome == merge.CONFLICT:
        ctx.report.conflicts.append(merge.Conflict(label, serialise_page(local), upstream))
    if outcome == merge.NEW:
        page = model(translation_key=item_id, live=ctx.publish, **fields)
        try:
            parent.add_child(instance=page)
        except ValidationError as error:
            raise PackError(_validation_message(error), label) from error
        _publish(page, ctx.publish, label)
    elif outcome == merge.UPSTREAM:
        for name, value in fields.items():
            setattr(local, name, value)
        _publish(local, ctx.publish, label)
    if outcome in (merge.NEW, merge.UPSTREAM, merge.UNCHANGED):
        merge.record_provenance(item_id, upstream, ctx.source, ctx.pack_key)
    return page, outcome


def _publish(page, publish, label):
    try:
        revision = page.save_revision(clean=True)
    except ValidationError as error:
        raise PackError(_validation_message(error), label) from error
    if publish:
        revision.publish()


def _validation_message(error):
    if hasattr(error, "message_dict"):
        return "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
    return " ".join(error.messages)


def upsert_module(library, data, ctx):
    label = f"module {data['code']}"
    module, outcome = _save(ModulePage, library, data["id"], serialise.module_fields(data), serialise.serialise_module_fields, ctx, label)
    ctx.say(f"  {label}: {merge.LABELS[outcome]}")
    quiz_pages = {}
    if data["quiz"]:
        quiz, outcome = _save(QuizPage, module, data["quiz"]["id"], serialise.quiz_fields(data["quiz"]), serialise.serialise_quiz, ctx, f"{label} quiz")
        quiz_pages[data["quiz"]["id"]] = quiz
        ctx.say(f"    quiz ({len(data['quiz']['questions'])} questions): {merge.LABELS[outcome]}")
    for lesson in data["lessons"]:
        fields = serialise.lesson_fields(lesson, quiz_pages, ctx.media)
        _page, outcome = _save(LessonPage, module, lesson["id"], fields, serialise.serialise_lesson, ctx, f"{label} lesson {lesson['slug']}")
        ctx.say(f"    lesson {lesson['title']}: {merge.LABELS[outcome]}")
    if may_write(module.translation_key, ctx.pack_key):   # another kit's (shared) module keeps its own order
        activity = [data["self_assessment"]["id"]] if data.get("self_assessment") else []
        _order_children(module, [lesson["id"] for lesson in data["lessons"]] + activity + ([data["quiz"]["id"]] if data["quiz"] else []))
    return module


def upsert_self_assessment(module, data, ctx):
    item = data["self_assessment"]
    label = f"module {data['code']} self-assessment"
    wanted = {key for area in item["areas"] for key in area["revisit"]}
    lessons = {str(page.translation_key): page for page in
               LessonPage.objects.filter(translation_key__in=list(wanted), locale__language_code=settings.LANGUAGE_CODE)}
    missing = sorted(wanted - set(lessons))
    if missing:
        raise PackReferenceError(f"The self-assessment points to lesson {missing[0]}, which is neither in the pack nor on this server.", label)
    _page, outcome = _save(SelfAssessmentPage, module, item["id"], serialise.self_assessment_fields(item, lessons),
                           serialise.serialise_self_assessment, ctx, label)
    ctx.say(f"    self-assessment ({len(item['areas'])} areas): {merge.LABELS[outcome]}")
    _order_children(module, [lesson["id"] for lesson in data["lessons"]] + [item["id"]] + ([data["quiz"]["id"]] if data["quiz"] else []))


def _order_children(module, ordered_ids):
    """Keep lessons in pack order (the tree order is what learners follow)."""
    children = {str(p.translation_key): p for p in module.get_children()}
    wanted = [children[item_id] for item_id in ordered_ids if item_id in children]
    if [p.pk for p in sorted(wanted, key=lambda p: p.path)] == [p.pk for p in wanted]:
        return
    for page in wanted:
        page.refresh_from_db()
        page.move(module, pos="last-child")


def upsert_kit(home, data, module_pages, ctx):
    label = f"kit {data['code']}"
    kit = _find(KitPage, data["id"], label)
    upstream = dict(data, audience=sorted(data["audience"]), thematic_areas=sorted(data["thematic_areas"]),
                    modules=[str(m.translation_key) for m in module_pages])
    local = local_state(kit) if kit else None
    current = serialise.serialise_kit(local, serialise.kit_module_ids(local)) if local else None
    if current:
        _names_the_pack_gives(current, upstream)
    outcome = merge.classify(kit, current, upstream)
    ctx.outcomes[data["id"]] = outcome
    ctx.report.note(outcome, label)
    ctx.say(f"  {label}: {merge.LABELS[outcome]}")
    if outcome == merge.CONFLICT:
        ctx.report.conflicts.append(merge.Conflict(label, current, upstream))
    if merge.writes(outcome):
        kit = _write_kit(home, local, data, module_pages, ctx, label)
    if outcome in (merge.NEW, merge.UPSTREAM, merge.UNCHANGED):
        merge.record_provenance(data["id"], upstream, ctx.source, ctx.pack_key)
    return kit


def _write_kit(home, kit, data, module_pages, ctx, label):
    fields = {"slug": data["slug"], "code": data["code"], "title": data["title"], "summary": data["summary"],
              "licence": data["licence"], "languages": ",".join(data["languages"]), "estimated_minutes": data["estimated_minutes"]}
    if kit is None:
        kit = KitPage(translation_key=data["id"], live=ctx.publish, **fields)
        try:
            home.add_child(instance=kit)
        except ValidationError as error:
            raise PackError(_validation_message(error), label) from error
    else:
        for name, value in fields.items():
            setattr(kit, name, value)
    names = data.get("term_names") or {}
    kit.target_groups = [_target_group(name, names.get("target_groups", {}).get(name)) for name in data["audience"]]
    kit.thematic_areas = [_thematic_area(slug, names.get("thematic_areas", {}).get(slug)) for slug in data["thematic_areas"]]
    kit.kit_modules = [KitModule(module=module, sort_order=position) for position, module in enumerate(module_pages)]
    _publish(kit, ctx.publish, label)
    return Page.objects.get(pk=kit.pk).specific


def _names_the_pack_gives(current, upstream):
    """Keep in the local side only the term names the pack itself gives. The vocabulary is shared by
    every kit, so a term may carry names another kit's pack set: they are not this kit's edits, and a
    pack without names leaves them as they are (_with_names)."""
    given = upstream.get("term_names") or {}
    names = {vocabulary: {term: current_names for term, current_names in terms.items() if term in given.get(vocabulary, {})}
             for vocabulary, terms in (current.pop("term_names", None) or {}).items()}
    names = {vocabulary: terms for vocabulary, terms in names.items() if terms}
    if names:
        current["term_names"] = names


def _target_group(name, names=None):
    group, _ = TargetGroup.objects.get_or_create(slug=slugify(name)[:50], defaults={"name": name})
    return _with_names(group, names)


def _thematic_area(slug, names=None):
    area, _ = ThematicArea.objects.get_or_create(slug=slugify(slug)[:50], defaults={"name": slug.replace("-", " ").capitalize()})
    return _with_names(area, names)


def _with_names(term, names):
    """A pack that names a term in other languages sets those names (the vocabulary is shared by the
    kits, so their packs carry the same names); a pack without names leaves the term's as they are."""
    if names and term.names != names:
        term.names = names
        term.save(update_fields=["names"])
    return term
