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
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext

from .models import Certificate, ItemProgress, QuizAttempt


@dataclass
class ItemView:
    page: object
    url: str
    done: bool = False
    progress: object = None
    fallback_lang: str = None


@dataclass
class ModuleView:
    module: object
    url: str
    lessons: list = field(default_factory=list)
    quiz: ItemView = None
    fallback_lang: str = None
    # Self-assessments: in the module's outline and navigation, never in its progress.
    activities: list = field(default_factory=list)

    @property
    def items(self):
        """What the module's progress counts: its lessons and its quiz."""
        return self.lessons + ([self.quiz] if self.quiz else [])

    @property
    def sequence(self):
        """Reading order for navigation: lessons, self-assessments, then the quiz."""
        return self.lessons + self.activities + ([self.quiz] if self.quiz else [])

    @property
    def lessons_done(self):
        return sum(1 for item in self.lessons if item.done)

    @property
    def total(self):
        return len(self.items)

    @property
    def done_count(self):
        return sum(1 for item in self.items if item.done)

    @property
    def percent(self):
        return round(100 * self.done_count / self.total) if self.total else 0

    @property
    def complete(self):
        return self.total > 0 and self.done_count == self.total

    @property
    def started(self):
        return any(item.progress is not None for item in self.items)

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


@dataclass
class KitView:
    kit: object
    modules: list = field(default_factory=list)
    certificate: object = None
    fallback_lang: str = None

    @property
    def lessons_total(self):
        return sum(len(m.lessons) for m in self.modules)

    @property
    def lessons_done(self):
        return sum(m.lessons_done for m in self.modules)

    @property
    def quizzes_total(self):
        return sum(1 for m in self.modules if m.quiz)

    @property
    def quizzes_passed(self):
        return sum(1 for m in self.modules if m.quiz and m.quiz.done)

    @property
    def modules_complete(self):
        return sum(1 for m in self.modules if m.complete)

    @property
    def percent(self):
        total = sum(m.total for m in self.modules)
        return round(100 * sum(m.done_count for m in self.modules) / total) if total else 0

    @property
    def complete(self):
        return bool(self.modules) and all(m.complete for m in self.modules)

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
    """(module_outline, {translation_key: translation in `language`}): still one query per page type,
    the translations fetched in the same query as their sources."""
    if not modules:
        return {}, {}
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


def _progress_map(user, keys):
    if not getattr(user, "is_authenticated", False) or not keys:
        return {}
    rows = ItemProgress.objects.filter(user=user, item_key__in=keys)
    return {row.item_key: row for row in rows}


def _item_view(page, url, progress, translated, language):
    row = progress.get(page.translation_key)
    shown = translated.get(page.translation_key, page)
    return ItemView(shown, url, bool(row and row.is_done), row, _fallback(shown, language))


def _module_view(module, base_url, lessons, quizzes, progress, translated=None, language=None, activities=()):
    translated = translated or {}
    shown = translated.get(module.translation_key, module)
    view = ModuleView(module=shown, url=base_url, fallback_lang=_fallback(shown, language))
    for lesson in lessons:
        view.lessons.append(_item_view(lesson, base_url + lesson.slug + "/", progress, translated, language))
    if quizzes:
        view.quiz = _item_view(quizzes[0], base_url + quizzes[0].slug + "/", progress, translated, language)
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
    progress = _progress_map(user, keys)
    certificates = {}
    if getattr(user, "is_authenticated", False):
        certificates = {c.kit_key: c for c in Certificate.objects.filter(user=user, kit_key__in=[s.translation_key for s, _k in pairs])}
    views = {}
    for source, shown in pairs:
        views[source.pk] = KitView(kit=shown, certificate=certificates.get(source.translation_key), fallback_lang=_fallback(shown, language))
    for link in links:
        kit = views[link.page_id].kit
        lessons, quizzes, activities = outline[link.module.path]
        views[link.page_id].modules.append(
            _module_view(link.module, kit.module_url(link.module), lessons, quizzes, progress, translated, language, activities)
        )
    return [views[source.pk] for source, _shown in pairs]


def build_kit_view(user, kit):
    return build_kit_views(user, [kit])[0]


def build_module_view(user, module, kit=None):
    """The module's outline with the learner's progress; `module` is the source module."""
    language = foreign_language()
    outline, translated = _outline([module], language)
    lessons, quizzes, activities = outline[module.path]
    translated.update(_translations([module], language))
    progress = _progress_map(user, [p.translation_key for p in lessons + quizzes])
    base_url = kit.module_url(module) if kit is not None else module.url
    return _module_view(module, base_url, lessons, quizzes, progress, translated, language, activities)


def kit_self_assessments(kit):
    """The live self-assessments of a kit's modules as ItemViews (the catalogue's feature line), one
    query after the kit's module links."""
    modules = kit.live_modules()
    if not modules:
        return []
    by_path = {m.path: m for m in modules}
    activity_types = type(modules[0]).item_types()[2:]
    pages = [page for model in activity_types
             for page in model.objects.live().filter(_children_filter(modules)).defer_streamfields().order_by("path")]
    return [ItemView(page, kit.module_url(by_path[_parent_path(page)]) + page.slug + "/") for page in pages]


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


def result_rows(quiz, answers, reveal=True):
    """Per-question rows of a graded quiz, for the attempt result page and the staff preview.
    `answers` maps each question id to what was graded for it (an AnswerRecord or a grading result:
    `selected`, `score`, `max_score`). Which options are correct, and the feedback of those chosen,
    only when `reveal`."""
    rows = []
    for question, definition in zip(quiz.question_views(), quiz.question_defs):
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
                for view, answer_def in zip(question["answers"], definition.answers)
            ],
            "score": score, "max_score": max_score,
            "correct": answer is not None and score >= max_score, "partly": answer is not None and 0 < score < max_score,
        })
    return rows
