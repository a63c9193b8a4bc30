"""The review screen: one submitted revision against the live version, with approve and request
changes on the same screen (they post to Wagtail's own workflow action, so the workflow's rules,
permissions and notifications stay Wagtail's)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import TaskState

from ..errors import ElearnError
from ..models import ModulePage
from ..permissions import staff_view
from .approvals import do_approve_module_changes, module_of, waiting_in_module
from .changes import page_changes, serialise_page
from .submissions import check_submit_module_changes, do_submit_pages, drafts_to_submit


def _reviewable(request, task_state_id):
    task_state = get_object_or_404(TaskState.objects.select_related("revision__user", "workflow_state"), pk=task_state_id)
    if not TaskState.objects.reviewable_by(request.user).filter(pk=task_state.pk).exists():
        raise PermissionDenied
    return task_state


@staff_view()
def review(request, task_state_id):
    task_state = _reviewable(request, task_state_id)
    page = task_state.revision.content_object.specific
    module = module_of(page)
    others = [state for state in waiting_in_module(request.user, module) if state.pk != task_state.pk] if module is not None else []
    draft = task_state.revision.as_object()
    live = page.live_revision.as_object() if page.live_revision_id else None
    changes = page_changes(serialise_page(live) if live is not None else None, serialise_page(draft))
    actions = task_state.task.specific.get_actions(page, request.user)
    return TemplateResponse(request, "modules/admin/review/review.html", {
        "page": page, "draft": draft, "task_state": task_state, "changes": changes,
        "actions": [{"name": name, "label": label, "url": reverse("wagtailadmin_pages:workflow_action", args=[page.pk, name, task_state.pk])}
                    for name, label, _modal in actions],
        "compare_url": reverse("wagtailadmin_pages:revisions_compare", args=[page.pk, "live", task_state.revision_id]) if live is not None else None,
        "preview_url": reverse("wagtailadmin_pages:workflow_preview", args=[page.pk, task_state.task_id]),
        "module": module, "others": [state.workflow_state.content_object for state in others],
        "approve_module_url": reverse("review:approve_module", args=[task_state.pk]) if others else None,
    })


@staff_view()
@require_POST
def approve_module(request, task_state_id):
    """Approve this change and every other change of its module waiting for this reviewer."""
    task_state = _reviewable(request, task_state_id)
    module = module_of(task_state.revision.content_object)
    if module is None:
        raise PermissionDenied
    approved = do_approve_module_changes(request.user, module, comment=request.POST.get("comment", "").strip())
    messages.success(request, ngettext("%(count)s change in %(module)s approved.", "%(count)s changes in %(module)s approved.", approved)
                     % {"count": approved, "module": module.title})
    return redirect("wagtailadmin_home")


def submitted_message(module, pages):
    """What a trainer reads after submitting a module's drafts: how many, and which."""
    return ngettext("%(count)s change in %(module)s submitted for review: %(pages)s.",
                    "%(count)s changes in %(module)s submitted for review: %(pages)s.", len(pages)) % {
        "count": len(pages), "module": module.title, "pages": ", ".join(page.get_admin_display_title() for page in pages)}


@staff_view()
@require_http_methods(["GET", "POST"])
def submit_module(request, module_id):
    """GET: the module's drafts that would go to review; POST: submit them all (one workflow per page)."""
    module = get_object_or_404(ModulePage, pk=module_id)
    if not module.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        try:
            pages = check_submit_module_changes(request.user, module)
        except ElearnError as error:
            messages.error(request, error.message)
            return redirect("review:submit_module", module.pk)
        do_submit_pages(request.user, pages)
        messages.success(request, submitted_message(module, pages))
        return redirect("wagtailadmin_explore", module.pk)
    return TemplateResponse(request, "modules/admin/review/submit_module.html", {
        "page_title": _("Submit module changes for review"), "header_icon": "resubmit", "module": module,
        "pages": drafts_to_submit(request.user, module),
    })
