"""One place, one review for a module's change (issue 18.1): a trainer writes a lesson and a question of
the module's quiz in the lesson's editor and submits the module's drafts in one step; a kit maintainer
approves them in one decision and both go live. Nothing is submitted that the trainer may not edit, and
nothing is approved or published without a maintainer."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import GroupPagePermission, Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from modules.models import LessonPage, ModulePage, QuizPage
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PROMPT = "What does a cluster map show?"


def sh1():
    module = ModulePage.objects.get(code="SH-1")
    return module, QuizPage.objects.child_of(module).get()


def question_data(prompt=PROMPT, answers=(("Where cluster organisations are", True, ""), ("Exchange rates", False, "Maps show places."))):
    rows = {str(index): {"value": {"text": text, "correct": "on" if correct else "", "feedback": feedback}, "deleted": "",
                         "order": str(index), "id": str(uuid.uuid4())} for index, (text, correct, feedback) in enumerate(answers)}
    rows["count"] = str(len(answers))
    return {"kind": "single", "prompt": prompt, "answers": rows, "assessment_only": ""}


def new_lesson_form(title="Cluster maps in practice", questions=(), action="action-submit-module"):
    data = nested_form_data({
        "title": title, "slug": "cluster-maps-in-practice", "objectives": "", "estimated_minutes": "5",
        "body": streamfield([("text", rich_text("<p>Maps show where clusters are.</p>"))]),
        "new_questions": streamfield([("question", question) for question in questions]),
        "trainer_notes": "", "comments": inline_formset([]),
        "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "",
    })
    data[action] = "1"
    return data


def create(client, module, data):
    return client.post(f"/admin/pages/add/modules/lessonpage/{module.pk}/", data, HTTP_ACCEPT="text/html")


def in_review(page):
    state = type(page).objects.get(pk=page.pk).current_workflow_state
    return state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_lesson_and_its_question_are_submitted_in_one_step_and_approved_in_one(client, trainer, maintainer):
    module, quiz = sh1()
    questions_before = len(quiz.questions)
    client.force_login(trainer)
    response = create(client, module, new_lesson_form(questions=[question_data()]))
    assert response.status_code == 302, (response.context["form"].errors, [str(m) for m in response.context["messages"]])
    assert response.url == f"/admin/pages/{module.pk}/"
    lesson = LessonPage.objects.child_of(module).get(title="Cluster maps in practice")
    assert in_review(lesson) and in_review(quiz)
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert [q.value["prompt"] for q in draft.questions][-1] == PROMPT and len(draft.questions) == questions_before + 1
    assert len(QuizPage.objects.get(pk=quiz.pk).questions) == questions_before  # the live quiz is unchanged
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("2 changes in" in m and "Cluster maps in practice" in m and quiz.title in m for m in messages), messages

    client.force_login(maintainer)
    first = TaskState.objects.get(workflow_state__object_id=str(lesson.pk), status="in_progress")
    response = client.post(f"/admin/review/{first.pk}/approve-module/", {"comment": ""}, follow=True)
    assert "2 changes in" in response.content.decode()
    lesson, quiz = LessonPage.objects.get(pk=lesson.pk), QuizPage.objects.get(pk=quiz.pk)
    assert lesson.live and not lesson.has_unpublished_changes and not quiz.has_unpublished_changes
    assert [q.value["prompt"] for q in quiz.questions][-1] == PROMPT


def test_saving_the_lesson_twice_adds_its_question_once(client, trainer):
    module, quiz = sh1()
    count = len(quiz.questions)
    question = question_data()
    client.force_login(trainer)
    create(client, module, new_lesson_form(questions=[question], action="action-save"))
    lesson = LessonPage.objects.child_of(module).get(title="Cluster maps in practice")
    draft = QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object()
    assert len(draft.questions) == count + 1 and not in_review(lesson) and not in_review(quiz)  # a draft, not submitted
    block_id = draft.questions[-1].id
    data = new_lesson_form(questions=[], action="action-save")
    data.update({"slug": lesson.slug, "new_questions-count": "1", "new_questions-0-type": "question", "new_questions-0-id": block_id,
                 "new_questions-0-order": "0", "new_questions-0-deleted": ""})
    data.update({f"new_questions-0-value-{key}": value for key, value in nested_form_data(question).items()})
    client.post(f"/admin/pages/{lesson.pk}/edit/", data, HTTP_ACCEPT="text/html")
    assert len(QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object().questions) == count + 1


def test_wagtails_own_submit_of_the_lesson_takes_the_quiz_it_added_to(client, trainer):
    module, quiz = sh1()
    client.force_login(trainer)
    create(client, module, new_lesson_form(questions=[question_data()], action="action-submit"))
    lesson = LessonPage.objects.child_of(module).get(title="Cluster maps in practice")
    assert in_review(lesson) and in_review(quiz)


def test_an_invalid_question_stores_nothing(client, trainer):
    module, quiz = sh1()
    revisions = quiz.revisions.count()
    client.force_login(trainer)
    response = create(client, module, new_lesson_form(questions=[question_data(answers=(("Only one", True, ""),))]))
    assert response.status_code == 200  # the editor again, with the error
    assert not LessonPage.objects.child_of(module).filter(title="Cluster maps in practice").exists()
    assert quiz.revisions.count() == revisions and not in_review(quiz)


def test_a_question_for_a_quiz_in_review_is_refused(client, trainer):
    module, quiz = sh1()
    quiz.save_revision(user=trainer)
    quiz.get_workflow().start(quiz, trainer)
    revisions = quiz.revisions.count()
    client.force_login(trainer)
    response = create(client, module, new_lesson_form(questions=[question_data()]))
    error = response.context["form"].errors.as_data()["new_questions"][0]
    assert response.status_code == 200 and "is in review" in str(error.non_block_errors)
    assert "is in review" in response.content.decode()
    assert quiz.revisions.count() == revisions and not LessonPage.objects.child_of(module).filter(title="Cluster maps in practice").exists()


def test_the_submit_screen_lists_the_drafts_and_submits_them_all(client, trainer):
    module, quiz = sh1()
    lesson = LessonPage.objects.child_of(module).order_by("path").first()
    for page in (lesson, quiz):
        page.save_revision(user=trainer)
    client.force_login(trainer)
    screen = client.get(f"/admin/review/module/{module.pk}/submit/").content.decode()
    assert lesson.title in screen and quiz.title in screen
    response = client.post(f"/admin/review/module/{module.pk}/submit/")
    assert response.status_code == 302 and response.url == f"/admin/pages/{module.pk}/"
    assert in_review(lesson) and in_review(quiz)
    assert LessonPage.objects.get(pk=lesson.pk).has_unpublished_changes  # still a draft: nobody published


def test_the_submit_screen_reads_as_many_queries_for_one_draft_as_for_all(client, trainer):
    module, _quiz = sh1()
    pages = [page.specific for page in Page.objects.child_of(module).order_by("path")]
    url = f"/admin/review/module/{module.pk}/submit/"
    client.force_login(trainer)
    client.get(url)  # warm: the user's permissions, the locales

    def queries_with_drafts(count):
        for page in pages[:count]:
            page.save_revision(user=trainer)
        with CaptureQueriesContext(connection) as queries:
            screen = client.get(url).content.decode()
        assert all(escape(page.title) in screen for page in pages[:count])
        return len(queries)

    assert len(pages) >= 4 and queries_with_drafts(1) == queries_with_drafts(len(pages))


def test_nothing_to_submit_says_so_and_changes_nothing(client, trainer):
    module, _quiz = sh1()
    states = WorkflowState.objects.count()
    client.force_login(trainer)
    assert "Nothing in this module waits" in client.get(f"/admin/review/module/{module.pk}/submit/").content.decode()
    response = client.post(f"/admin/review/module/{module.pk}/submit/", follow=True)
    assert "waits to be submitted" in response.content.decode()
    assert WorkflowState.objects.count() == states


def test_only_a_trainer_who_may_edit_the_module_submits_it(client, learner, maintainer, trainer):
    module, quiz = sh1()
    quiz.save_revision(user=trainer)
    url = f"/admin/review/module/{module.pk}/submit/"
    assert client.post(url).status_code == 302 and "/login/" in client.post(url).url   # anonymous
    client.force_login(learner)
    assert client.post(url).status_code in (302, 403)
    elsewhere = Group.objects.create(name="Trainers of another module")
    elsewhere.permissions.add(Permission.objects.get(codename="access_admin"))
    other_module = ModulePage.objects.exclude(pk=module.pk).first()
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(group=elsewhere, page=other_module, permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename))
    other = make_user("otto")
    other.groups.add(elsewhere)
    client.force_login(other)
    for response in (client.get(url), client.post(url)):  # Wagtail turns the refusal into its "no permission" redirect
        assert response.status_code == 302 and response.url == "/admin/"
    assert not in_review(quiz)
    client.force_login(maintainer)  # a maintainer may submit (and still approves through the workflow)
    client.post(url)
    assert in_review(quiz) and QuizPage.objects.get(pk=quiz.pk).has_unpublished_changes


def test_the_submit_screen_needs_the_csrf_token(trainer):
    from django.test import Client

    module, quiz = sh1()
    quiz.save_revision(user=trainer)
    client = Client(enforce_csrf_checks=True)
    client.force_login(trainer)
    assert client.post(f"/admin/review/module/{module.pk}/submit/").status_code == 403
    assert not in_review(quiz)


def test_the_editor_offers_module_submission_as_the_trainers_main_button(client, trainer, maintainer):
    module, quiz = sh1()
    client.force_login(trainer)
    editor = client.get(f"/admin/pages/{quiz.pk}/edit/").content.decode()
    assert 'name="action-submit-module"' in editor
    assert editor.index('name="action-submit-module"') < editor.index('name="action-submit"')
    add = client.get(f"/admin/pages/add/modules/lessonpage/{module.pk}/").content.decode()
    assert f"New questions for “{quiz.title}”" in add
    assert f"/admin/review/module/{module.pk}/submit/" in client.get(f"/admin/pages/{module.pk}/").content.decode()  # the module's header
    client.force_login(maintainer)
    editor = client.get(f"/admin/pages/{quiz.pk}/edit/").content.decode()
    assert editor.index('name="action-submit"') < editor.index('name="action-submit-module"')
