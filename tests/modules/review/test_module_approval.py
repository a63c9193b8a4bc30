"""One decision for a module's change: a trainer's lesson and quiz changes in one module, each its own
workflow task, are approved together from the review screen of either; nothing outside the module is."""

import copy

import pytest
from wagtail.models import TaskState

from modules.models import LessonPage, ModulePage, QuizPage

pytestmark = pytest.mark.django_db


def submitted(page, user, text="A sentence the trainer added."):
    if isinstance(page, QuizPage):
        data = copy.deepcopy(list(page.questions.raw_data))
        data[0]["value"]["prompt"] = "A reworded first question?"
        page.questions = data
    else:
        data = copy.deepcopy(list(page.body.raw_data))
        block = next(block for block in data if block["type"] == "text")
        block["value"] = block["value"].replace("</p>", f" {text}</p>", 1)
        page.body = data
    page.save_revision(user=user)
    return page.get_workflow().start(page, user).current_task_state


def module_pages(code):
    module = ModulePage.objects.get(code=code)
    return (LessonPage.objects.child_of(module).filter(locale__language_code="en").order_by("path").first(),
            QuizPage.objects.child_of(module).get())


def test_a_maintainer_approves_a_modules_lesson_and_quiz_together(client, trainer, maintainer):
    lesson, quiz = module_pages("SH-1")
    elsewhere, _ = module_pages("SH-2")
    first, second, other = submitted(lesson, trainer), submitted(quiz, trainer), submitted(elsewhere, trainer)
    client.force_login(maintainer)
    screen = client.get(f"/admin/review/{first.pk}/").content.decode()
    assert "Approve this change and the others listed" in screen and quiz.title in screen and elsewhere.title not in screen

    response = client.post(f"/admin/review/{first.pk}/approve-module/", {"comment": "Both fine."}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "2 changes in" in response.content.decode()
    assert [TaskState.objects.get(pk=s.pk).status for s in (first, second, other)] == ["approved", "approved", "in_progress"]
    assert "A sentence the trainer added." in str(LessonPage.objects.get(pk=lesson.pk).body.raw_data)
    assert QuizPage.objects.get(pk=quiz.pk).questions.raw_data[0]["value"]["prompt"] == "A reworded first question?"
    assert not LessonPage.objects.get(pk=lesson.pk).has_unpublished_changes


def test_a_change_alone_in_its_module_offers_no_module_approval(client, trainer, maintainer):
    lesson, _quiz = module_pages("SH-1")
    state = submitted(lesson, trainer)
    client.force_login(maintainer)
    assert "Approve this change and the others" not in client.get(f"/admin/review/{state.pk}/").content.decode()


def test_only_a_reviewer_approves_a_module_and_only_by_post(client, trainer, learner, maintainer):
    lesson, quiz = module_pages("SH-1")
    first, second = submitted(lesson, trainer), submitted(quiz, trainer)
    url = f"/admin/review/{first.pk}/approve-module/"
    assert client.post(url).status_code == 302                     # anonymous: to the login page
    for user in (learner, trainer):                                # the author may not approve their own change
        client.force_login(user)
        client.post(url)
    client.force_login(maintainer)
    assert client.get(url).status_code == 405
    assert client.post("/admin/review/999999/approve-module/").status_code == 404
    assert {TaskState.objects.get(pk=s.pk).status for s in (first, second)} == {"in_progress"}
