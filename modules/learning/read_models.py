"""Read models of learner progress: what kit, module and library pages hand to templates (`build_*`).
Reads only; every write goes through modules/learning/records.py.

Reads use a fixed number of queries whatever the number of kits, modules, lessons or attempts:
one for the kit-module links, one each for lessons and quizzes under those modules, one for the
learner's progress rows. Templates only display what these functions return.

Languages: kits, modules, lessons and quizzes are authored in the source language (LANGUAGE_CODE,
English); a translation is the same item (same translation_key) in another Wagtail locale. The
structure always comes from the source pages (a kit's module links, a module's children), so a
translation can never drift out of step with it; each item is then shown in the learner's language
where a live translation exists, else in the source language with `fallback_lang` set (templates
show a note and mark that content with `lang`). In the source language nothing extra is queried;
in another language each read adds at most two queries, whatever the size of the kits.

Page classes call these functions, so they import no page class: they work on the pages they are
given and ask those pages' classes for the related types (`KitPage.module_links`,
`ModulePage.item_types`, which names the self-assessment page too). The import graph stays a tree: models.pages -> learning.read_models ->
learning.models (tests/modules/test_architecture.py fails on any cycle)."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connections, router
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from elearn.site.page_cache import cached_content

from .models import Certificate, ItemProgress, QuizAttempt


def percent_done(complete, done, total):
    """A module's or kit's percentage: 100 once complete (a record is final), else the share of the
    counted items done."""
    if complete:
        return 100
    return round(100 * done / total) if total else 0


@dataclass
class ItemView:
    page: object
    url: str
    done: bool = False
    progress: object = None
    fallback_lang: str = None
    # Published after the learner completed the module: shown, offered, never counted against them.
    new: bool = False


@dataclass
class ModuleView:
    """A module with the learner's progress. Once the learner's completion record exists (`record`,
    see learning/records.py) the module stays complete: items published after it are `new` and left
    out of the counts, items removed or changed since do not matter."""

    module: object
    url: str
    lessons: list = field(default_factory=list)
    quiz: ItemView = None
    fallback_lang: str = None
    record: object = None
    # Added to the kit after the learner completed the kit (set by build_kit_views).
    new: bool = False
    # Self-assessments: in the module's outline and navigation, never in its progress.
    activities: list = field(default_factory=list)

    @property
    def items(self):
        """What the module's progress counts: its lessons and its quiz."""
        return self.lessons + ([self.quiz] if self.quiz else [])

    @property
    def counted_items(self):
        return [item for item in self.items if not item.new]

    @property
    def new_items(self):
        return [item for item in self.items if item.new]

    @property
    def new_count(self):
        return len(self.new_items)

    @property
    def sequence(self):
        """Reading order for navigation: lessons, self-assessments, then the quiz."""
        return self.lessons + self.activities + ([self.quiz] if self.quiz else [])

    @property
    def lessons_done(self):
        return sum(1 for item in self.lessons if item.done)

    @property
    def lessons_total(self):
        return sum(1 for item in self.lessons if not item.new)

    @property
    def quiz_counts(self):
        return self.quiz is not None and not self.quiz.new

    @property
    def total(self):
        return len(self.counted_items)

    @property
    def done_count(self):
        return sum(1 for item in self.counted_items if item.done)

    @property
    def percent(self):
        return percent_done(self.complete, self.done_count, self.total)

    @property
    def complete(self):
        return self.record is not None or (self.total > 0 and self.done_count == self.total)

    @property
    def completed_at(self):
        return self.record.completed_at if self.record is not None else None

    @property
    def started(self):
        return self.record is not None or any(item.progress is not None for item in self.items)

    def next_item(self, current=None):
        """The item after `current`, or the first item not done yet when `current` is None."""
        if current is None:
            items = self.items
            return next((item for item in items if not item.done), items[0] if items else None)
        items = self.sequence
        keys = [item.page.pk for item in items]
        if current.pk in keys and keys.index(current.pk) + 1 < len(items):
            return items[keys.index(current.pk) + 1]
        return None

    def previous_item(self, current):
        keys = [item.page.pk for item in self.sequence]
        if current.pk in keys and keys.index(current.pk) > 0:
            return self.sequence[keys.index(current.pk) - 1]
        return None

    def following(self, kit_view):
        """The module after this one in `kit_view`, or None when it is the last."""
        keys = [view.module.translation_key for view in kit_view.modules]
        if self.module.translation_key in keys and keys.index(self.module.translation_key) + 1 < len(keys):
            return kit_view.modules[keys.index(self.module.translation_key) + 1]
        return None


