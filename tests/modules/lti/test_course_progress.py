"""The teacher's course progress page: the roster from the platform's Names and Role Provisioning
Services (tests/modules/lti/platform.py), joined to the learners' progress here."""

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from lti_tool.models import LtiUser

from modules.learning.records import record_lesson_completed, record_quiz_result
from modules.lti.models import LtiCourse
from modules.lti.roster import MAX_MEMBERS, MAX_PAGES
from modules.models import ItemProgress, LessonPage
from tests.factories import make_user

from .platform import INSTRUCTOR, LEARNER


def sh1(kit):
    return next(m for m in kit.live_modules() if m.slug.startswith("sh-1"))


def custom(kit, module, lang="en"):
    return {"kit": str(kit.translation_key), "module": str(module.translation_key), "lang": lang}


def member(user_id, name, roles=(LEARNER,), **extra):
    return {"user_id": user_id, "name": name, "roles": list(roles), **extra}


def teacher_launch(platform, client, kit, lang="en"):
    """An instructor's launch with the NRPS claim: lands on the course progress page."""
    response = platform.launch(client, user_id="teacher-9", name="Tomaž Učitelj", roles=(INSTRUCTOR,),
                               custom=custom(kit, sh1(kit), lang), lineitem=None, nrps=True)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def stored():
    return (LtiCourse.objects.count(), LtiUser.objects.count(), ItemProgress.objects.count(),
            list(LtiCourse.objects.values_list("memberships_url", "title")))


def roster_refused(response, text, status=502):
    assert response.status_code == status
    body = response.content.decode()
    assert "Your learners' progress cannot be shown" in body and "Nothing was saved" in body, body[:2000]
    assert text in body, body[body.find("<main"):][:1500]
    assert "Ana Kos" not in body


@pytest.fixture
def course_page(registered, client, kit_t1):
    """Ana launched and completed a lesson and passed the quiz; Ben launched only; Cene never came."""
    module = sh1(kit_t1)
    ana_client, ben_client = Client(), Client()
    registered.launch(ana_client, user_id="ana", name="Ana Kos", custom=custom(kit_t1, module))
    registered.launch(ben_client, user_id="ben", name="Ben Zupan", custom=custom(kit_t1, module))
    ana = LtiUser.objects.get(sub="ana").auth_user
    record_lesson_completed(ana, LessonPage.objects.child_of(module).live().order_by("path").first())
    from modules.models import QuizPage

    record_quiz_result(ana, QuizPage.objects.child_of(module).get(), Decimal("90"), True, timezone.now())
    registered.members = [
        member("ana", "Ana Kos"), member("ben", "Ben Zupan"), member("cene", "Cene Vidmar"),
        member("teacher-9", "Tomaž Učitelj", roles=(INSTRUCTOR,)),
        member("gone", "Dana Odšla", status="Inactive"),
    ]
    return teacher_launch(registered, client, kit_t1)


def test_instructor_launch_lands_on_the_course_progress_of_the_module(registered, client, kit_t1, course_page):
    course = LtiCourse.objects.get()
    assert (course.context_id, course.title, course.memberships_url) == ("course-42", "Cluster policy 2026", registered.url("/memberships"))
    assert course_page == f"/lti/course/{course.pk}/{sh1(kit_t1).translation_key}/"
    body = client.get(course_page).content.decode()
    assert "Your learners' progress on “" in body and "Cluster policy 2026" in body
    assert "1 learner started the module" in body and "2 learners have not started yet" in body
    started = body[body.index("learner started the module"):body.index("learners have not started yet")]
    assert "Ana Kos" in started and "1 / " in started and "90" in started and "passed" in started
    waiting = body[body.index("have not started yet"):]
    assert "Ben Zupan" in waiting and "Cene Vidmar" in waiting
    # Only active learners: not the teacher, not an inactive member.
    assert "Tomaž Učitelj" not in body and "Dana Odšla" not in body
    assert f'href="{kit_t1.url}{sh1(kit_t1).slug}/"' in body
    assert registered.roster_requests == 1 and registered.token_requests >= 1


