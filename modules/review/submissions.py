"""One submission for a module's change: the trainer's drafts of a module (the module page, its lessons,
its quiz) go to the "Kit review" workflow in one step, and questions written in a lesson's editor join
the module's quiz as a draft of the quiz.

Wagtail runs one workflow per page, so each page keeps its own task, revision and history; the
reviewer decides them together (approvals.py). Nothing here approves or publishes: starting a
workflow is what "Submit to Kit review" does in the editor, for the pages this user may submit."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.db.models import Q
from wagtail.models import Page, WorkflowPage, WorkflowState

from ..errors import ElearnError


class SubmissionError(ElearnError):
    """Refused: 403 (the user may not edit the module) or 400 (nothing to submit)."""


def module_pages(module):
    """The module page and the pages under it, in tree order, as their specific classes, each with its
    active workflow state and scheduled-publishing flag read in the same few queries (Wagtail's listing
    optimisations), so the submit screen reads a fixed number of queries however many drafts there are."""
    pages = (Page.objects.filter(Q(pk=module.pk) | Q(path__startswith=module.path, depth=module.depth + 1))
             .order_by("path").specific().prefetch_workflow_states().annotate_approved_schedule())
    return list(pages)


def _workflows(pages):
    """{page id: its active workflow} for a module page and its children: a child's own workflow, else
    the module's (its own or inherited), read in two queries instead of one ancestor walk per page."""
    module, children = pages[0], pages[1:]
    inherited = module.get_workflow()
    own = {row.page_id: row.workflow for row in WorkflowPage.objects.filter(page__in=children, workflow__active=True).select_related("workflow")}
    return {module.pk: inherited, **{page.pk: own.get(page.pk, inherited) for page in children}}


def _waiting_for_submission(user, page, workflow):
    """A draft of `page` that no workflow has yet: the user may submit it (Wagtail's
    can_submit_for_moderation, with the workflow looked up once per module), nobody else holds its lock."""
    if not page.has_unpublished_changes and page.live:
        return False
    state = page.current_workflow_state
    if state is not None and state.status != WorkflowState.STATUS_NEEDS_CHANGES:
        return False  # already in review
    lock = page.get_lock()
    return workflow is not None and not page.workflow_in_progress and not (lock and lock.for_user(user))


def drafts_to_submit(user, module):
    """The pages of `module` whose draft `user` may submit and that are not in review yet."""
    pages = module_pages(module)
    workflows = _workflows(pages)
    return [page for page in pages if _waiting_for_submission(user, page, workflows[page.pk])]


def check_submit_module_changes(user, module):
    """The pages that would be submitted; raises SubmissionError when the user may not or nothing waits."""
    if not module.permissions_for_user(user).can_edit():
        raise SubmissionError(_("You may not edit the module “%(module)s”.") % {"module": module.title}, status=403)
    pages = drafts_to_submit(user, module)
    if not pages:
        raise SubmissionError(_("Nothing in “%(module)s” waits to be submitted: every change is live or already in review.")
                              % {"module": module.title})
    return pages


def do_submit_pages(user, pages):
    """Start (or, after "changes requested", resume) the review workflow of each page; returns the pages."""
    with transaction.atomic():
        for page in pages:
            state = page.current_workflow_state
            if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
                state.resume(user)
            else:
                page.get_workflow().start(page, user)
    return pages


def do_submit_module_changes(user, module):
    """Submit every draft of `module` that `user` may submit (check_submit_module_changes first)."""
    return do_submit_pages(user, drafts_to_submit(user, module))


def do_add_questions_to_quiz(user, quiz, questions):
    """Write `questions` (raw StreamField items with their ids) into the latest draft of `quiz`: a question
    already there under the same id is replaced, the others are appended. Saves a revision only when that
    changes the draft; returns True when it did. Ids are the questions' stable ids (docs/design.md), so
    saving the lesson editor twice never adds a question twice."""
    draft = quiz.get_latest_revision_as_object()
    items = [dict(item) for item in draft.questions.raw_data]
    positions = {item.get("id"): index for index, item in enumerate(items)}
    for question in questions:
        if question.get("id") in positions:
            items[positions[question["id"]]] = question
        else:
            items.append(question)
    if items == [dict(item) for item in draft.questions.raw_data]:
        return False
    draft.questions = items
    draft.save_revision(user=user, log_action=True)
    return True
