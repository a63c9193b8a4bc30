"""What signed-in learners' pages read from the cache (issue 19.3): the route from path to page
(elearn/site/routing.py), the kit's item look-up and facts, view restrictions, the header's admin link
(elearn/site/context_processors.py). Never stale after publish, unpublish, move or delete, and never
anyone else's data."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import Page, PageViewRestriction

from modules.models import KitPage, LessonPage, ModuleLibraryPage, ModulePage
from modules.roles import ensure_maintainer_group
from tests.factories import make_user
from tests.modules.helpers import complete_lesson

pytestmark = pytest.mark.django_db
LESSON = "/itg-t1/sh-1/project-at-a-glance/"


@pytest.fixture
def lesson():
    return LessonPage.objects.get(slug="project-at-a-glance")


def text(client, url=LESSON):
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_a_published_title_change_reaches_a_signed_in_learner_at_once(learner_client, lesson):
    text(learner_client)
    lesson.title = "A title changed by the maintainer"
    lesson.save_revision().publish()
    status, body = text(learner_client)
    assert status == 200 and "A title changed by the maintainer" in body


def test_an_unpublished_lesson_is_gone_for_a_signed_in_learner(learner_client, lesson):
    assert text(learner_client)[0] == 200
    lesson.unpublish()
    assert text(learner_client)[0] == 404


def test_a_deleted_lesson_is_gone_for_a_signed_in_learner(learner_client, lesson):
    assert text(learner_client)[0] == 200
    Page.objects.get(pk=lesson.pk).delete()
    assert text(learner_client)[0] == 404


def test_a_moved_lesson_is_gone_from_its_old_place_for_a_signed_in_learner(learner_client, lesson):
    assert text(learner_client)[0] == 200
    other = ModulePage.objects.child_of(ModuleLibraryPage.objects.get()).exclude(code="SH-1").first()
    Page.objects.get(pk=lesson.pk).move(other, pos="last-child")
    assert text(learner_client)[0] == 404


def test_an_unpublished_kit_is_gone_for_a_signed_in_learner(learner_client, kit_t1):
    assert text(learner_client, kit_t1.url)[0] == 200
    KitPage.objects.get(pk=kit_t1.pk).unpublish()
    assert text(learner_client, kit_t1.url)[0] == 404
    assert text(learner_client)[0] == 404


def test_a_view_restriction_added_applies_at_once(learner_client, kit_t1):
    assert text(learner_client)[0] == 200
    restriction = PageViewRestriction.objects.create(page=Page.objects.get(pk=kit_t1.pk), restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(Group.objects.create(name="Closed group"))
    assert learner_client.get(LESSON).status_code in (302, 403)


def test_a_learner_never_sees_another_learners_marks(learner, lesson):
    first, second = Client(), Client()
    first.force_login(learner)
    second.force_login(make_user("nina", first_name="Nina"))
    text(second)  # the second learner fills the caches first
    complete_lesson(first, lesson)
    assert "You have completed this lesson." in text(first)[1]
    _, body = text(second)
    assert "You have completed this lesson." not in body and "Lena" not in body
    assert second.get("/itg-t1/sh-1/").context["module_view"].lessons[0].done is False


def test_the_admin_link_follows_group_membership_at_once(learner, learner_client):
    assert 'href="/admin/"' not in text(learner_client)[1]
    learner.groups.add(ensure_maintainer_group())
    assert 'href="/admin/"' in text(learner_client)[1]
    learner.groups.clear()
    assert 'href="/admin/"' not in text(learner_client)[1]


def test_one_learners_admin_link_is_not_another_learners(learner, learner_client):
    maintainer = make_user("mara")
    maintainer.groups.add(ensure_maintainer_group())
    other = Client()
    other.force_login(maintainer)
    assert 'href="/admin/"' in text(other)[1]
    assert 'href="/admin/"' not in text(learner_client)[1]


def test_a_published_body_change_reaches_a_signed_in_learner_at_once(learner_client, lesson):
    """The lesson body is rendered once per publish (modules/templatetags/render_once.py)."""
    text(learner_client)
    lesson.body = [("text", "<p>A paragraph the maintainer has just published.</p>")]
    lesson.save_revision().publish()
    assert "A paragraph the maintainer has just published." in text(learner_client)[1]

