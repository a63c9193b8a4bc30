"""Staff take a quiz in preview: graded against the latest revision, nothing recorded."""

import pytest

from modules.models import AnswerRecord, ItemProgress, QuizAttempt, QuizPage
from tests.modules.helpers import right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def nothing_recorded():
    return QuizAttempt.objects.count() == AnswerRecord.objects.count() == ItemProgress.objects.count() == 0


def grade_url(quiz):
    return f"/learn/quizzes/{quiz.translation_key}/preview-grade/"


def test_preview_shows_the_quiz_form_posting_to_the_preview_grader(client, trainer, sh1_quiz):
    client.force_login(trainer)
    html = client.get(f"/admin/pages/{sh1_quiz.pk}/view_draft/").content.decode()
    assert f'action="{grade_url(sh1_quiz)}"' in html
    assert "not available in preview" not in html
    for question in sh1_quiz.question_defs:
        assert f'name="q-{question.id}"' in html
    assert nothing_recorded()


def test_trainer_grades_the_quiz_in_preview_without_recording(client, trainer, sh1_quiz):
    client.force_login(trainer)
    response = client.post(grade_url(sh1_quiz), {**right_answers(sh1_quiz), "page": sh1_quiz.pk})
    html = response.content.decode()
    assert response.status_code == 200 and "Score: 100" in html and "Passed." in html and "No attempt was recorded" in html
    response = client.post(grade_url(sh1_quiz), wrong_answers(sh1_quiz))
    assert response.status_code == 200 and "Score: 0" in response.content.decode()
    assert nothing_recorded()


def test_preview_grades_the_latest_revision_not_the_live_page(client, maintainer, sh1_quiz):
    draft = QuizPage.objects.get(pk=sh1_quiz.pk)
    draft.title = "Draft quiz title"
    draft.pass_mark = 100
    draft.save_revision(user=maintainer)
    client.force_login(maintainer)
    html = client.post(grade_url(sh1_quiz), right_answers(sh1_quiz)).content.decode()
    assert "Draft quiz title" in html and "Pass mark 100%" in html
    assert QuizPage.objects.get(pk=sh1_quiz.pk).title == sh1_quiz.title
    assert nothing_recorded()


def test_incomplete_preview_submission_is_refused_and_not_recorded(client, trainer, sh1_quiz):
    client.force_login(trainer)
    answers = right_answers(sh1_quiz)
    answers.pop(next(iter(answers)))
    response = client.post(grade_url(sh1_quiz), answers)
    assert response.status_code == 400 and "Please answer every question" in response.content.decode()
    assert nothing_recorded()


def test_only_editors_may_grade_in_preview(client, learner, sh1_quiz):
    data = right_answers(sh1_quiz)
    response = client.post(grade_url(sh1_quiz), data)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(learner)
    assert client.post(grade_url(sh1_quiz), data).status_code == 403
    assert client.get(grade_url(sh1_quiz)).status_code == 405
    assert client.post("/learn/quizzes/00000000-0000-4000-8000-000000000000/preview-grade/", data).status_code == 404
    assert nothing_recorded()
