"""Correct answers never reach the browser before a submission."""

import pytest

from .helpers import start

pytestmark = pytest.mark.django_db


def secrets_of(quiz):
    """Strings that would give the answers away: feedback texts and any correctness marker."""
    feedback = [a.feedback for q in quiz.question_defs for a in q.answers if a.feedback]
    return feedback + ['"correct"', "data-correct", "is-correct", "Correct answer"]


def test_quiz_page_and_attempt_form_contain_no_answer_key(learner_client, kit_t1, sh1_quiz):
    quiz_page = learner_client.get(f"{kit_t1.url}sh-1/{sh1_quiz.slug}/").content.decode()
    attempt = start(learner_client, sh1_quiz)
    form = learner_client.get(f"/learn/attempts/{attempt.public_id}/").content.decode()
    for secret in secrets_of(sh1_quiz):
        assert secret not in quiz_page
        assert secret not in form
    # …while the form does offer every answer option by its stable id.
    for question in sh1_quiz.question_defs:
        for answer in question.answers:
            assert f'value="{answer.id}"' in form


def test_anonymous_quiz_page_invites_login_and_shows_no_form(client, kit_t1, sh1_quiz):
    page = client.get(f"{kit_t1.url}sh-1/{sh1_quiz.slug}/").content.decode()
    assert "Log in" in page and "<fieldset" not in page
    for secret in secrets_of(sh1_quiz):
        assert secret not in page