def test_the_course_progress_page_speaks_the_language_of_the_link(registered, client, kit_t1):
    registered.members = [member("cene", "Cene Vidmar")]
    location = teacher_launch(registered, client, kit_t1, lang="de")
    assert location.startswith("/de/lti/course/")
    body = client.get(location).content.decode()
    assert 'lang="de"' in body and "Cene Vidmar" in body
    assert "Fortschritt Ihrer Lernenden in „" in body and "1 lernende Person hat noch nicht begonnen" in body
    assert "Your learners" not in body


def test_a_paginated_roster_is_read_page_by_page(registered, client, kit_t1):
    registered.members = [member(f"l-{n}", f"Learner {n:02d}") for n in range(7)]
    registered.members_page_size = 3
    body = client.get(teacher_launch(registered, client, kit_t1)).content.decode()
    assert all(f"Learner {n:02d}" in body for n in range(7))
    assert registered.roster_requests == 3


def test_launch_without_the_nrps_claim_lands_on_the_module_and_keeps_no_course(registered, client, kit_t1):
    response = registered.launch(client, user_id="teacher-9", roles=(INSTRUCTOR,), custom=custom(kit_t1, sh1(kit_t1)), lineitem=None)
    assert response["Location"] == kit_t1.url + sh1(kit_t1).slug + "/"
    assert not LtiCourse.objects.exists()


def test_a_learner_launch_with_the_nrps_claim_keeps_no_course(registered, client, kit_t1):
    response = registered.launch(client, user_id="ana", custom=custom(kit_t1, sh1(kit_t1)), nrps=True)
    assert response["Location"] == kit_t1.url + sh1(kit_t1).slug + "/"
    assert not LtiCourse.objects.exists()


# --- who may see it ------------------------------------------------------------------------------

def test_anonymous_visitors_are_refused(registered, client, kit_t1, course_page):
    before = stored()
    requests_before = registered.roster_requests
    response = Client().get(course_page)
    assert response.status_code == 403 and "opens from your learning platform" in response.content.decode()
    assert "Ana Kos" not in response.content.decode()
    assert stored() == before and registered.roster_requests == requests_before


@pytest.mark.parametrize("role", ["learner", "trainer", "maintainer", "administrator"])
def test_site_accounts_that_did_not_launch_as_teachers_of_the_course_are_refused(registered, client, kit_t1, course_page, role, request):
    other = Client()
    other.force_login(request.getfixturevalue(role))
    response = other.get(course_page)
    assert response.status_code == 403 and "opens from your learning platform" in response.content.decode()
    assert "Ana Kos" not in response.content.decode()


def test_a_learner_of_the_course_is_refused(registered, kit_t1, course_page):
    ana = Client()
    registered.launch(ana, user_id="ana", name="Ana Kos", custom=custom(kit_t1, sh1(kit_t1)), nrps=True)
    response = ana.get(course_page)
    assert response.status_code == 403 and "Ben Zupan" not in response.content.decode()


def test_a_teacher_sees_only_the_course_they_launched_from(registered, client, kit_t1, course_page):
    other = LtiCourse.objects.create(registration=registered.record, context_id="course-43", title="Another course",
                                     memberships_url=registered.url("/memberships"))
    response = client.get(course_page.replace(f"/course/{LtiCourse.objects.get(context_id='course-42').pk}/", f"/course/{other.pk}/"))
    assert response.status_code == 403


def test_a_deactivated_platform_closes_the_page(registered, client, kit_t1, course_page):
    type(registered.record).objects.filter(pk=registered.record.pk).update(is_active=False)
    response = client.get(course_page)
    assert response.status_code == 403 and "no longer connected" in response.content.decode()


def test_an_unpublished_module_is_refused(registered, client, kit_t1, course_page):
    from modules.models import ModulePage

    ModulePage.objects.filter(translation_key=sh1(kit_t1).translation_key).update(live=False)
    response = client.get(course_page)
    assert response.status_code == 404 and "not published" in response.content.decode()


# --- what the platform may get wrong: a clear page, nothing stored ---------------------------------

def test_the_platform_being_down_gives_a_clear_page(registered, client, kit_t1, course_page):
    before = stored()
    registered.stop()
    roster_refused(client.get(course_page), "did not give the list of participants")
    assert stored() == before


def test_the_platform_refusing_the_roster_gives_a_clear_page(registered, client, kit_t1, course_page):
    before = stored()
    registered.members_status = 403
    roster_refused(client.get(course_page), "did not give the list of participants")
    assert stored() == before


