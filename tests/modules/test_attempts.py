"""Quiz attempts over HTTP: graded on the server, recorded once, tampering refused."""

from decimal import Decimal

import pytest
from django.test import Client

from modules.models import AnswerRecord, ItemProgress, QuizAttempt

from .helpers import right_answers, start, state, wrong_answers

pytestmark = pytest.mark.django_db


def submit(client, attempt, data):
    return client.post(f"/learn/attempts/{attempt.public_id}/", data)


def test_learner_passes_quiz_and_sees_score_and_feedback(learner_client, learner, sh1_quiz):
    attempt = start(learner_client, sh1_quiz)
    response = submit(learner_client, attempt, right_answers(sh1_quiz))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.is_submitted and attempt.passed and attempt.percent == Decimal("100.0")
    assert AnswerRecord.objects.filter(attempt=attempt).count() == len(sh1_quiz.question_defs)
    assert set(AnswerRecord.objects.filter(attempt=attempt).values_list("rule", flat=True)) <= {"exact-one:v1", "multi-partial:v1"}
    progress = ItemProgress.objects.get(user=learner, item_key=sh1_quiz.translation_key)
    assert progress.passed and progress.attempts_submitted == 1 and progress.completed_at

    page = learner_client.get(response["Location"]).content.decode()
    assert "Score: 100%" in page and "Passed." in page
    first_feedback = next(a.feedback for a in sh1_quiz.question_defs[0].answers if a.correct)
    assert first_feedback[:40] in page


def test_failed_attempt_keeps_correct_answers_hidden_while_attempts_remain(learner_client, sh1_quiz):
    attempt = start(learner_client, sh1_quiz)
    submit(learner_client, attempt, wrong_answers(sh1_quiz))
    attempt.refresh_from_db()
    assert attempt.percent < sh1_quiz.pass_mark and not attempt.passed
    page = learner_client.get(f"/learn/attempts/{attempt.public_id}/").content.decode()
    assert "Not passed yet." in page
    assert "Correct answer" not in page
    correct_feedback = next(a.feedback for a in sh1_quiz.question_defs[0].answers if a.correct)
    assert correct_feedback not in page


def test_best_score_is_kept_over_attempts(learner_client, learner, sh1_quiz):
    submit(learner_client, start(learner_client, sh1_quiz), right_answers(sh1_quiz))
    submit(learner_client, start(learner_client, sh1_quiz), wrong_answers(sh1_quiz))
    progress = ItemProgress.objects.get(user=learner, item_key=sh1_quiz.translation_key)
    assert progress.attempts_submitted == 2 and progress.best_percent == Decimal("100.0") and progress.passed


@pytest.mark.parametrize("tamper", ["unknown_answer", "unknown_question", "missing_answer", "two_answers_single", "empty"])
def test_tampered_submission_gets_400_and_changes_nothing(learner_client, sh1_quiz, tamper):
    attempt = start(learner_client, sh1_quiz)
    data = right_answers(sh1_quiz)
    first = next(iter(data))
    if tamper == "unknown_answer":
        data[first] = ["00000000-0000-4000-8000-000000000000"]
    elif tamper == "unknown_question":
        data["q-00000000-0000-4000-8000-000000000000"] = data[first]
    elif tamper == "missing_answer":
        del data[first]
    elif tamper == "two_answers_single":
        single = next(q for q in sh1_quiz.question_defs if q.kind != "multiple")
        data[f"q-{single.id}"] = [a.id for a in single.answers][:2]
    else:
        data = {}
    before = state()
    response = submit(learner_client, attempt, data)
    assert response.status_code == 400
    assert state() == before
    assert not QuizAttempt.objects.get(pk=attempt.pk).is_submitted
    assert 'role="alert"' in response.content.decode()


def test_second_submit_of_same_attempt_is_409_and_changes_nothing(learner_client, sh1_quiz):
    attempt = start(learner_client, sh1_quiz)
    assert submit(learner_client, attempt, right_answers(sh1_quiz)).status_code == 302
    before = state()
    response = submit(learner_client, attempt, wrong_answers(sh1_quiz))
    assert response.status_code == 409
    assert "already been submitted" in response.content.decode()
    assert state() == before


def test_another_learners_attempt_is_404(client, learner, other_learner, sh1_quiz):
    client.force_login(learner)
    attempt = start(client, sh1_quiz)
    client.force_login(other_learner)
    before = state()
    assert client.get(f"/learn/attempts/{attempt.public_id}/").status_code == 404
    assert submit(client, attempt, right_answers(sh1_quiz)).status_code == 404
    assert state() == before


def test_attempts_beyond_the_allowed_number_are_refused(learner_client, learner, sh1_quiz):
    for _ in range(sh1_quiz.attempts_allowed):
        submit(learner_client, start(learner_client, sh1_quiz), wrong_answers(sh1_quiz))
    before = state()
    response = learner_client.post(f"/learn/quizzes/{sh1_quiz.translation_key}/start/")
    assert response.status_code == 403
    assert f"all {sh1_quiz.attempts_allowed} attempts" in response.content.decode()
    assert state() == before
    assert QuizAttempt.objects.filter(user=learner).count() == sh1_quiz.attempts_allowed


def test_starting_twice_resumes_the_open_attempt(learner_client, learner, sh1_quiz):
    first = start(learner_client, sh1_quiz)
    second = start(learner_client, sh1_quiz)
    assert first.pk == second.pk
    assert QuizAttempt.objects.filter(user=learner).count() == 1


def test_start_needs_post_and_login(client, sh1_quiz):
    url = f"/learn/quizzes/{sh1_quiz.translation_key}/start/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert QuizAttempt.objects.count() == 0


def test_submit_without_csrf_token_is_refused(learner, sh1_quiz):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    before = state()
    assert strict.post(f"/learn/quizzes/{sh1_quiz.translation_key}/start/").status_code == 403
    assert state() == before


def test_unknown_quiz_is_404(learner_client):
    response = learner_client.post("/learn/quizzes/00000000-0000-4000-8000-000000000000/start/")
    assert response.status_code == 404
