"""The admin dashboard panels that start a trainer's day, beside Wagtail's own ("Awaiting your review",
"Your pages and snippets in a workflow", "Your most recent edits"):

- changes waiting for your review, each opening the review screen with what changed (modules/review/);
- changes a reviewer requested of you, with the reviewer's comment;
- questions to review, from the analytics flags of every live kit (cached: the item analysis reads
  every first attempt, and the dashboard is opened far more often than the numbers change);
- H5P libraries waiting for approval (only for those who may approve);
- translations with segments to translate (new or changed in the source since).

Each panel costs a fixed number of queries whatever the amount of data, and hides itself when empty."""

from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component
from wagtail.models import Page, TaskState, WorkflowState

from .analytics import queries
from .analytics.flags import questions_to_review
from .h5p.upload import APPROVE_PERMISSION
from .models import H5PLibrary, KitPage, StaleTranslation
from .models.h5p import LIBRARY_VERSION
from .permissions import has_permission

LIMIT = 5
REVIEW_CACHE_SECONDS = 600
# Where each panel stands among Wagtail's own (210 your pages in a workflow, 220 awaiting your review,
# 250 your recent edits, 300 locked pages): what waits for the user first, then what needs a decision.
ORDER = {"reviews_waiting": 200, "changes_requested": 205, "h5p_libraries_waiting": 225, "questions_to_review": 230,
         "translations_to_update": 240}


def with_pages(items, page_id):
    """(item, its specific page) for each item whose page still exists, in one query; `page_id(item)`
    is the page's id as a string (a workflow names the object it runs on by a string id)."""
    ids = [(item, int(key)) for item in items if (key := page_id(item)).isdigit()]
    pages = Page.objects.in_bulk([pk for _item, pk in ids])
    return [(item, pages[pk].specific_deferred) for item, pk in ids if pk in pages]


def changes_requested_of(user):
    """The workflows a reviewer sent back to `user` for changes, the latest request first (Wagtail's
    TaskState.objects.reviewable_by is the other direction: what `user` may review)."""
    return (WorkflowState.objects.filter(status=WorkflowState.STATUS_NEEDS_CHANGES, requested_by=user)
            .select_related("current_task_state__finished_by").order_by("-current_task_state__finished_at"))


class DashboardPanel(Component):
    """A panel that renders nothing when it has no rows (its context is built once). A subclass gives
    its `slug` (the component is `elearn_<slug>`, the panel's HTML id `elearn-<slug>`, its template
    modules/admin/dashboard/<slug>.html, its place in ORDER) and `heading`, and its rows for the user
    (`get_rows`); a table panel (its template extends table_panel.html) names its `columns` too."""

    slug = ""
    heading = ""
    columns = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.name = f"elearn_{cls.slug}"
        cls.panel_id = f"elearn-{cls.slug}".replace("_", "-")
        cls.template_name = f"modules/admin/dashboard/{cls.slug}.html"
        cls.order = ORDER[cls.slug]

    def get_rows(self, user):
        raise NotImplementedError

    def get_context_data(self, parent_context):
        return {"rows": self.get_rows(parent_context["request"].user)}

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context)
        if not context.get("rows"):
            return ""
        context["request"] = parent_context["request"]
        context["dashboard_panel"] = self
        return render_to_string(self.template_name, context)


class ReviewsWaitingPanel(DashboardPanel):
    """Changes submitted for the user's review, each opening the review screen with its diff."""

    slug = "reviews_waiting"
    heading = _("Waiting for your review")
    columns = (_("Page"), _("Submitted by"), _("Submitted"))

    def get_rows(self, user):
        states = TaskState.objects.reviewable_by(user).select_related("revision__user").order_by("-started_at")[:LIMIT]
        return [{"task_state": state, "page": page} for state, page in with_pages(states, lambda state: state.revision.object_id)]


class ChangesRequestedPanel(DashboardPanel):
    slug = "changes_requested"
    heading = _("Changes requested of you")
    columns = (_("Page"), _("Reviewer's comment"), _("Requested"))

    def get_rows(self, user):
        states = changes_requested_of(user)[:LIMIT]
        return [{"page": page, "task": state.current_task_state} for state, page in with_pages(states, lambda state: state.object_id)]


