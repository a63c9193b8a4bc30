"""Admin: scores the platforms refused for good (unknown line item, no permission, an older
timestamp). Maintainers read the platform's answer and send a score again or discard it."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..permissions import has_permission, require_permission, staff_view
from .grades import do_discard_score, do_retry_score, refused_scores

VIEW_SCORES = "modules.view_ltiscore"
RETRY_SCORE = "modules.change_ltiscore"
DISCARD_SCORE = "modules.delete_ltiscore"
PAGE_SIZE = 50


@staff_view(VIEW_SCORES)
def refused(request):
    if request.method == "POST":
        return _act(request)
    page = Paginator(refused_scores(), PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(request, "modules/lti/admin/refused_scores.html", {
        "page_title": _("Scores refused by LTI platforms"), "header_icon": "warning", "page": page, "can_retry": has_permission(request.user, RETRY_SCORE), "can_discard": has_permission(request.user, DISCARD_SCORE),
    })


def _act(request):
    decision, score_id = request.POST.get("decision"), request.POST.get("score", "")
    if decision not in ("retry", "discard") or not score_id.isdigit():
        messages.error(request, _("Choose a score and send it again or discard it."))
        return redirect("lti:refused_scores")
    require_permission(request.user, RETRY_SCORE if decision == "retry" else DISCARD_SCORE)
    done = do_retry_score(int(score_id)) if decision == "retry" else do_discard_score(int(score_id))
    if not done:
        messages.error(request, _("This score is no longer among the refused ones."))
    elif decision == "retry":
        messages.success(request, _("The score will be sent again at the next run of send_lti_scores."))
    else:
        messages.success(request, _("The score was discarded."))
    return redirect("lti:refused_scores")
