"""The outbox senders' shared command loop (modules/management/outbox.py): one run reports what was
sent, refused and left waiting, and names the receiver that did not answer."""

from io import StringIO

import pytest
from django.core.management import call_command

from modules.interop.sender import SendReport
from modules.management.commands import send_lti_scores

pytestmark = pytest.mark.django_db


def test_send_lti_scores_with_nothing_waiting_reports_zeros():
    out, err = StringIO(), StringIO()
    call_command("send_lti_scores", stdout=out, stderr=err)
    assert out.getvalue().strip() == "sent 0, refused 0, waiting 0"
    assert err.getvalue() == ""


def test_an_unavailable_receiver_is_named_on_stderr(monkeypatch):
    report = SendReport(sent=1, rejected=2, waiting=3, error="HTTP 503: busy")
    monkeypatch.setattr(send_lti_scores, "send_due_scores", lambda: report)
    out, err = StringIO(), StringIO()
    call_command("send_lti_scores", stdout=out, stderr=err)
    assert out.getvalue().strip() == "sent 1, refused 2, waiting 3"
    assert err.getvalue().strip() == "A platform is unavailable, will retry: HTTP 503: busy"