@dataclass
class KitView:
    """A kit with the learner's progress; complete for good once the learner's kit completion record
    exists (`record`, with the release it was earned under). Counts leave out what is new since."""

    kit: object
    modules: list = field(default_factory=list)
    certificate: object = None
    fallback_lang: str = None
    record: object = None

    @property
    def counted_modules(self):
        return [m for m in self.modules if not m.new]

    @property
    def lessons_total(self):
        return sum(m.lessons_total for m in self.counted_modules)

    @property
    def lessons_done(self):
        return sum(m.lessons_done for m in self.counted_modules)

    @property
    def quizzes_total(self):
        return sum(1 for m in self.counted_modules if m.quiz_counts)

    @property
    def quizzes_passed(self):
        return sum(1 for m in self.counted_modules if m.quiz_counts and m.quiz.done)

    @property
    def modules_complete(self):
        return sum(1 for m in self.modules if m.complete)

    @property
    def percent(self):
        modules = self.counted_modules
        return percent_done(self.complete, sum(m.done_count for m in modules), sum(m.total for m in modules))

    @property
    def complete(self):
        return self.record is not None or (bool(self.modules) and all(m.complete for m in self.modules))

    @property
    def completed_at(self):
        return self.record.completed_at if self.record is not None else None

    @property
    def release_completed(self):
        """The release the learner completed (the certificate's, else the completion record's)."""
        if self.certificate is not None and self.certificate.release_version:
            return self.certificate.release_version
        release = self.record.release if self.record is not None else None
        return release.version if release is not None else None

    @property
    def new_count(self):
        """Lessons and quizzes published since the learner completed (in new modules too)."""
        return sum(len(m.items) if m.new else len(m.new_items) for m in self.modules)

    @property
    def started(self):
        return any(m.started for m in self.modules)

    @property
    def activities(self):
        """The kit's self-assessments (a feature line on kit cards and the kit page)."""
        return [activity for m in self.modules for activity in m.activities]

    @property
    def resume(self):
        """Where to carry on: the first item not done, in kit order."""
        for module_view in self.modules:
            if not module_view.complete:
                return module_view.next_item()
        for module_view in self.modules:
            if module_view.new_items:
                return module_view.new_items[0]
        return None


def foreign_language():
    """The active language when it is a content language other than the source language, else None."""
    language = translation.get_language()
    if language != settings.LANGUAGE_CODE and language in {code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES}:
        return language
    return None


def _translations(pages, language):
    """{translation_key: page} of the live translations in `language` of `pages`, all of one page
    type (one query). Aliases (the parents Wagtail creates when a child is translated first) only
    mirror the source, so they do not count as translations."""
    keys = [page.translation_key for page in pages]
    if not language or not keys:
        return {}
    rows = type(pages[0]).objects.live().filter(translation_key__in=keys, locale__language_code=language, alias_of__isnull=True)
    return {page.translation_key: page for page in rows.select_related("locale")}


def _fallback(page, language):
    """The language `page` is shown in when it stands in for a missing translation, else None."""
    if language is None:
        return None
    own = settings.LANGUAGE_CODE if page.alias_of_id else page.locale.language_code
    return own if own != language else None


def localized_item(page):
    """(what to show for `page` in the active language, the fallback language or None)."""
    language = foreign_language()
    if language is None or (page.locale.language_code == language and not page.alias_of_id):
        return page, None
    shown = _translations([page], language).get(page.translation_key, page)
    return shown, _fallback(shown, language)


def live_item(model, key):
    """The live page of item `key` in the active language, else in the source language (one query)."""
    languages = [translation.get_language(), settings.LANGUAGE_CODE]
    pages = model.objects.live().filter(translation_key=key, locale__language_code__in=languages, alias_of__isnull=True)
    found = {page.locale.language_code: page for page in pages.select_related("locale")}
    return next((found[code] for code in languages if code in found), None)


def source_item(page):
    """The source-language page of this item (kits keep their module links there), else `page`."""
    if foreign_language() is None:
        return page
    return type(page).objects.filter(translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE).first() or page


def _children_filter(modules):
    return reduce(or_, (Q(path__startswith=m.path, depth=m.depth + 1) for m in modules))


