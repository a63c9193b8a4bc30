"""What the self-assessment page and the saved-result pages do: `check_*` read and refuse,
`handle_request` parses the form and calls the pure rule (self_assessment.py), and saving goes
through learning/records.py. Views and page methods only call these. A learner service (as
learning/records.py): it imports no page class, it works on the page and kit it is given.

A signed-in learner who ticks "save" gets the result stored and is sent to it (POST, redirect, GET,
so a reload saves nothing twice); anyone else, and a trainer in preview, sees the result rendered in
place with nothing stored. CSV and PDF of an unsaved result are made from the ratings posted again."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .downloads import personal_download
from .learning.models import SelfAssessmentResult
from .learning.read_models import localized_item, source_item
from .learning.records import record_self_assessment
from .self_assessment import FIELD_PREFIX, MAX_RATING, SCALE, AreaDef, RatingError, build_profile, parse_ratings, profile_csv, rating_value

HISTORY_SHOWN = 10


def handle_request(request, page, kit, context, *, preview=False):
    """Fill `context` for the page template; return the status to render with, or a response
    (a download, or the redirect to a newly saved result)."""
    areas = page.area_defs
    links = revisit_links(areas, kit)
    context.update(areas=areas, scale=SCALE, field_prefix=FIELD_PREFIX, revisit=links, form_action=_page_url(page, kit, request))
    user = request.user
    signed_in = user.is_authenticated and not preview
    if signed_in:
        context["history"] = list(SelfAssessmentResult.objects.filter(user=user, assessment_key=page.translation_key)[:HISTORY_SHOWN])
    context["form_areas"] = form_areas(areas, {}, set())
    if request.method != "POST":
        return 200
    try:
        ratings = parse_ratings(areas, request.POST)
    except RatingError as error:
        context.update(error=error.message, form_areas=form_areas(areas, request.POST, set(error.statements)))
        context["unrated"] = [s for area in context["form_areas"] for s in area["statements"] if s["error"]]
        return 400
    profile = build_profile(areas, ratings)
    action = request.POST.get("action", "show")
    if action in ("csv", "pdf"):
        return download(action, page.title, profile, links)
    if signed_in and request.POST.get("save"):
        result = record_self_assessment(user, page, profile, translation.get_language())
        messages.success(request, _("Your result is saved. You can repeat the self-assessment later and compare."))
        return redirect(result_url(result, kit))
    context.update(result_context(profile, links, ratings=ratings), form_areas=form_areas(areas, request.POST, set()))
    return 200


def form_areas(areas, posted, error_ids):
    """The form as the template shows it: each statement with its field name, the rating chosen
    before (kept when the form comes back with an error) and whether it is in error."""
    shown = []
    for number, area in enumerate(areas, start=1):
        statements = []
        for statement_id, text in area.statements:
            chosen = rating_value(posted.get(FIELD_PREFIX + statement_id))
            statements.append({"id": statement_id, "text": text, "field": FIELD_PREFIX + statement_id, "chosen": chosen,
                               "error": statement_id in error_ids})
        shown.append({"area": area, "number": number, "statements": statements})
    return shown


def _page_url(page, kit, request):
    if kit is None:
        return request.path
    module = page.get_parent()
    return kit.module_url(module) + page.slug + "/"


def revisit_links(areas, kit):
    """{area id: [{"title", "url"}]}: lessons in this kit link inside it; others to their own page."""
    kit_modules = {}
    if kit is not None:
        kit_modules = {link.module.path: link.module for link in
                       type(kit).module_links([source_item(kit)])}
    links = {}
    for area in areas:
        entries = []
        for lesson in area.revisit:
            shown = localized_item(lesson)[0]
            module = kit_modules.get(lesson.path[: -lesson.steplen])
            url = kit.module_url(module) + lesson.slug + "/" if module is not None else lesson.url
            entries.append({"title": shown.title, "url": url})
        links[area.id] = entries
    return links


def result_context(profile, links, *, ratings=None, previous=None):
    return {
        "profile": profile, "chart": profile_chart(profile, previous), "ratings": ratings or {},
        "revisit_for": [(score, links.get(score.area.id, [])) for score in profile.to_revisit],
        "previous": previous, "comparison": comparison_rows(profile, previous) if previous else None,
    }


# --- saved results ----------------------------------------------------------------------------

def check_own_result(user, public_id):
    """The learner's own saved result; 404 for anyone else's (its existence is not revealed)."""
    result = SelfAssessmentResult.objects.filter(public_id=public_id, user=user).select_related("assessment").first()
    if result is None:
        raise Http404
    return result


def stored_profile(result):
    """The Profile of a saved result, from what was stored (the texts the learner rated)."""
    areas, ratings = [], {}
    for area in result.areas:
        statements = tuple((s["id"], s["text"]) for s in area["statements"])
        ratings.update({s["id"]: s["rating"] for s in area["statements"]})
        areas.append(AreaDef(area["id"], area["title"], area["question"], statements))
    return build_profile(areas, ratings)


def saved_result_context(result, kit):
    """The result page: its profile, the lessons to revisit (from the live page), the learner's
    earlier result to compare with, and every saved result for the list."""
    profile = stored_profile(result)
    page = result.assessment.specific if result.assessment and result.assessment.live else None
    links = revisit_links(page.area_defs, kit) if page else {}
    history = list(SelfAssessmentResult.objects.filter(user=result.user, assessment_key=result.assessment_key)[:HISTORY_SHOWN + 1])
    older = [r for r in history if (r.created_at, r.pk) < (result.created_at, result.pk)]
    compare_with = older[0] if older else None
    previous = stored_profile(compare_with) if compare_with else None
    context = result_context(profile, links, previous=previous)
    context.update(result=result, history=history[:HISTORY_SHOWN], older=older, compare_with=compare_with, kit=kit, scale=SCALE,
                   assessment_url=_page_url(page, kit, None) if page and kit else (page.url if page else None))
    return context


def comparison_rows(profile, previous):
    before = {score.area.id: score for score in previous.scores}
    rows = []
    for score in profile.scores:
        earlier = before.get(score.area.id)
        change = score.mean_tenths - earlier.mean_tenths if earlier else None
        rows.append({"score": score, "earlier": earlier, "change": None if change is None else f"{change / 10:+.1f}"})
    return rows


def download(kind, title, profile, links, when=""):
    """The profile as a CSV or PDF attachment (`when`: the saved result's date, already formatted)."""
    name = slugify(title)[:60] or "self-assessment"
    if kind == "csv":
        return personal_download(profile_csv(title, profile, when), "text/csv; charset=utf-8", f"{name}.csv")
    from .self_assessment_pdf import render_profile_pdf

    return personal_download(render_profile_pdf(title, profile, links, when), "application/pdf", f"{name}.pdf")


def result_url(result, kit=None):
    url = reverse("self_assessment_result", args=[result.public_id])
    return f"{url}?kit={kit.pk}" if kit else url


# --- the chart --------------------------------------------------------------------------------

BAR, EARLIER, GRID = "#2e6f8e", "#a9c4d1", "#c9c9c9"
CHART_WIDTH, LEFT, RIGHT, ROW = 320, 4, 36, 46


def profile_chart(profile, previous=None, chart_id="profile-chart"):
    """Horizontal bars, one per area (mean on the 1–5 scale), the earlier result as a thinner bar
    beneath; an image with a title and a description that says every number (the table repeats them)."""
    before = {s.area.id: s for s in previous.scores} if previous else {}
    plot = CHART_WIDTH - LEFT - RIGHT
    height = ROW * len(profile.scores) + 24
    parts = []
    for tick in range(0, MAX_RATING + 1):
        x = LEFT + plot * tick / MAX_RATING
        parts.append(f'<line x1="{x:.1f}" y1="0" x2="{x:.1f}" y2="{height - 18}" stroke="{GRID}" stroke-width="1"/>'
                     f'<text x="{x:.1f}" y="{height - 4}" font-size="12" text-anchor="middle" fill="#333">{tick}</text>')
    described = []
    for index, score in enumerate(profile.scores):
        y = index * ROW
        width = plot * score.mean_tenths / (10 * MAX_RATING)
        parts.append(f'<text x="{LEFT}" y="{y + 14}" font-size="14" fill="#1a1a1a">{escape(score.area.title)}</text>'
                     f'<rect x="{LEFT}" y="{y + 19}" width="{width:.1f}" height="14" fill="{BAR}"/>'
                     f'<text x="{LEFT + width + 4:.1f}" y="{y + 31}" font-size="13" fill="#1a1a1a">{score.mean_text}</text>')
        text = _("%(area)s: %(mean)s of 5") % {"area": score.area.title, "mean": score.mean_text}
        earlier = before.get(score.area.id)
        if earlier:
            w = plot * earlier.mean_tenths / (10 * MAX_RATING)
            parts.append(f'<rect x="{LEFT}" y="{y + 35}" width="{w:.1f}" height="6" fill="{EARLIER}"/>')
            text += " " + _("(earlier: %(mean)s)") % {"mean": earlier.mean_text}
        described.append(text)
    title = _("Your profile: mean rating per area, from 1 (not in place) to 5 (fully in place)")
    if previous:
        title += " " + _("The thin bars show your earlier result.")
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" class="profile-chart" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{chart_id}-title">{escape(title)}</title><desc id="{chart_id}-desc">{escape("; ".join(described))}</desc>'
        f'{"".join(parts)}</svg>'
    )
