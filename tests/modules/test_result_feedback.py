"""The result page keeps the answer key until it may be revealed (issue 11.6): before a pass or the last
attempt a learner sees per question only right / partly right / wrong, never an option's feedback nor
which option is correct; after reveal both. The trainer's preview always shows everything."""

import pytest

from .helpers import right_answers, start, wrong_answers

pytestmark = pytest.mark.django_db


def submit(client, quiz, data):
    attempt = start(client, quiz)
    client.post(f"/learn/attempts/{attempt.public_id}/", data)
    return client.get(f"/learn/attempts/{attempt.public_id}/").content.decode()


def every_option(quiz):
    """Tick everything a question allows: every option of a multiple-response question."""
    return {f"q-{q.id}": [a.id for a in q.answers] if q.kind == "multiple" else [q.answers[0].id]
            for q in quiz.question_defs}


def all_feedback(quiz):
    return [a.feedback for q in quiz.question_defs for a in q.answers if a.feedback]


def test_ticking_every_option_on_the_first_attempt_reveals_no_feedback_and_no_key(learner_client, sh1_quiz):
    assert any(q.kind == "multiple" for q in sh1_quiz.question_defs)
    page = submit(learner_client, sh1_quiz, every_option(sh1_quiz))
    assert "Not passed yet." in page
    assert not [feedback for feedback in all_feedback(sh1_quiz) if feedback in page]
    assert "Correct answer" not in page and "tag-correct" not in page and 'class="feedback"' not in page
    assert "Partly correct" in page  # the verdict per question stays


def test_wrong_answers_do_not_name_the_right_one_before_the_last_attempt(learner_client, sh1_quiz):
    for _ in range(sh1_quiz.attempts_allowed - 1):
        page = submit(learner_client, sh1_quiz, wrong_answers(sh1_quiz))
        assert 'class="feedback"' not in page and "Not correct" in page


def test_the_last_attempt_reveals_the_key_and_the_feedback(learner_client, sh1_quiz):
    for _ in range(sh1_quiz.attempts_allowed - 1):
        submit(learner_client, sh1_quiz, wrong_answers(sh1_quiz))
    page = submit(learner_client, sh1_quiz, wrong_answers(sh1_quiz))
    chosen = [next(a for a in q.answers if not a.correct).feedback for q in sh1_quiz.question_defs]
    assert all(feedback[:40] in page for feedback in chosen if feedback)
    assert "Correct answer" in page


def test_a_pass_reveals_the_key_and_the_feedback(learner_client, sh1_quiz):
    page = submit(learner_client, sh1_quiz, right_answers(sh1_quiz))
    assert "Passed." in page and "Correct answer" in page and 'class="feedback"' in page


def test_the_trainer_preview_still_shows_the_key_and_feedback(client, trainer, sh1_quiz):
    client.force_login(trainer)
    response = client.post(f"/learn/quizzes/{sh1_quiz.translation_key}/preview-grade/", every_option(sh1_quiz))
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "Correct answer" in page and 'class="feedback"' in page


@pytest.mark.parametrize("language, expected", [("en", "That is right."), ("de", "Das ist richtig."), ("fr", "C’est juste."),
                                                ("it", "È giusto."), ("sl", "To je pravilno.")])
def test_a_right_answer_without_feedback_reads_a_plain_confirmation(learner_client, sh1_quiz, language, expected):
    """Feedback is optional on right answers (issue 18.2): after reveal the learner reads a default."""
    question = sh1_quiz.questions[0]
    for answer in question.value["answers"]:
        if answer["correct"]:
            answer["feedback"] = ""
    sh1_quiz.save_revision().publish()
    attempt = start(learner_client, sh1_quiz)
    learner_client.post(f"/learn/attempts/{attempt.public_id}/", right_answers(sh1_quiz))
    prefix = "" if language == "en" else f"/{language}"
    page = learner_client.get(f"{prefix}/learn/attempts/{attempt.public_id}/").content.decode()
    assert expected in page
