"""End to end against a real platform (tests/modules/lti/platform.py): launch → quiz → gradebook."""

import pytest
from django.contrib.auth import get_user_model
from lti_tool.models import LtiUser

from modules.lti.grades import send_due_scores
from modules.lti.models import LtiGradeLink, LtiScore
from modules.models import KitPage, ModulePage
from tests.modules.helpers import right_answers, start, wrong_answers

from .platform import INSTRUCTOR


def sh1(kit):
    return next(m for m in kit.live_modules() if m.slug.startswith("sh-1"))


def module_custom(kit, module, lang="en"):
    return {"kit": str(kit.translation_key), "module": str(module.translation_key), "lang": lang}


def test_learner_launch_signs_in_a_new_account_and_lands_on_the_module(registered, client, kit_t1):
    module = sh1(kit_t1)
    response = registered.launch(client, custom=module_custom(kit_t1, module))
    assert response.status_code == 302
    assert response["Location"] == kit_t1.url + module.slug + "/"
    platform_user = LtiUser.objects.get(registration=registered.record, sub="platform-user-1")
    user = platform_user.auth_user
    assert user.first_name == "Petra" and user.last_name == "Novak"
    assert not user.has_usable_password() and not user.is_staff and not user.is_superuser and user.email == ""
    assert client.get(response["Location"]).context["user"] == user
    link = LtiGradeLink.objects.get(user=user)
    assert link.lineitem_url == registered.url("/lineitems/7") and link.item_key == module.translation_key


def test_second_launch_of_the_same_platform_user_reuses_the_account(registered, client, kit_t1):
    custom = module_custom(kit_t1, sh1(kit_t1))
    registered.launch(client, custom=custom)
    client.logout()
    registered.launch(client, custom=custom)
    assert LtiUser.objects.filter(sub="platform-user-1").count() == 1
    assert get_user_model().objects.filter(username__startswith="lti-").count() == 1
    assert LtiGradeLink.objects.count() == 1


def test_launch_lands_in_the_language_of_the_link(registered, client, kit_t1):
    module = sh1(kit_t1)
    response = registered.launch(client, custom=module_custom(kit_t1, module, "sl"))
    assert response["Location"] == f"/sl{kit_t1.url}{module.slug}/"
    assert response.cookies["django_language"].value == "sl"


def test_launch_without_custom_lands_in_the_platform_locale_on_my_learning(registered, client):
    response = registered.launch(client, lineitem=None, locale="de-AT")
    assert response["Location"] == "/de/my-learning/"


def test_instructor_is_signed_in_without_admin_rights_and_without_a_grade_link(registered, client, kit_t1):
    registered.launch(client, user_id="teacher-9", roles=(INSTRUCTOR,), custom=module_custom(kit_t1, sh1(kit_t1)))
    user = LtiUser.objects.get(sub="teacher-9").auth_user
    assert not user.is_staff and not user.groups.exists()
    assert client.get("/admin/").status_code in (302, 403)
    assert not LtiGradeLink.objects.exists()


def test_learner_passes_the_quiz_and_the_platform_receives_the_grade(registered, client, kit_t1, sh1_quiz):
    module = sh1(kit_t1)
    registered.launch(client, custom=module_custom(kit_t1, module))
    attempt = start(client, sh1_quiz)
    client.post(f"/learn/attempts/{attempt.public_id}/", right_answers(sh1_quiz))
    assert LtiScore.objects.get().status == LtiScore.PENDING

    report = send_due_scores()

    assert (report.sent, report.rejected, report.waiting) == (1, 0, 0)
    [received] = registered.scores
    assert received["line_item"] == "7"
    score = received["score"]
    assert score["userId"] == "platform-user-1"
    assert (score["scoreGiven"], score["scoreMaximum"]) == (100.0, 100)
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert score["timestamp"].startswith(str(attempt.__class__.objects.get(pk=attempt.pk).submitted_at.date()))
    assert received["token"].startswith("Bearer ")
    assert send_due_scores().sent == 0  # sent once


def test_a_failed_attempt_with_attempts_left_is_submitted_not_completed(registered, client, kit_t1, sh1_quiz):
    registered.launch(client, custom=module_custom(kit_t1, sh1(kit_t1)))
    client.post(f"/learn/attempts/{start(client, sh1_quiz).public_id}/", wrong_answers(sh1_quiz))
    send_due_scores()
    score = registered.scores[0]["score"]
    assert score["scoreGiven"] == 0.0 and score["activityProgress"] == "Submitted"


