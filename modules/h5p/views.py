"""H5P views: the xAPI endpoint the lesson page posts to (the trainers' results overview is in analytics/).

Views parse the request and call check_/do_ functions (xapi.py); no scoring happens here."""

from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .xapi import (
    MAX_BODY_BYTES, check_children, check_placement, check_playable_activity, check_player_token, check_statement,
    do_record_result, parse_payload,
)


def _error(message, status):
    return JsonResponse({"error": message}, status=status)


@require_POST
def record_statement(request, key):
    """POST {"token": "...", "statement": {...}, "children": [...]} as JSON with the CSRF token
    (X-CSRFToken). `token` is the player token the lesson page issued with the iframe
    (data-xapi-token): it proves the learner was shown this activity, recently.

    200 {"accepted": true, "percent", "scored_by", "passed", "activity_passed", "best_percent",
    "lessons_completed"}; 400 {"error"} for a refused statement; 401 for anonymous; 404 for an
    unknown activity; 403 {"error"} without a player token issued to this learner for this activity,
    or for an activity in no live lesson the learner may open; 403 (Django's CSRF failure) without a
    valid CSRF token. CSRF is enforced by the middleware as for any form: the page posting is ours,
    never the sandboxed iframe."""
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
    statement, children, token = parse_payload(request.body)
    check_player_token(token, activity, request.user)
    check_placement(activity, request)
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
