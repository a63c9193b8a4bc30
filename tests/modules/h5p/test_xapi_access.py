"""Issue 11.5: a result counts only for an activity in a live lesson the learner may open, and only
with the player token the lesson page issued to that learner for that activity (unexpired)."""

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from wagtail.models import PageViewRestriction

from modules.h5p.signing import SALT
from modules.models import H5PResult, ItemProgress, KitPage, LessonPage

from .factories import PLACEMENT_LESSON, make_activity, place_in_lesson, player_token, post, statement

pytestmark = pytest.mark.django_db

LESSON_URL = "/itg-t1/sh-1/project-at-a-glance/"


def nothing_stored():
    return not H5PResult.objects.exists() and not ItemProgress.objects.filter(kind=ItemProgress.H5P).exists()


def forged_full_marks(client, activity, **body):
    return post(client, activity, {"statement": statement(activity), **body})


def refused(response, words):
    assert response.status_code == 403, response.content
    assert words in response.json()["error"]
    return True


def test_the_token_from_the_lesson_page_records_the_result(learner_client, learner):
    activity = make_activity()
    html = learner_client.get(LESSON_URL).content.decode()
    tag = next(t for t in re.findall(r"<iframe data-h5p-player[^>]*>", html) if f"/h5p/activities/{activity.key}/" in t)
    token = re.search(r'data-xapi-token="([^"]+)"', tag).group(1)
    response = post(learner_client, activity, {"token": token, "statement": statement(activity)})
    assert response.status_code == 200 and response.json()["passed"] is True
    assert H5PResult.objects.get().user == learner


def test_activity_placed_only_in_an_unpublished_lesson_is_refused(learner_client):
    activity = make_activity(placed=False)
    placement = LessonPage.objects.get(slug=PLACEMENT_LESSON)
    draft = placement.get_siblings(inclusive=False).type(LessonPage).first().specific
    place_in_lesson(activity, slug=draft.slug)
    LessonPage.objects.filter(pk=draft.pk).update(live=False)
    assert refused(forged_full_marks(learner_client, activity), "not part of a lesson you can open")
    assert nothing_stored()


def test_activity_in_no_lesson_is_refused(learner_client):
    activity = make_activity(placed=False)
    assert refused(forged_full_marks(learner_client, activity), "not part of a lesson you can open")
    assert nothing_stored()


def test_lesson_of_an_unpublished_module_or_kit_is_refused(learner_client):
    activity = make_activity()
    module = LessonPage.objects.get(slug=PLACEMENT_LESSON).get_parent()
    type(module).objects.filter(pk=module.pk).update(live=False)
    assert refused(forged_full_marks(learner_client, activity), "not part of a lesson you can open")
    type(module).objects.filter(pk=module.pk).update(live=True)
    KitPage.objects.filter(live=True).update(live=False)
    assert refused(forged_full_marks(learner_client, activity), "not part of a lesson you can open")
    assert nothing_stored()


def test_lesson_behind_a_group_restriction_counts_only_for_its_group(learner_client, learner):
    activity = make_activity()
    group = Group.objects.create(name="Pilot region")
    module = LessonPage.objects.get(slug=PLACEMENT_LESSON).get_parent()
    restriction = PageViewRestriction.objects.create(page=module, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    assert refused(forged_full_marks(learner_client, activity), "not part of a lesson you can open")
    assert nothing_stored()
    learner.groups.add(group)
    assert forged_full_marks(learner_client, activity).status_code == 200


def test_token_of_another_learner_is_refused(learner_client, other_learner):
    activity = make_activity()
    response = forged_full_marks(learner_client, activity, token=player_token(activity, other_learner))
    assert refused(response, "reload the lesson page")
    assert nothing_stored()


def test_token_for_another_activity_is_refused(learner_client, learner):
    activity, other = make_activity(), make_activity(title="Other")
    assert refused(forged_full_marks(learner_client, activity, token=player_token(other, learner)), "reload the lesson page")
    assert nothing_stored()


def test_expired_token_is_refused(learner_client, learner, monkeypatch, settings):
    activity = make_activity()
    token = player_token(activity, learner)
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + settings.H5P_URL_MAX_AGE + 1)
    assert refused(forged_full_marks(learner_client, activity, token=token), "opened too long ago")
    assert nothing_stored()


@pytest.mark.parametrize("token", [
    None, "", 42, ["x"], "not-a-token", "x" * 600,
    "visitor",      # a token issued to someone not logged in
    "old-format",   # the earlier token, which named the user in clear
    "tampered",
])
def test_missing_foreign_and_tampered_tokens_are_refused(learner_client, learner, token):
    activity = make_activity()
    if token == "visitor":
        token = player_token(activity, None)
    elif token == "old-format":
        token = signing.TimestampSigner(salt=SALT).sign_object({"a": activity.key.hex, "u": learner.pk})
    elif token == "tampered":
        valid = player_token(activity, learner)
        token = valid[:-1] + ("A" if valid[-1] != "A" else "B")
    assert refused(forged_full_marks(learner_client, activity, token=token), "reload the lesson page")
    assert nothing_stored()


def test_anonymous_is_still_asked_to_log_in(client):
    activity = make_activity()
    assert forged_full_marks(client, activity).status_code == 401
    assert nothing_stored()


@pytest.mark.parametrize("language, words", [("de", "Lektion"), ("fr", "leçon"), ("it", "lezione"), ("sl", "lekcij")])
def test_refusals_are_translated(rf, learner, language, words):
    # The endpoint is unprefixed (English); the messages are translated for callers in another language.
    from django.utils import translation

    from modules.h5p.xapi import NotAllowed, check_placement, check_player_token

    activity = make_activity(placed=False)
    request = rf.post("/")
    request.user = learner
    with translation.override(language):
        for check in (lambda: check_placement(activity, request), lambda: check_player_token("bad", activity, learner)):
            with pytest.raises(NotAllowed) as refusal:
                check()
            assert words in refusal.value.message
