"""One decision for a module's change: the lesson and quiz changes of one module, each submitted to the
"Kit review" workflow, approved together from the review screen of any of them.

Each change stays its own Wagtail task (its revision, its history, its notifications): approving them
together is Wagtail's own approve action on every task of the module that this reviewer may decide."""

from django.db import transaction
from wagtail.models import Page, TaskState

from ..models import ModulePage


def module_of(page):
    """The module a lesson or quiz belongs to (a module page is its own); None above modules."""
    node = page if isinstance(page.specific, ModulePage) else page.get_parent()
    return node if node is not None and isinstance(node.specific, ModulePage) else None


def waiting_in_module(user, module):
    """The task states waiting in `module` (the module page and the pages under it) that `user` may decide,
    oldest first."""
    page_ids = [str(pk) for pk in Page.objects.filter(path__startswith=module.path).values_list("pk", flat=True)]
    return (TaskState.objects.reviewable_by(user).filter(workflow_state__object_id__in=page_ids)
            .select_related("workflow_state", "task").order_by("started_at"))


def do_approve_module_changes(user, module, comment=""):
    """Approve every change of `module` waiting for `user`; returns how many were approved."""
    approved = 0
    with transaction.atomic():
        for task_state in waiting_in_module(user, module):
            task_state.task.specific.on_action(task_state.specific, user, "approve", comment=comment)
            approved += 1
    return approved
