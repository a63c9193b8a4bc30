"""The outbox against a real LRS (Ralph on loopback): delivered exactly once through an outage,
refusals isolated, nothing dropped, and the send_xapi command."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from modules.interop import sender
from modules.interop.models import OutboxStatement, backoff
from modules.learning.records import record_lesson_completed
from modules.models import LessonPage

from ..helpers import right_answers, start
from .lrs import PASSWORD, USERNAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def lrs(settings, ralph):
    settings.ELEARN_LRS_ENDPOINT = ralph.endpoint
    settings.ELEARN_LRS_USERNAME, settings.ELEARN_LRS_PASSWORD = USERNAME, PASSWORD
    settings.ELEARN_LRS_RETRY_BASE_SECONDS, settings.ELEARN_LRS_RETRY_MAX_SECONDS = 30, 600
    return ralph


def complete_lessons(user, count, offset=0):
    for lesson in LessonPage.objects.live().order_by("path")[offset:offset + count]:
        record_lesson_completed(user, lesson)


def assert_lrs_has_each_once(ralph):
    stored = [s["id"] for s in ralph.statements()]
    assert sorted(stored) == sorted(set(stored)), "a statement reached the LRS twice"
    assert set(stored) == {str(i) for i in OutboxStatement.objects.values_list("statement_id", flat=True)}
    assert not OutboxStatement.objects.exclude(status=OutboxStatement.SENT).exists()


def test_every_statement_arrives_once_although_the_lrs_stops_mid_run(lrs, learner, learner_client, sh1_quiz, monkeypatch):
    complete_lessons(learner, 6)
    learner_client.post(f"/learn/attempts/{start(learner_client, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    assert OutboxStatement.objects.count() == 8

    real_post, calls = sender.post_statements, []

    def post_then_stop_the_lrs(statements, timeout=None):
        real_post(statements, timeout)
        calls.append(len(statements))
        if len(calls) == 1:
            lrs.stop()

    monkeypatch.setattr(sender, "post_statements", post_then_stop_the_lrs)
    report = sender.send_due(batch_size=3)
    assert (report.sent, report.waiting) == (3, 5) and report.error
    assert calls == [3]
    waiting = OutboxStatement.objects.filter(status=OutboxStatement.PENDING)
    # Only the batch that failed counts a try; the others were never attempted.
    assert sorted(waiting.values_list("attempts", flat=True)) == [0, 0, 1, 1, 1]
    first_retry = waiting.filter(attempts=1).first().next_try_at
    assert first_retry > timezone.now() + timedelta(seconds=25)

    # Learners carry on while the LRS is down: their records wait too.
    complete_lessons(learner, 2, offset=6)
    monkeypatch.setattr(sender, "post_statements", real_post)
    report = sender.send_due(now=first_retry, batch_size=3)
    assert report.sent == 0 and report.waiting == 7
    assert OutboxStatement.objects.filter(attempts=2).count() == 3
    assert OutboxStatement.objects.filter(attempts=2).first().next_try_at >= first_retry + timedelta(seconds=60)

    lrs.start()
    assert sender.send_due(now=timezone.now()).sent == 4  # not yet due: the batch that failed twice
    assert sender.send_due(now=timezone.now() + timedelta(minutes=5)).sent == 3
    assert_lrs_has_each_once(lrs)
    assert len(lrs.statements()) == 10


def test_a_statement_sent_again_after_a_lost_answer_is_stored_once(lrs, learner):
    complete_lessons(learner, 2)
    assert sender.send_due().sent == 2
    # The LRS stored it but its answer never came back: the row is still pending here.
    OutboxStatement.objects.update(status=OutboxStatement.PENDING, sent_at=None)
    assert sender.send_due().sent == 2
    assert_lrs_has_each_once(lrs)
    assert len(lrs.statements()) == 2


def test_a_statement_the_lrs_refuses_is_set_aside_and_the_others_are_sent(lrs, learner):
    complete_lessons(learner, 3)
    bad = OutboxStatement.objects.order_by("pk")[1]
    bad.statement["verb"] = {"display": {"en-US": "no id"}}
    bad.save()
    report = sender.send_due(batch_size=10)
    assert (report.sent, report.rejected, report.waiting) == (2, 1, 0)
    bad.refresh_from_db()
    assert bad.status == OutboxStatement.REJECTED and bad.last_error.startswith(("HTTP 400", "HTTP 422"))
    assert {s["id"] for s in lrs.statements()} == {str(r.statement_id) for r in OutboxStatement.objects.filter(status="sent")}


def test_wrong_credentials_keep_statements_waiting(lrs, settings, learner):
    settings.ELEARN_LRS_PASSWORD = "not-the-password"
    complete_lessons(learner, 1)
    report = sender.send_due()
    assert report.sent == 0 and report.waiting == 1 and "HTTP 401" in report.error
    assert lrs.statements() == []


def test_backoff_doubles_up_to_the_cap(settings):
    settings.ELEARN_LRS_RETRY_BASE_SECONDS, settings.ELEARN_LRS_RETRY_MAX_SECONDS = 30, 100
    assert [backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_send_xapi_command_reports_what_it_sent(lrs, learner):
    complete_lessons(learner, 2)
    out = StringIO()
    call_command("send_xapi", stdout=out)
    assert out.getvalue().strip() == "sent 2, refused 0, waiting 0"
    assert len(lrs.statements()) == 2


def test_send_xapi_refuses_to_run_without_an_lrs(settings):
    settings.ELEARN_LRS_ENDPOINT = ""
    with pytest.raises(CommandError, match="ELEARN_LRS_ENDPOINT"):
        call_command("send_xapi")
    with pytest.raises(CommandError):
        settings.ELEARN_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
        call_command("send_xapi", "--batch-size", "0")
