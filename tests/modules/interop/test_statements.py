"""The xAPI statement builder: stable ids, actors as the site's settings say, valid results."""

import uuid
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from modules.interop.statements import Activity, Score, activity_iri, build_actor, build_statement, statement_id

SITE = "https://elearn.example.org"
WHEN = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)


def test_statement_ids_are_stable_and_differ_per_event_and_site():
    key = uuid.UUID("00000000-0000-4000-8000-000000000001")
    first = statement_id(SITE, "lesson-completed", 7, key)
    assert first == statement_id(SITE, "lesson-completed", 7, key)
    assert first.version == 5
    assert len({first, statement_id(SITE, "lesson-completed", 8, key), statement_id(SITE, "quiz-graded", 7, key),
                statement_id("https://other.example.org", "lesson-completed", 7, key)}) == 4


def test_actor_is_an_account_by_default_and_mbox_only_when_asked():
    assert build_actor(7, SITE + "/", email="lena@example.org") == {
        "objectType": "Agent", "account": {"homePage": SITE + "/", "name": "7"}}
    assert build_actor(7, SITE + "/", "mbox", "lena@example.org") == {"objectType": "Agent", "mbox": "mailto:lena@example.org"}
    with pytest.raises(ValueError):
        build_actor(7, SITE + "/", "mbox", "")


def test_statement_carries_id_timestamp_parent_and_a_scaled_score():
    quiz = Activity(activity_iri(SITE, "q-key"), "quiz", "SH-1 quiz", "de")
    module = Activity(activity_iri(SITE, "m-key"), "module", "SH-1")
    statement = build_statement(sid=uuid.UUID(int=5), actor=build_actor(7, SITE + "/"), verb="passed", activity=quiz,
                                timestamp=WHEN, parent=module, score=Score(Decimal("3.5"), Decimal("4")), success=True, completion=True)
    assert statement["id"] == str(uuid.UUID(int=5))
    assert statement["timestamp"] == "2026-12-01T10:00:00+00:00"
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert statement["object"] == {"objectType": "Activity", "id": f"{SITE}/activities/q-key", "definition": {
        "type": "http://adlnet.gov/expapi/activities/assessment", "name": {"de": "SH-1 quiz"}}}
    assert statement["context"]["contextActivities"]["parent"][0]["id"] == f"{SITE}/activities/m-key"
    assert statement["result"] == {"score": {"raw": 3.5, "min": 0.0, "max": 4.0, "scaled": 0.875}, "success": True, "completion": True}


def test_a_statement_without_result_has_no_result_and_a_zero_maximum_scales_to_zero():
    lesson = Activity(activity_iri(SITE, "l"), "lesson", "Lesson")
    assert "result" not in build_statement(sid=uuid.UUID(int=1), actor={}, verb="attempted", activity=lesson, timestamp=WHEN)
    assert Score(Decimal("0"), Decimal("0")).as_result()["scaled"] == 0.0
