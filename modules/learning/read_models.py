"""Read models of learner progress: what kit, module and library pages hand to templates (`build_*`).
Reads only; every write goes through modules/learning/records.py.

Reads use a fixed number of queries whatever the number of kits, modules, lessons or attempts:
one for the kit-module links, one each for lessons and quizzes under those modules, one for the
learner's progress rows. Templates only display what these functions return."""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q

from ..models import Certificate, ItemProgress, KitModule, KitPage, LessonPage, ModulePage, QuizPage


@dataclass
class ItemView:
    page: object
    url: str
    done: bool = False
    progress: object = None


@dataclass
class ModuleView:
    module: object
    url: str
    lessons: list = field(default_factory=list)
    quiz: ItemView = None

    @property
    def items(self):
        return self.lessons + ([self.quiz] if self.quiz else [])

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
        items = self.items
        if current is None:
            return next((item for item in items if not item.done), items[0] if items else None)
        keys = [item.page.pk for item in items]
        if current.pk in keys and keys.index(current.pk) + 1 < len(items):
            return items[keys.index(current.pk) + 1]
        return None

    def previous_item(self, current):
        keys = [item.page.pk for item in self.items]
        if current.pk in keys and keys.index(current.pk) > 0:
            return self.items[keys.index(current.pk) - 1]
        return None


@dataclass
class KitView:
    kit: object
    modules: list = field(default_factory=list)
    certificate: object = None

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
    def resume(self):
        """Where to carry on: the first item not done, in kit order."""
        for module_view in self.modules:
            if not module_view.complete:
                return module_view.next_item()
        return None


def _children_filter(modules):
    return reduce(or_, (Q(path__startswith=m.path, depth=m.depth + 1) for m in modules))


def module_outline(modules):
    """Live lessons and quizzes of the given modules, grouped by module path, in tree order."""
    if not modules:
        return {}
    children = _children_filter(modules)
    lessons = LessonPage.objects.live().filter(children).defer_streamfields().order_by("path")
    quizzes = QuizPage.objects.live().filter(children).defer_streamfields().order_by("path")
    grouped = {m.path: ([], []) for m in modules}
    for lesson in lessons:
        grouped[_parent_path(lesson)][0].append(lesson)
    for quiz in quizzes:
        grouped[_parent_path(quiz)][1].append(quiz)
    return grouped


def _parent_path(page):
    return page.path[: -page.steplen]


def _progress_map(user, keys):
    if not getattr(user, "is_authenticated", False) or not keys:
        return {}
    rows = ItemProgress.objects.filter(user=user, item_key__in=keys)
    return {row.item_key: row for row in rows}


def _module_view(module, base_url, lessons, quizzes, progress):
    view = ModuleView(module=module, url=base_url)
    for lesson in lessons:
        row = progress.get(lesson.translation_key)
        view.lessons.append(ItemView(lesson, base_url + lesson.slug + "/", bool(row and row.is_done), row))
    if quizzes:
        quiz = quizzes[0]
        row = progress.get(quiz.translation_key)
        view.quiz = ItemView(quiz, base_url + quiz.slug + "/", bool(row and row.is_done), row)
    return view


def build_kit_views(user, kits):
    """KitViews for several kits with four queries in all (plus certificates for a learner)."""
    kits = list(kits)
    links = list(
        KitModule.objects.filter(page__in=kits, module__live=True)
        .select_related("module").order_by("page_id", "sort_order")
    )
    modules = list({link.module.pk: link.module for link in links}.values())
    outline = module_outline(modules)
    keys = [page.translation_key for lessons, quizzes in outline.values() for page in lessons + quizzes]
    progress = _progress_map(user, keys)
    certificates = {}
    if getattr(user, "is_authenticated", False):
        certificates = {c.kit_key: c for c in Certificate.objects.filter(user=user, kit_key__in=[k.translation_key for k in kits])}
    views = {kit.pk: KitView(kit=kit, certificate=certificates.get(kit.translation_key)) for kit in kits}
    for link in links:
        kit = views[link.page_id].kit
        lessons, quizzes = outline[link.module.path]
        views[link.page_id].modules.append(_module_view(link.module, kit.module_url(link.module), lessons, quizzes, progress))
    return [views[kit.pk] for kit in kits]


def build_kit_view(user, kit):
    return build_kit_views(user, [kit])[0]


def build_kit_cards(user, parent=None):
    kits = KitPage.objects.live().order_by("path")
    if parent is not None:
        kits = kits.child_of(parent)
    return build_kit_views(user, kits)


def build_module_view(user, module, kit=None):
    lessons, quizzes = module_outline([module])[module.path]
    progress = _progress_map(user, [p.translation_key for p in lessons + quizzes])
    base_url = kit.module_url(module) if kit is not None else module.url
    return _module_view(module, base_url, lessons, quizzes, progress)


def build_library_listing(library):
    """Every module in the library with the kits that use it (two queries)."""
    modules = list(ModulePage.objects.child_of(library).live().order_by("path"))
    uses = {}
    for link in KitModule.objects.filter(module__in=modules, page__live=True).select_related("page"):
        uses.setdefault(link.module_id, []).append(link.page)
    return [{"module": m, "kits": uses.get(m.pk, [])} for m in modules]