def flagged_questions():
    """The most troubling questions of every live kit (first attempts), cached for a few minutes."""
    def compute():
        rows = []
        for kit in KitPage.objects.live().in_source_language().order_by("path"):
            filters = queries.AnalyticsFilter(kit=kit)
            scope = queries.resolve_scope(filters)
            for item in questions_to_review(queries.item_analysis(filters, scope)):
                code = next((m.code for m in scope.modules if item.stat.quiz.path.startswith(m.path)), "")
                rows.append({"kit_pk": kit.pk, "kit": kit.title, "module": code, "quiz_pk": item.stat.quiz.pk,
                             "prompt": item.stat.prompt, "labels": [str(label) for label in item.labels],
                             "flags": len(item.flags), "share": item.stat.share_correct})
        rows.sort(key=lambda row: (-row["flags"], row["share"]))
        return rows[:LIMIT]

    return cache.get_or_set("elearn:dashboard:flagged-questions", compute, REVIEW_CACHE_SECONDS)


class QuestionsToReviewPanel(DashboardPanel):
    slug = "questions_to_review"
    heading = _("Questions to review")

    def get_rows(self, user):
        return flagged_questions()


class LibrariesWaitingPanel(DashboardPanel):
    slug = "h5p_libraries_waiting"
    heading = _("H5P libraries waiting for approval")

    def get_context_data(self, parent_context):
        if not has_permission(parent_context["request"].user, APPROVE_PERMISSION):
            return {"rows": []}
        waiting = H5PLibrary.objects.filter(approved=False).order_by(*LIBRARY_VERSION)
        return {"rows": list(waiting[:LIMIT]), "total": waiting.count()}


class TranslationsToUpdatePanel(DashboardPanel):
    slug = "translations_to_update"
    heading = _("Translations to update")
    columns = (_("Page"), _("Language"), _("Segments to translate"), _("What changed in the source"))

    def get_rows(self, user):
        from wagtail_localize.models import StringSegment, StringTranslation, Translation

        translated = StringTranslation.objects.filter(
            translation_of_id=OuterRef("string_id"), context_id=OuterRef("context_id"),
            locale_id=OuterRef(OuterRef("target_locale_id")), has_error=False)
        missing = (StringSegment.objects.filter(source_id=OuterRef("source_id")).exclude(Exists(translated))
                   .values("source_id").annotate(n=Count("pk")).values("n"))
        translations = list(Translation.objects.filter(enabled=True)
                            .annotate(missing=Coalesce(Subquery(missing, output_field=IntegerField()), 0))
                            .filter(missing__gt=0).select_related("source", "target_locale")
                            .order_by("-missing", "source__object_repr")[:LIMIT])
        # The translated pages, in one query: the page with the source's translation key in the target locale.
        keys = {t.source.object_id for t in translations}
        pages = {(str(p.translation_key), p.locale_id): p for p in
                 Page.objects.filter(translation_key__in=keys, locale_id__in={t.target_locale_id for t in translations})}
        rows = [{"title": t.source.object_repr, "language": t.target_locale.get_display_name(), "missing": t.missing,
                 "page": pages.get((str(t.source.object_id), t.target_locale_id)), "stale": None} for t in translations]
        # Translations an upstream release made stale (translation_merge.py): their source changed, even
        # before anyone synced them (so before any segment shows as missing). Two queries.
        listed = {row["page"].pk for row in rows if row["page"] is not None}
        flags = list(StaleTranslation.objects.order_by("-flagged_at")[:LIMIT])
        flagged = {(str(p.translation_key), p.locale.language_code): p for p in Page.objects.filter(
            translation_key__in=[f.item_key for f in flags], locale__language_code__in={f.language for f in flags},
            alias_of__isnull=True).select_related("locale")} if flags else {}
        for flag in flags:
            page = flagged.get((str(flag.item_key), flag.language))
            if page is not None and page.pk not in listed:
                rows.append({"title": page.title, "language": page.locale.get_display_name(), "missing": None, "page": page,
                             "stale": flag})
            elif page is not None:
                next(row for row in rows if row["page"] is not None and row["page"].pk == page.pk)["stale"] = flag
        # Only the translations this user may edit: the trainers of that kit (its page permissions).
        return [row for row in rows if row["page"] is not None and row["page"].permissions_for_user(user).can_edit()]


def add_panels(request, panels):
    panels.extend([ReviewsWaitingPanel(), ChangesRequestedPanel(), LibrariesWaitingPanel(), QuestionsToReviewPanel(), TranslationsToUpdatePanel()])