def module_outline(modules):
    """Live lessons and quizzes of the given modules, grouped by module path, in tree order (analytics:
    self-assessments are never counted, so they are left out; the third list is empty)."""
    return _outline(modules, None, activities=False)[0]


def _outline(modules, language, activities=True):
    """(module_outline, {translation_key: translation in `language`}): from the cache once built for
    the current content version (elearn/site/page_cache.py), else one query per page type, the
    translations fetched in the same query as their sources."""
    if not modules:
        return {}, {}
    parts = (language, activities, [(m.pk, m.path) for m in modules])
    return cached_content("outline", parts, lambda: _read_outline(modules, language, activities))


def _read_outline(modules, language, activities):
    children = _children_filter(modules)
    grouped = {m.path: ([], [], []) for m in modules}
    translated = {}
    for slot, model in enumerate(type(modules[0]).item_types(activities=activities)):
        wanted = children
        if language:
            sources = model.objects.live().filter(children).values("translation_key")
            wanted = children | Q(translation_key__in=sources, locale__language_code=language, alias_of__isnull=True)
        pages = model.objects.live().filter(wanted).defer_streamfields().order_by("path")
        if language:
            pages = pages.select_related("locale")
        for page in pages:
            parent = _parent_path(page)
            if parent in grouped:
                grouped[parent][slot].append(page)
            else:
                translated[page.translation_key] = page
    return grouped, translated


def _parent_path(page):
    return page.path[: -page.steplen]


def progress_map(user, keys, releases=False):
    """{item_key: the learner's summary row}: lessons, quizzes, and the completion records of
    modules and kits, all in one query; with `releases`, the release each completion was earned
    under (a kit's view names it; a module's does not need it, and its page is read far more often)."""
    if not getattr(user, "is_authenticated", False) or not keys:
        return {}
    if releases:
        rows = ItemProgress.objects.filter(user_id=user.pk, item_key__in=keys).select_related("release").defer("release__manifest")
    else:
        rows = _progress_rows(user.pk, keys)
    return {row.item_key: row for row in rows}


def _progress_rows(user_id, keys):
    """The same rows as `ItemProgress.objects.filter(user_id=…, item_key__in=keys)`, written out: on the
    pages learners read most (every lesson and module page), building that query with the ORM took
    longer than running it (0.33 ms against 0.13 on SQLite; issue 19, bench/RESULTS.md)."""
    connection = connections[router.db_for_read(ItemProgress)]
    quote, key_field = connection.ops.quote_name, ItemProgress._meta.get_field("item_key")
    sql = (f"SELECT * FROM {quote(ItemProgress._meta.db_table)} WHERE {quote('user_id')} = %s"
           f" AND {quote('item_key')} IN ({', '.join(['%s'] * len(keys))})")
    return ItemProgress.objects.raw(sql, [user_id, *(key_field.get_db_prep_value(key, connection) for key in keys)])


def _completion(progress, key):
    """The learner's completion record of module or kit `key`, else None."""
    row = progress.get(key)
    return row if row is not None and row.completed_at is not None else None


def _new_since(record, key, done):
    return record is not None and not done and str(key) not in {str(k) for k in record.contents}


def _item_view(page, url, progress, translated, language, record=None):
    row = progress.get(page.translation_key)
    shown = translated.get(page.translation_key, page)
    done = bool(row and row.is_done)
    return ItemView(shown, url, done, row, _fallback(shown, language), new=_new_since(record, page.translation_key, done))


def _module_view(module, base_url, lessons, quizzes, progress, translated=None, language=None, activities=()):
    translated = translated or {}
    shown = translated.get(module.translation_key, module)
    record = _completion(progress, module.translation_key)
    view = ModuleView(module=shown, url=base_url, fallback_lang=_fallback(shown, language), record=record)
    for lesson in lessons:
        view.lessons.append(_item_view(lesson, base_url + lesson.slug + "/", progress, translated, language, record))
    if quizzes:
        view.quiz = _item_view(quizzes[0], base_url + quizzes[0].slug + "/", progress, translated, language, record)
    for activity in activities:
        shown = translated.get(activity.translation_key, activity)
        view.activities.append(ItemView(shown, base_url + activity.slug + "/", fallback_lang=_fallback(shown, language)))
    return view


