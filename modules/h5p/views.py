"""H5P views: the xAPI endpoint the lesson page posts to, and the trainers' results overview.

Views parse the request and call check_/do_ functions (xapi.py); no scoring happens here."""

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, Sum
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import H5PActivity, H5PResult, ItemProgress, QuizPage
from .xapi import (
    MAX_BODY_BYTES, check_children, check_playable_activity, check_statement, do_record_result, parse_payload,
)


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


@require_POST
def record_statement(request, key):
    """POST {"statement": {...}, "children": [...]} as JSON with the CSRF token (X-CSRFToken).

    200 {"accepted": true, "percent", "scored_by", "passed", "activity_passed", "best_percent",
    "lessons_completed"}; 400 {"error"} for a refused statement; 401 for anonymous; 404 for an
    unknown activity; 403 (Django's CSRF failure) without a valid token. CSRF is enforced by the
    middleware as for any form: the page posting is ours, never the sandboxed iframe."""
    if not request.user.is_authenticated:
        # JSON rather than a redirect to the login page: the caller is a script.
        return _error(_("Log in to record your result."), 401)
    if request.content_type != "application/json":
        return _error(_("Send the statement as application/json."), 400)
    try:
        # Refuse an announced oversized body before reading it.
        if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
            return _error(_("The statement is larger than the %(limit)d KiB allowed.") % {"limit": MAX_BODY_BYTES // 1024}, 400)
    except ValueError:
        return _error(_("Invalid Content-Length."), 400)
    # A refused statement raises XAPIError: elearn/site/errors.py answers {"error"} with its status.
    activity = check_playable_activity(key)
    statement, children = parse_payload(request.body)
    host = request.get_host()
    check_statement(activity, statement, host)
    children = check_children(activity, children, host)
    recorded = do_record_result(request.user, activity, statement, children)
    return JsonResponse({
        "accepted": True,
        "percent": float(recorded.percent),
        "scored_by": recorded.scored_by,
        "passed": recorded.passed,
        "activity_passed": recorded.activity_passed,
        "best_percent": float(recorded.best_percent) if recorded.best_percent is not None else None,
        "lessons_completed": [str(lesson.translation_key) for lesson in recorded.lessons_completed],
    })


urlpatterns = [
    path("activities/<uuid:key>/xapi/", record_statement, name="h5p_xapi"),
]


# --- Trainers: results overview (Wagtail admin, registered in modules/wagtail_hooks.py) -----------

def _share(part, whole):
    return round(100 * part / whole) if whole else None


def results_overview(request):
    """Every quiz and H5P activity with summary figures. Five queries in all: two listings and
    three grouped aggregates, merged in Python, so the cost does not grow with the rows. Quiz
    figures come from the per-learner summary rows modules/attempts.py keeps (ItemProgress)."""
    if not request.user.has_perm("wagtailadmin.access_admin"):
        raise PermissionDenied
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
    return TemplateResponse(request, "modules/admin/results.html", {"quiz_rows": quiz_rows, "activity_rows": activity_rows})