def test_a_platform_that_refuses_our_token_request_gives_a_clear_page(registered, client, kit_t1, course_page):
    registered.tool_key_set = {"keys": []}  # the platform no longer knows our key: no access token
    roster_refused(client.get(course_page), "did not give the list of participants")


@pytest.mark.parametrize("body", [
    b"this is not JSON", b"", b"[1, 2]", {"members": "ana, ben"}, {"members": [["ana"]]}, {"context": {"id": "course-42"}},
    {"members": None},
], ids=["not-json", "empty", "a-list", "members-a-string", "members-not-objects", "no-members", "members-null"])
def test_a_malformed_membership_page_gives_a_clear_page_and_stores_nothing(registered, client, kit_t1, course_page, body):
    before = stored()
    registered.members_body = body
    response = client.get(course_page)
    expected = "did not give the list of participants" if body == b"this is not JSON" else "cannot read"
    roster_refused(response, expected)
    assert stored() == before


def test_members_without_a_user_id_are_left_out(registered, client, kit_t1, course_page):
    registered.members_body = {"members": [{"name": "Nobody", "roles": [LEARNER]}, member("cene", "Cene Vidmar"),
                                           member({"an": "object"}, "Odd One")]}
    body = client.get(course_page).content.decode()
    assert response_ok(body) and "Cene Vidmar" in body and "Nobody" not in body and "Odd One" not in body


def response_ok(body):
    return "learners have not started yet" in body or "learner has not started yet" in body


def test_a_platform_whose_pages_never_end_is_stopped_at_the_page_limit(registered, client, kit_t1, course_page):
    before = stored()
    registered.members = [member("cene", "Cene Vidmar")]
    registered.members_endless = True
    requests_before = registered.roster_requests
    roster_refused(client.get(course_page), f"{MAX_PAGES} pages at most")
    assert registered.roster_requests - requests_before == MAX_PAGES
    assert stored() == before


def test_a_roster_longer_than_the_limit_is_refused(registered, client, kit_t1, course_page, monkeypatch):
    monkeypatch.setattr("modules.lti.roster.MAX_MEMBERS", 5)
    registered.members = [member(f"l-{n}", f"Learner {n}") for n in range(6)]
    roster_refused(client.get(course_page), "5 at most")
    assert MAX_MEMBERS == 2000


def test_a_page_larger_than_the_limit_is_not_read_to_the_end(registered, client, kit_t1, course_page, monkeypatch):
    before = stored()
    monkeypatch.setattr("modules.lti.roster.MAX_PAGE_BYTES", 4000)
    registered.members = [member(f"l-{n}", f"Learner {n} " + "x" * 100) for n in range(60)]
    roster_refused(client.get(course_page), "more participants than this page shows")
    assert stored() == before


def test_a_next_page_on_another_host_is_never_asked_with_our_token(registered, client, kit_t1, course_page):
    from .platform import Platform

    elsewhere = Platform().start()
    try:
        registered.members_next_url = elsewhere.url("/memberships?page=2")
        roster_refused(client.get(course_page), "cannot read")
        assert elsewhere.roster_requests == 0
    finally:
        elsewhere.stop()


# --- a listing: queries do not grow with the course ------------------------------------------------

def course_of(platform, size):
    """`size` learners of the course with accounts here, each with some progress on SH-1."""
    from modules.models import ModulePage

    module = ModulePage.objects.get(code="SH-1")
    lesson = LessonPage.objects.child_of(module).live().order_by("path").first()
    start = len(platform.members)
    for n in range(start, start + size):
        user = make_user(f"lti-roster-{n}", first_name=f"Learner{n}")
        LtiUser.objects.create(registration=platform.record, sub=f"l-{n}", auth_user=user)
        record_lesson_completed(user, lesson)
        platform.members.append(member(f"l-{n}", f"Learner {n}"))


def test_the_page_makes_as_many_queries_for_a_large_course_as_for_a_small_one(registered, client, kit_t1, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    location = teacher_launch(registered, client, kit_t1)
    course_of(registered, 2)
    with CaptureQueriesContext(connection) as small:
        assert "Learner 1" in client.get(location).content.decode()
    course_of(registered, 25)
    with django_assert_max_num_queries(len(small)):
        body = client.get(location).content.decode()
    assert "Learner 26" in body and body.count("<tr>") >= 27