def _kits_in(kits, language):
    """[(source kit, kit to show)]: one query in another language, none in the source language."""
    if language is None or not kits:
        return [(kit, kit) for kit in kits]
    rows = type(kits[0]).objects.live().filter(
        translation_key__in=[kit.translation_key for kit in kits],
        locale__language_code__in=[settings.LANGUAGE_CODE, language], alias_of__isnull=True,
    ).select_related("locale")
    twins = {(page.translation_key, page.locale.language_code): page for page in rows}
    pairs = []
    for kit in kits:
        source = twins.get((kit.translation_key, settings.LANGUAGE_CODE), kit)
        pairs.append((source, twins.get((kit.translation_key, language), source)))
    return pairs


def build_kit_views(user, kits):
    """KitViews for several kits with four queries in all (plus certificates for a learner; plus
    two in a language other than the source: the kits' and the modules' translations)."""
    language = foreign_language()
    pairs = _kits_in(list(kits), language)
    if not pairs:
        return []
    links = list(type(pairs[0][0]).module_links([source for source, _shown in pairs], with_locale=bool(language)))
    modules = list({link.module.pk: link.module for link in links}.values())
    outline, translated = _outline(modules, language)
    translated.update(_translations(modules, language))
    keys = [page.translation_key for lessons, quizzes, _activities in outline.values() for page in lessons + quizzes]
    keys += [module.translation_key for module in modules] + [source.translation_key for source, _shown in pairs]
    progress = progress_map(user, keys, releases=True)
    certificates = {}
    if getattr(user, "is_authenticated", False):
        certificates = {c.kit_key: c for c in Certificate.objects.filter(user=user, kit_key__in=[s.translation_key for s, _k in pairs])}
    views = {}
    for source, shown in pairs:
        views[source.pk] = KitView(kit=shown, certificate=certificates.get(source.translation_key),
                                   fallback_lang=_fallback(shown, language), record=_completion(progress, source.translation_key))
    for link in links:
        kit_view = views[link.page_id]
        lessons, quizzes, activities = outline[link.module.path]
        module_view = _module_view(link.module, kit_view.kit.module_url(link.module), lessons, quizzes, progress, translated, language,
                                   activities)
        module_view.new = _new_since(kit_view.record, link.module.translation_key, module_view.complete)
        kit_view.modules.append(module_view)
    return [views[source.pk] for source, _shown in pairs]


def build_kit_view(user, kit):
    return build_kit_views(user, [kit])[0]


def build_module_view(user, module, kit=None):
    """The module's outline with the learner's progress; `module` is the source module."""
    language = foreign_language()
    outline, translated = _outline([module], language)
    lessons, quizzes, activities = outline[module.path]
    translated.update(_translations([module], language))
    progress = progress_map(user, [p.translation_key for p in lessons + quizzes] + [module.translation_key])
    base_url = kit.module_url(module) if kit is not None else module.url
    return _module_view(module, base_url, lessons, quizzes, progress, translated, language, activities)


def kit_self_assessments(kit):
    """The live self-assessments of a kit's modules as ItemViews (the catalogue's feature line), one
    query after the kit's module links; each in the reader's language where it is translated (one
    more query per activity type in another language), else in the source language with `fallback_lang`."""
    modules = kit.live_modules()
    if not modules:
        return []
    language = foreign_language()
    by_path = {m.path: m for m in modules}
    views = []
    for model in type(modules[0]).item_types()[2:]:
        pages = list(model.objects.live().filter(_children_filter(modules)).defer_streamfields().order_by("path"))
        translated = _translations(pages, language)
        for page in pages:
            shown = translated.get(page.translation_key, page)
            views.append(ItemView(shown, kit.module_url(by_path[_parent_path(page)]) + page.slug + "/",
                                  fallback_lang=_fallback(shown, language)))
    return views


@dataclass
class QuizPlace:
    """Where a quiz sits for a learner: its kit and module with their progress, for breadcrumbs and
    for the next steps after a result. Empty (all None) for a quiz no live kit uses."""

    kit_view: KitView = None
    module_view: ModuleView = None

    @property
    def kit(self):
        return self.kit_view.kit if self.kit_view else None

    @property
    def module(self):
        return self.module_view.module if self.module_view else None

    @property
    def quiz_url(self):
        return self.module_view.quiz.url if self.module_view and self.module_view.quiz else None

    @property
    def next_module(self):
        return self.module_view.following(self.kit_view) if self.module_view else None

    @property
    def lessons_left(self):
        return [item for item in self.module_view.lessons if not item.done] if self.module_view else []


