"""The review screen: one submitted revision against the live version, with approve and request
changes on the same screen (they post to Wagtail's own workflow action, so the workflow's rules,
permissions and notifications stay Wagtail's)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.models import TaskState

from ..permissions import staff_view
from .changes import page_changes, serialise_page


@staff_view()
def review(request, task_state_id):
    task_state = get_object_or_404(TaskState.objects.select_related("revision__user", "workflow_state"), pk=task_state_id)
    if not TaskState.objects.reviewable_by(request.user).filter(pk=task_state.pk).exists():
        raise PermissionDenied
    page = task_state.revision.content_object.specific
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
    })
