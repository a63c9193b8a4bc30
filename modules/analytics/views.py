"""Trainers' results in the Wagtail admin: the summary per quiz and H5P activity (/admin/results/),
the analytics page (/admin/results/analytics/) and its CSV export.

The view parses the filter form, resolves the scope and calls the aggregate functions in
queries.py; tables are built once and serve both the HTML page and `?format=csv&table=<name>`, so
the CSV always matches what is shown."""

import csv

from django import forms
from django.conf import settings
from django.db.models import Avg, Count, Q, Sum
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from elearn.accounts.models import Country, HelixRole

from ..downloads import personal_download
from ..models import H5PActivity, H5PResult, ItemProgress, KitPage, KitRelease, ModulePage, QuizPage
from ..permissions import staff_view
from . import charts, queries
from .flags import MIN_ANSWERS, questions_to_review


def analysed_kits():
    """One entry per kit (its translations share its learners' records: progress follows the item)."""
    return KitPage.objects.live().in_source_language().defer_streamfields().order_by("title")


class AnalyticsFilterForm(forms.Form):
    kit = forms.ModelChoiceField(queryset=KitPage.objects.none(), required=False, label=_l("Kit"), empty_label=None)
    module = forms.ModelChoiceField(queryset=ModulePage.objects.none(), required=False, label=_l("Module"), empty_label=_l("All modules"))
    quiz = forms.ModelChoiceField(queryset=QuizPage.objects.none(), required=False, label=_l("Quiz"), empty_label=_l("All quizzes"))
    region = forms.CharField(required=False, label=_l("Region"))
    country = forms.ChoiceField(choices=[("", _l("Any country"))] + list(Country.choices), required=False, label=_l("Country"))
    organisation = forms.CharField(required=False, label=_l("Organisation contains"))
    helix_role = forms.ChoiceField(choices=[("", _l("Any role"))] + list(HelixRole.choices), required=False, label=_l("Helix role"))
    release = forms.ModelChoiceField(queryset=KitRelease.objects.none(), required=False, label=_l("Release"), empty_label=_l("Any release"))
    language = forms.ChoiceField(choices=[("", _l("Every language"))] + list(settings.WAGTAIL_CONTENT_LANGUAGES), required=False,
                                 label=_l("Language"))
    date_from = forms.DateField(required=False, label=_l("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label=_l("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, kit):
        super().__init__(data)
        self.fields["kit"].queryset = analysed_kits()
        self.fields["kit"].initial = kit.pk if kit else None
        if kit is not None:
            self.fields["module"].queryset = ModulePage.objects.filter(kit_links__page=kit, live=True).order_by("title")
            module_paths = self.fields["module"].queryset.values_list("path", flat=True)
            self.fields["quiz"].queryset = _kit_quizzes(module_paths)
            self.fields["release"].queryset = KitRelease.objects.filter(kit_key=kit.translation_key).defer("manifest")


def _parse(request):
    """The filter form and the AnalyticsFilter it describes (the first kit by title by default)."""
    kits = analysed_kits()
    kit = None
    if request.GET.get("kit", "").isdigit():
        kit = kits.filter(pk=int(request.GET["kit"])).first()
    kit = kit or kits.first()
    form = AnalyticsFilterForm(request.GET or None, kit)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if kit is None:
        return form, None
    module = data.get("module")
    quiz = data.get("quiz")
    if quiz is not None and module is not None and not quiz.path.startswith(module.path):
        quiz = None
    if quiz is not None and module is None:
        # A quiz alone: its funnel is the funnel of the module it belongs to.
        module = next((m for m in form.fields["module"].queryset if quiz.path.startswith(m.path)), None)
    filters = queries.AnalyticsFilter(
        kit=kit, module=module, quiz=quiz,
        region=data.get("region", "").strip(), country=data.get("country", ""),
        organisation=data.get("organisation", "").strip(), helix_role=data.get("helix_role", ""),
        release_id=data["release"].pk if data.get("release") else None, language=data.get("language", ""),
        date_from=data.get("date_from"), date_to=data.get("date_to"),
    )
    return form, filters


def _kit_quizzes(module_paths):
    q = Q(pk__in=[])
    for path in module_paths:
        q |= Q(path__startswith=path)
    return QuizPage.objects.live().defer_streamfields().filter(q).order_by("path")


def _pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _round(value):
    return None if value is None else round(value, 1)


def _language_name(code):
    """The language's name in the trainer's language (its code if Django does not know it)."""
    if not code:
        return "–"
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _fmt(value):
    return "" if value is None else value


def build_tables(filters, scope):
    """{name: {"title", "headers", "rows", "chart"}} — every figure the page shows."""
    weeks = queries.enrolments(filters, scope)
    steps = queries.funnel(filters, scope)
    bins = queries.score_distribution(filters, scope)
    items = queries.item_analysis(filters, scope)
    code = module_codes(scope)
    review = questions_to_review(items)
    for item in review:
        item.module_code = code(item.stat.quiz)
    by_language = queries.attempts_by_language(filters, scope)
    latest = queries.latest_attempts(filters, scope)
    scope_word = _("module") if filters.module else _("kit")
    funnel_rows = [
        (_("Started"), steps["started"]),
        (_("All lessons done"), steps["lessons_done"]),
        (_("All quizzes passed"), steps["quizzes_passed"]),
        (_("Complete (%(scope)s)") % {"scope": scope_word}, steps["complete"]),
    ]
    tables = {
        "enrolments": {
            "title": _("Enrolments per week"),
            "headers": [_("Week starting"), _("New learners")],
            "rows": [[week.isoformat(), n] for week, n in weeks],
        },
        "funnel": {
            "title": _("Completion funnel"),
            "headers": [_("Step"), _("Learners"), _("Share of started (%)")],
            "rows": [[label, n, _fmt(_pct(n, steps["started"]))] for label, n in funnel_rows],
        },
        "scores": {
            "title": _("Score distribution (best percent per learner and quiz)"),
            "headers": [_("Best score"), _("Results")],
            "rows": [[f"{low}–{high} %", n] for low, high, n in bins],
        },
        "review": {
            "title": _("Questions to review"),
            "headers": [_("Module"), _("Quiz"), _("Question"), _("Why"), _("Answered"), _("Share correct %"),
                        _("Discrimination"), _("Most chosen wrong answer")],
            "rows": [[code(item.stat.quiz), item.stat.quiz.title, item.stat.prompt, "; ".join(str(label) for label in item.labels),
                      item.stat.answered, _fmt(item.stat.share_correct), _fmt(item.stat.discrimination),
                      (item.strongest_distractor or {}).get("text", "")] for item in review],
            "flagged": review,
        },
        "items": {
            "title": _("Item analysis"),
            "headers": [_("Module"), _("Quiz"), _("Question"), _("Answered"), _("Share correct %"), _("Top 27 % correct %"),
                        _("Bottom 27 % correct %"), _("Discrimination")],
            "rows": [[code(s.quiz), s.quiz.title, s.prompt, s.answered, _fmt(s.share_correct), _fmt(_pct(s.top_correct, s.top_n)),
                      _fmt(_pct(s.bottom_correct, s.bottom_n)), _fmt(s.discrimination)] for s in items],
        },
        "answers": {
            "title": _("Wrong answers chosen"),
            "headers": [_("Quiz"), _("Question"), _("Wrong answer"), _("Times chosen"), _("Share of answers (%)")],
            "rows": [[s.quiz.title, s.prompt, o["text"], o["chosen"], _fmt(_pct(o["chosen"], s.answered))]
                     for s in items for o in s.wrong_options],
        },
        "languages": {
            "title": _("Attempts per language"),
            "headers": [_("Language"), _("Attempts"), _("Learners"), _("Average score %"), _("Passed (%)")],
            "rows": [[_language_name(row["language"]), row["attempts"], row["learners"], _fmt(_round(row["average"])),
                      _fmt(_pct(row["passed"], row["attempts"]))] for row in by_language],
        },
        "attempts": {
            "title": _("Latest attempts (at most %(count)d)") % {"count": queries.LATEST_ATTEMPTS},
            "headers": [_("Submitted"), _("Learner"), _("Quiz"), _("Attempt"), _("Language"), _("Score %"), _("Passed")],
            "rows": [[date_format(localtime(a.submitted_at), "SHORT_DATETIME_FORMAT"), a.user.display_name, a.quiz.title if a.quiz else str(a.quiz_key),
                      a.number, _language_name(a.language), _fmt(a.percent), _("yes") if a.passed else _("no")] for a in latest],
        },
    }
    tables["enrolments"]["chart"] = charts.bar_chart(tables["enrolments"]["title"], [(w.strftime("%d %b"), n) for w, n in weeks], chart_id="chart-enrolments")
    tables["funnel"]["chart"] = charts.hbar_chart(tables["funnel"]["title"], funnel_rows, chart_id="chart-funnel")
    tables["scores"]["chart"] = charts.bar_chart(tables["scores"]["title"], [(f"{low}", n) for low, _h, n in bins], chart_id="chart-scores")
    tables["items"]["chart"] = charts.hbar_chart(
        _("Share correct per question (%)"),
        # Only answered questions: a bar of 0 would read as "nobody got it right".
        [(Truncator(s.prompt).chars(40), s.share_correct) for s in items if s.answered], chart_id="chart-items",
    )
    return tables


def module_codes(scope):
    """quiz -> the code of the module it belongs to ("SH-1"), from the modules already in the scope."""
    def code(quiz):
        return next((m.code for m in scope.modules if quiz.path.startswith(m.path)), "")

    return code


# The screen's head (modules/admin/base.html); the title is translated when the page renders.
ANALYTICS_HEAD = {"page_title": _l("Analytics"), "header_icon": "table"}


@staff_view()
def analytics(request):
    form, filters = _parse(request)
    if filters is None:
        return TemplateResponse(request, "modules/admin/analytics/index.html", {**ANALYTICS_HEAD, "form": form, "tables": {}})
    scope = queries.resolve_scope(filters)
    tables = build_tables(filters, scope)
    if request.GET.get("format") == "csv":
        name = request.GET.get("table", "")
        if name not in tables:
            raise Http404
        return _csv(tables[name], f"{filters.kit.slug}-{name}.csv")
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("table", None)
    return TemplateResponse(request, "modules/admin/analytics/index.html", {
        **ANALYTICS_HEAD, "form": form, "filters": filters, "scope": scope, "tables": tables, "query": query.urlencode(),
        # A list, since a template lookup of `tables.items` would find the "items" table.
        "sections": [(name, table) for name, table in tables.items() if name != "review"],
        "review": tables["review"], "min_answers": MIN_ANSWERS,
    })


def _csv(table, filename):
    response = personal_download("", "text/csv; charset=utf-8", filename)
    writer = csv.writer(response)
    writer.writerow(table["headers"])
    for row in table["rows"]:
        # Neutralise spreadsheet formulas in free text (question prompts, answer texts).
        writer.writerow([f"'{c}" if isinstance(c, str) and c[:1] in "=+-@" else c for c in row])
    return response


# --- Summary results per quiz and H5P activity (/admin/results/) --------------------------------

def _share(part, whole):
    return round(100 * part / whole) if whole else None


@staff_view()
def results_overview(request):
    """Every quiz and H5P activity with summary figures. Five queries in all: two listings and
    three grouped aggregates, merged in Python, so the cost does not grow with the rows. Quiz
    figures come from the per-learner summary rows modules/attempts.py keeps (ItemProgress)."""
    quizzes = list(QuizPage.objects.live().defer_streamfields().order_by("title"))
    quiz_progress = {
        row["item_key"]: row for row in
        ItemProgress.objects.filter(kind=ItemProgress.QUIZ, attempts_submitted__gt=0).values("item_key").annotate(
            learners=Count("id"), attempts=Sum("attempts_submitted"), average=Avg("best_percent"),
            passed=Count("id", filter=Q(passed=True)),
        )
    }
    quiz_rows = []
    for quiz in quizzes:
        row = quiz_progress.get(quiz.translation_key, {})
        learners = row.get("learners", 0)
        quiz_rows.append({
            "quiz": quiz, "attempts": row.get("attempts", 0), "learners": learners,
            "average": row.get("average"), "pass_rate": _share(row.get("passed", 0), learners),
        })

    activities = list(H5PActivity.objects.only("pk", "key", "title", "main_library", "required_score", "status"))
    statements = {
        row["activity"]: row for row in
        H5PResult.objects.values("activity").annotate(
            statements=Count("id"), learners=Count("user", distinct=True),
            server=Count("id", filter=Q(scored_by=H5PResult.SERVER)),
        )
    }
    h5p_progress = {
        row["item_key"]: row for row in
        ItemProgress.objects.filter(kind=ItemProgress.H5P).values("item_key").annotate(
            learners=Count("id"), average=Avg("best_percent"), passed=Count("id", filter=Q(passed=True)),
        )
    }
    activity_rows = []
    for activity in activities:
        counts = statements.get(activity.pk, {})
        progress = h5p_progress.get(activity.key, {})
        total = counts.get("statements", 0)
        activity_rows.append({
            "activity": activity, "statements": total, "learners": counts.get("learners", 0),
            "average": progress.get("average"), "reached": _share(progress.get("passed", 0), progress.get("learners", 0)),
            "server_share": _share(counts.get("server", 0), total),
            "browser_share": _share(total - counts.get("server", 0), total),
        })
    return TemplateResponse(request, "modules/admin/results.html", {
        "page_title": _("Results"), "header_icon": "list-ul", "quiz_rows": quiz_rows, "activity_rows": activity_rows})