def build_quiz_place(user, quiz, kit=None):
    """The QuizPlace of `quiz` (any translation) in `kit`, else in the first live kit using its module.
    A kit view's fixed number of queries plus two (three when `kit` does not hold the module)."""
    module_key = quiz.get_parent().translation_key
    if kit is not None:
        place = _place_in(build_kit_view(user, kit), module_key)
        if place.module_view is not None:
            return place
    module = quiz.get_parent().specific_class.objects.live().filter(
        translation_key=module_key, locale__language_code=settings.LANGUAGE_CODE).first()
    kit = module.live_kits().first() if module is not None else None
    return _place_in(build_kit_view(user, kit), module_key) if kit is not None else QuizPlace()


def _place_in(kit_view, module_key):
    module_view = next((view for view in kit_view.modules if view.module.translation_key == module_key), None)
    return QuizPlace(kit_view, module_view) if module_view else QuizPlace()


def quiz_status(user, quiz):
    """What the quiz page needs to know about this learner: attempts used, open attempt, best."""
    status = {"attempts_allowed": quiz.attempts_allowed, "attempts_used": 0, "open_attempt": None, "best": None, "passed": False, "last": None}
    if not getattr(user, "is_authenticated", False):
        return status
    attempts = list(QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key).order_by("number"))
    submitted = [a for a in attempts if a.is_submitted]
    status.update(
        attempts_used=len(submitted),
        open_attempt=next((a for a in attempts if not a.is_submitted), None),
        best=max((a.percent for a in submitted), default=None),
        passed=any(a.passed for a in submitted),
        last=submitted[-1] if submitted else None,
    )
    status["attempts_left"] = max(0, quiz.attempts_allowed - len(submitted))
    return status


def result_rows(quiz, answers, reveal=True, drawn=None):
    """Per-question rows of a graded quiz, for the attempt result page and the staff preview.
    `answers` maps each question id to what was graded for it (an AnswerRecord or a grading result:
    `selected`, `score`, `max_score`). Which options are correct, and the feedback of those chosen,
    only when `reveal`. `drawn` is the attempt's recorded draw: only the questions it asked, with the
    options in the order the learner saw them."""
    rows = []
    definitions = {d.id: d for d in quiz.question_defs}
    for question in quiz.question_views(drawn):
        definition = definitions[question["id"]]
        answer_defs = {a.id: a for a in definition.answers}
        answer = answers.get(question["id"])
        selected = set(answer.selected) if answer else set()
        score, max_score = (answer.score, answer.max_score) if answer else (0, 1)
        rows.append({
            "prompt": question["prompt"],
            "answers": [
                {"text": view["text"], "selected": view["id"] in selected, "correct": answer_def.correct if reveal else None,
                 # A right answer may come without feedback: learners then read a plain confirmation.
                 "feedback": (answer_def.feedback or (gettext("That is right.") if answer_def.correct else ""))
                 if reveal and view["id"] in selected else ""}
                for view, answer_def in ((view, answer_defs[view["id"]]) for view in question["answers"])
            ],
            "score": score, "max_score": max_score,
            "correct": answer is not None and score >= max_score, "partly": answer is not None and 0 < score < max_score,
        })
    return rows


@dataclass
class LearnerModuleProgress:
    """One learner's progress on a module, for a teacher's course list (modules/lti/roster.py)."""

    started: bool = False
    lessons_done: int = 0
    lessons_total: int = 0
    quiz_best: object = None
    quiz_passed: bool = False
    completed: bool = False


def module_progress_of(user_ids, module):
    """{user id: LearnerModuleProgress} for these learners on this (source) module, in three queries
    whatever the number of learners: the lessons, the quizzes, the progress rows."""
    lessons, quizzes, _activities = module_outline([module]).get(module.path, ([], [], []))
    lesson_keys = {page.translation_key for page in lessons}
    quiz_keys = {page.translation_key for page in quizzes}
    summary = {user_id: LearnerModuleProgress(lessons_total=len(lesson_keys)) for user_id in user_ids}
    if not summary:
        return summary
    rows = ItemProgress.objects.filter(user_id__in=list(summary), item_key__in=lesson_keys | quiz_keys | {module.translation_key})
    for row in rows:
        learner = summary[row.user_id]
        learner.started = True
        if row.item_key == module.translation_key:
            learner.completed = row.completed_at is not None
        elif row.item_key in lesson_keys:
            learner.lessons_done += int(row.is_done)
        else:
            learner.quiz_best = row.best_percent
            learner.quiz_passed = row.passed
    return summary
