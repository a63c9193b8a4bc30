"""Review before publishing: the "Kit review" workflow, revisions, scheduled publishing."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from modules.models import LessonPage, ModulePage
from modules.roles import MAINTAINERS, WORKFLOW_NAME, ensure_maintainer_group, ensure_roles, ensure_trainer_group

pytestmark = pytest.mark.django_db


def lesson():
    return LessonPage.objects.child_of(ModulePage.objects.get(code="SH-1")).order_by("path").first()


def lesson_form(page, title, action=None):
    data = nested_form_data({
        "title": title, "slug": page.slug, "objectives": page.objectives, "estimated_minutes": page.estimated_minutes,
        "body": streamfield([("text", rich_text("<p>Reviewed text.</p>"))]),
        "comments": inline_formset([]),
        "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "",
    })
    if action:
        data[action] = action
    return data


def test_every_learning_page_goes_through_kit_review(kit_t1):
    page = lesson()
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    assert [task.specific.groups.get().name for task in workflow.tasks] == [MAINTAINERS]
    assert kit_t1.get_workflow() == workflow and ModulePage.objects.get(code="SH-1").get_workflow() == workflow


def test_role_setup_is_idempotent():
    from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

    counts = lambda: (Workflow.objects.count(), GroupApprovalTask.objects.count(), WorkflowTask.objects.count(),  # noqa: E731
                      WorkflowPage.objects.count(), GroupPagePermission.objects.count())
    before = counts()
    ensure_roles()
    ensure_trainer_group()
    ensure_maintainer_group()
    call_command("setup_roles", stdout=open("/dev/null", "w"))
    assert counts() == before


def test_trainer_submits_and_maintainer_approves_with_a_comment(client, trainer, maintainer):
    page = lesson()
    old_title = page.title
    client.force_login(trainer)
    response = client.post(f"/admin/pages/{page.pk}/edit/", lesson_form(page, "Reviewed title", "action-submit"))
    assert response.status_code == 302
    page.refresh_from_db()
    state = page.current_workflow_state
    assert state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.title == old_title and Page.objects.get(pk=page.pk).title == old_title  # not published yet
    task_state = state.current_task_state

    client.force_login(maintainer)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Looks good, publish."})
    assert response.status_code in (200, 302)
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_APPROVED and task_state.comment == "Looks good, publish."
    page.refresh_from_db()
    assert page.title == "Reviewed title" and page.live
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED


def test_maintainer_requests_changes_with_a_comment(client, trainer, maintainer):
    page = lesson()
    client.force_login(trainer)
    client.post(f"/admin/pages/{page.pk}/edit/", lesson_form(page, "Needs work", "action-submit"))
    task_state = Page.objects.get(pk=page.pk).specific.current_workflow_state.current_task_state
    client.force_login(maintainer)
    client.post(f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/", {"comment": "Cite the source."})
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_REJECTED and task_state.comment == "Cite the source."
    assert LessonPage.objects.get(pk=page.pk).title != "Needs work"


def test_maintainer_compares_and_reverts_revisions(client, maintainer):
    page = lesson()
    original_title = page.title
    first = page.save_revision(user=maintainer)
    first.publish()
    page = LessonPage.objects.get(pk=page.pk)
    page.title = "A second version"
    second = page.save_revision(user=maintainer)
    second.publish()
    client.force_login(maintainer)
    assert client.get(f"/admin/pages/{page.pk}/history/").status_code == 200
    compare = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert compare.status_code == 200 and "A second version" in compare.content.decode()
    assert client.get(f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/").status_code == 200
    # Reverting loads the old revision into the editor; saving it makes a new revision with the old content.
    response = client.post(f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/", lesson_form(page, original_title, "action-publish"))
    assert response.status_code == 302
    page = LessonPage.objects.get(pk=page.pk)
    assert page.title == original_title and page.live_revision_id not in (first.pk, second.pk)


def test_scheduled_publishing(maintainer):
    page = lesson()
    page.title = "Due already"
    page.go_live_at = timezone.now() - timedelta(minutes=5)
    due = page.save_revision(user=maintainer, approved_go_live_at=page.go_live_at)

    other = LessonPage.objects.child_of(ModulePage.objects.get(code="SH-1")).order_by("path")[1]
    other.title = "Not due yet"
    other.go_live_at = timezone.now() + timedelta(days=2)
    future = other.save_revision(user=maintainer, approved_go_live_at=other.go_live_at)

    call_command("publish_scheduled", stdout=open("/dev/null", "w"))
    assert LessonPage.objects.get(pk=page.pk).title == "Due already"
    assert LessonPage.objects.get(pk=page.pk).live_revision_id == due.pk
    assert LessonPage.objects.get(pk=other.pk).title != "Not due yet"
    future.refresh_from_db()
    assert future.approved_go_live_at is not None
