"""The outbox is written with the progress it describes, once per event, and only when an LRS is set."""

import pytest
from django.db import transaction

from modules.interop.models import OutboxStatement
from modules.learning.read_models import build_kit_view
from modules.learning.records import issue_certificate, record_lesson_completed
from modules.models import Certificate, LessonPage, QuizAttempt

from ..helpers import right_answers, start, wrong_answers

pytestmark = pytest.mark.django_db
LRS = "http://127.0.0.1:9/xAPI/"


@pytest.fixture
def lrs_on(settings):
    settings.ELEARN_LRS_ENDPOINT = LRS
    settings.ELEARN_LRS_ACTOR = "account"
    settings.SITE_BASE_URL = "https://elearn.example.org"
    return settings


def events():
    return list(OutboxStatement.objects.values_list("event", flat=True))


def complete(client, lesson):
    return client.post(f"/learn/lessons/{lesson.translation_key}/complete/", {"next": "/"})


def test_nothing_is_stored_while_no_lrs_is_configured(settings, learner_client, sh1_quiz):
    settings.ELEARN_LRS_ENDPOINT = ""
    complete(learner_client, LessonPage.objects.get(slug="project-at-a-glance"))
    learner_client.post(f"/learn/attempts/{start(learner_client, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    assert not OutboxStatement.objects.exists()


def test_completing_a_lesson_queues_one_statement_however_often_it_is_marked(lrs_on, learner_client, learner):
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    complete(learner_client, lesson)
    complete(learner_client, lesson)
    row = OutboxStatement.objects.get()
    assert (row.event, row.user, row.status, row.attempts) == ("lesson-completed", learner, OutboxStatement.PENDING, 0)
    statement = row.statement
    assert statement["id"] == str(row.statement_id)
    assert statement["actor"] == {"objectType": "Agent", "account": {"homePage": "https://elearn.example.org/", "name": str(learner.pk)}}
    assert "lena@example.org" not in str(statement)
    assert statement["object"]["id"] == f"https://elearn.example.org/activities/{lesson.translation_key}"
    assert statement["context"]["contextActivities"]["parent"][0]["id"].endswith(str(lesson.get_parent().translation_key))


def test_the_email_is_sent_only_when_the_site_chooses_mbox(lrs_on, learner_client, learner):
    lrs_on.ELEARN_LRS_ACTOR = "mbox"
    complete(learner_client, LessonPage.objects.get(slug="project-at-a-glance"))
    assert OutboxStatement.objects.get().statement["actor"] == {"objectType": "Agent", "mbox": "mailto:lena@example.org"}


def test_quiz_attempts_queue_attempted_then_failed_or_passed_with_the_score(lrs_on, learner_client, sh1_quiz):
    first = start(learner_client, sh1_quiz)
    learner_client.post(f"/learn/attempts/{first.public_id}/", wrong_answers(sh1_quiz))
    second = start(learner_client, sh1_quiz)
    learner_client.post(f"/learn/attempts/{second.public_id}/", right_answers(sh1_quiz))
    assert events() == ["quiz-attempted", "quiz-failed", "quiz-attempted", "quiz-passed"]
    failed, passed = (OutboxStatement.objects.get(event=e).statement for e in ("quiz-failed", "quiz-passed"))
    attempt = QuizAttempt.objects.get(pk=second.pk)
    assert passed["verb"]["id"].endswith("/passed") and failed["verb"]["id"].endswith("/failed")
    assert passed["result"]["success"] is True and failed["result"]["success"] is False
    assert passed["result"]["score"] == {"raw": float(attempt.score), "min": 0.0, "max": float(attempt.max_score), "scaled": 1.0}
    assert passed["timestamp"] == attempt.submitted_at.isoformat()


def test_a_refused_submission_queues_nothing_more(lrs_on, learner_client, sh1_quiz):
    attempt = start(learner_client, sh1_quiz)
    assert learner_client.post(f"/learn/attempts/{attempt.public_id}/", {"q-not-a-question": "x"}).status_code == 400
    learner_client.post(f"/learn/attempts/{attempt.public_id}/", right_answers(sh1_quiz))
    assert learner_client.post(f"/learn/attempts/{attempt.public_id}/", right_answers(sh1_quiz)).status_code == 409
    assert events() == ["quiz-attempted", "quiz-passed"]


def test_statements_roll_back_with_the_progress_they_describe(lrs_on, learner):
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    with pytest.raises(RuntimeError), transaction.atomic():
        record_lesson_completed(learner, lesson)
        assert events() == ["lesson-completed"]
        raise RuntimeError("the request failed after recording")
    assert not OutboxStatement.objects.exists()


def test_a_certificate_queues_earned_once(lrs_on, learner, kit_t2, monkeypatch):
    view = build_kit_view(learner, kit_t2)
    monkeypatch.setattr(type(view), "complete", property(lambda self: True))
    certificate = issue_certificate(learner, view)
    view.certificate = None
    issue_certificate(learner, view)
    assert Certificate.objects.count() == 1
    row = OutboxStatement.objects.get()
    assert row.event == "certificate-earned"
    assert row.statement["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert row.statement["object"]["id"] == f"https://elearn.example.org/activities/{certificate.kit_key}"


def test_an_h5p_result_queues_scored_with_the_score_that_counts(lrs_on, learner_client):
    from tests.modules.h5p.factories import make_activity, post, statement

    activity = make_activity()
    assert post(learner_client, activity, {"statement": statement(activity, response="0", raw=1)}).status_code == 200
    row = OutboxStatement.objects.get()
    assert row.event == "h5p-result"
    # Re-scored on the server: the wrong answer scores 0 whatever the browser claimed.
    assert row.statement["result"] == {"score": {"raw": 0.0, "min": 0.0, "max": 1.0, "scaled": 0.0}, "success": False}
    assert row.statement["object"]["id"] == f"https://elearn.example.org/h5p/activities/{activity.key}/"