def test_a_platform_outage_loses_no_score_and_sends_none_twice(registered, client, kit_t1, sh1_quiz):
    from datetime import timedelta

    from django.utils import timezone

    registered.launch(client, custom=module_custom(kit_t1, sh1(kit_t1)))
    client.post(f"/learn/attempts/{start(client, sh1_quiz).public_id}/", wrong_answers(sh1_quiz))
    client.post(f"/learn/attempts/{start(client, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    registered.stop()
    report = send_due_scores()
    assert report.sent == 0 and report.waiting == 2 and report.error
    assert send_due_scores().sent == 0  # not due yet: back-off
    registered.start()  # the same port again
    report = send_due_scores(now=timezone.now() + timedelta(hours=2))
    assert (report.sent, report.waiting) == (2, 0)
    assert [s["score"]["scoreGiven"] for s in registered.scores] == [0.0, 100.0]


def test_the_gradebook_refusing_a_score_marks_it_refused_and_keeps_the_answer(registered, client, kit_t1, sh1_quiz):
    registered.launch(client, custom=module_custom(kit_t1, sh1(kit_t1)))
    client.post(f"/learn/attempts/{start(client, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    LtiGradeLink.objects.update(lineitem_url=registered.url("/nothing-here"))
    report = send_due_scores()
    assert report.rejected == 1
    row = LtiScore.objects.get()
    assert row.status == LtiScore.REJECTED and "404" in row.last_error


def test_quiz_of_a_module_not_launched_from_the_platform_sends_nothing(registered, client, kit_t1, sh1_quiz):
    other = next(m for m in kit_t1.live_modules() if m.translation_key != sh1(kit_t1).translation_key)
    registered.launch(client, custom=module_custom(kit_t1, other))
    client.post(f"/learn/attempts/{start(client, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    assert not LtiScore.objects.exists()


def test_kit_link_lands_on_the_kit_and_creates_no_grade_link(registered, client, kit_t2):
    response = registered.launch(client, custom={"kit": str(kit_t2.translation_key), "lang": "fr"})
    assert response["Location"] == f"/fr{kit_t2.url}"
    assert not LtiGradeLink.objects.exists()


def test_unpublished_module_is_refused_and_nothing_is_stored(registered, client, kit_t1):
    module = sh1(kit_t1)
    ModulePage.objects.filter(pk=module.pk).update(live=False)
    response = registered.launch(client, custom=module_custom(kit_t1, module))
    assert response.status_code == 404
    assert "not published" in response.content.decode()
    assert not LtiUser.objects.exists() and not get_user_model().objects.filter(username__startswith="lti-").exists()
    assert KitPage.objects.filter(pk=kit_t1.pk, live=True).exists()


def test_a_platform_that_does_not_answer_is_given_up_on_after_the_timeout(registered, client, kit_t1, sh1_quiz, settings):
    settings.ELEARN_LTI_TIMEOUT = 1
    registered.launch(client, custom=module_custom(kit_t1, sh1(kit_t1)))
    client.post(f"/learn/attempts/{start(client, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    registered.scores_delay = 3
    report = send_due_scores()
    assert report.sent == 0 and report.waiting == 1 and "timed out" in report.error.lower()
    assert LtiScore.objects.get().attempts == 1


def test_the_gradebook_being_down_keeps_the_score_waiting(registered, client, kit_t1, sh1_quiz):
    registered.launch(client, custom=module_custom(kit_t1, sh1(kit_t1)))
    client.post(f"/learn/attempts/{start(client, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    registered.scores_down = True
    report = send_due_scores()
    assert report.waiting == 1 and "503" in report.error
    assert LtiScore.objects.get().status == LtiScore.PENDING


TARGET = "https://purl.imsglobal.org/spec/lti/claim/target_link_uri"


def test_a_hand_made_link_lands_on_the_page_its_target_link_uri_names(registered, client, kit_t1, settings):
    response = registered.launch(client, lineitem=None, claims={TARGET: f"{settings.SITE_BASE_URL}/it{kit_t1.url}"})
    assert response["Location"] == f"/it{kit_t1.url}"


@pytest.mark.parametrize("target", ["https://elsewhere.example.org/itg-t1/", "javascript:alert(1)", "//elsewhere.example.org/"])
def test_a_target_link_uri_outside_this_site_is_never_followed(registered, client, target):
    response = registered.launch(client, lineitem=None, claims={TARGET: target})
    assert response.status_code == 302 and response["Location"] == "/my-learning/"
