"""The anonymous page cache (elearn/site/page_cache.py): kit, module, lesson and quiz pages served
again to anonymous visitors, never stale after a content change, never with anyone's own data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from modules.models import KitPage, LessonPage, ModuleLibraryPage, ModulePage
from tests.modules.helpers import complete_lesson, publish_lesson

pytestmark = pytest.mark.django_db
LESSON = "/itg-t1/sh-1/project-at-a-glance/"


def fetch(client, url=LESSON, **headers):
    response = client.get(url, **headers)
    return response, response.content.decode()


@pytest.fixture
def lesson():
    return LessonPage.objects.get(slug="project-at-a-glance")


@pytest.mark.parametrize("url", ["/itg-t1/", "/itg-t1/sh-1/", LESSON, "/itg-t1/sh-1/quiz/", "/de/itg-t1/sh-1/project-at-a-glance/"])
def test_an_anonymous_page_is_served_again_from_the_cache_without_queries(client, url):
    first, body = fetch(client, url)
    assert first.status_code == 200 and first["X-Elearn-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        again, cached = fetch(Client(), url)
    assert again["X-Elearn-Page-Cache"] == "hit" and cached == body
    assert len(queries) == 0
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"] and again["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in again and not again.cookies


def test_languages_are_kept_apart(client):
    _, english = fetch(client)
    response, german = fetch(client, "/de" + LESSON)
    assert response["X-Elearn-Page-Cache"] == "miss" and 'lang="de"' in german and german != english


def test_signed_in_learners_never_get_nor_fill_the_cached_page(client, learner, lesson):
    _, anonymous = fetch(client)
    learner_client = Client()
    learner_client.force_login(learner)
    complete_lesson(learner_client, lesson)
    response, own = fetch(learner_client)
    assert "X-Elearn-Page-Cache" not in response and "Log out" in own and own != anonymous
    # ... and what a learner saw is never what the next anonymous visitor gets.
    response, after = fetch(Client())
    assert response["X-Elearn-Page-Cache"] == "hit" and "Log out" not in after and learner.first_name not in after


def test_a_visitor_with_a_session_cookie_is_served_fresh(client):
    fetch(client)
    other = Client()
    other.cookies["sessionid"] = "whatever"
    response, _ = fetch(other)
    assert "X-Elearn-Page-Cache" not in response


@pytest.mark.parametrize("url", ["/itg-t1/certificate/", "/accounts/login/", "/my-learning/", "/"])
def test_pages_not_marked_are_never_cached(client, url):
    client.get(url)
    assert "X-Elearn-Page-Cache" not in client.get(url)


def test_a_published_change_is_shown_at_once(client, lesson):
    fetch(client)
    lesson.title = "A title changed by the maintainer"
    lesson.save_revision().publish()
    response, body = fetch(client)
    assert response["X-Elearn-Page-Cache"] == "miss" and "A title changed by the maintainer" in body


def test_a_new_lesson_shows_in_the_cached_module_outline(client):
    _, before = fetch(client, "/itg-t1/sh-1/")
    publish_lesson(ModulePage.objects.get(code="SH-1"), "brand-new-lesson", "A brand new lesson")
    response, after = fetch(client, "/itg-t1/sh-1/")
    assert "A brand new lesson" not in before and "A brand new lesson" in after and response["X-Elearn-Page-Cache"] == "miss"


def test_an_unpublished_lesson_is_gone_at_once(client, lesson):
    fetch(client)
    lesson.unpublish()
    assert client.get(LESSON).status_code == 404


def test_a_deleted_lesson_is_gone_at_once(client, lesson):
    fetch(client)
    Page.objects.get(pk=lesson.pk).delete()
    assert client.get(LESSON).status_code == 404


def test_a_moved_module_lesson_is_gone_from_its_old_place(client, lesson):
    fetch(client)
    other = ModulePage.objects.child_of(ModuleLibraryPage.objects.get()).exclude(code="SH-1").first()
    Page.objects.get(pk=lesson.pk).move(other, pos="last-child")
    assert client.get(LESSON).status_code == 404


def test_a_kit_unpublished_is_gone_at_once(client, kit_t1):
    fetch(client, kit_t1.url)
    KitPage.objects.get(pk=kit_t1.pk).unpublish()
    assert client.get(kit_t1.url).status_code == 404


def test_learners_progress_leaves_the_cached_pages_in_place(learner, lesson):
    fetch(Client())
    learner_client = Client()
    learner_client.force_login(learner)
    complete_lesson(learner_client, lesson)
    response, _ = fetch(Client())
    assert response["X-Elearn-Page-Cache"] == "hit"


def test_the_cache_can_be_turned_off(client, settings):
    settings.ELEARN_PAGE_CACHE_SECONDS = 0
    fetch(client)
    assert "X-Elearn-Page-Cache" not in client.get(LESSON)


def test_a_new_lesson_shows_in_a_learners_cached_outline_at_once(learner_client):
    """The module outline is cached for signed-in learners too (read_models._outline)."""
    _, before = fetch(learner_client, "/itg-t1/sh-1/")
    publish_lesson(ModulePage.objects.get(code="SH-1"), "brand-new-lesson", "A brand new lesson")
    _, after = fetch(learner_client, "/itg-t1/sh-1/")
    assert "A brand new lesson" not in before and "A brand new lesson" in after


def test_a_learners_progress_is_never_cached(learner_client, lesson):
    def done(response):
        return {item.page.slug: item.done for item in response.context["module_view"].lessons}

    before, _ = fetch(learner_client, "/itg-t1/sh-1/")
    complete_lesson(learner_client, lesson)
    after, _ = fetch(learner_client, "/itg-t1/sh-1/")
    assert not done(before)[lesson.slug] and done(after)[lesson.slug]


def test_a_new_site_migrates_with_the_database_cache_before_its_table_exists(tmp_path):
    """Migrations save pages and permissions; with ELEARN_CACHE=db the cache table comes only after
    (`createcachetable`), so the content version is not written while `migrate` runs."""
    from tests.sites import manage

    env = {"DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "ELEARN_CACHE": "db"}
    migrated = manage("migrate", "--no-input", "-v", "0", **env)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    assert manage("createcachetable", **env).returncode == 0
    shown = manage("shell", "--no-imports", "-c", "from elearn.site.page_cache import bump_content_version as b; b(); print('ok')", **env)
    assert shown.stdout.strip() == "ok", shown.stderr[-2000:]


def test_a_cut_release_shows_on_the_cached_kit_page_at_once(client, kit_t1, media_root):
    from modules.packs.releases import cut_release

    _, before = fetch(client, kit_t1.url)
    assert "not released yet" in before
    cut_release(KitPage.objects.get(pk=kit_t1.pk), "1.0.0")
    response, after = fetch(client, kit_t1.url)
    assert response["X-Elearn-Page-Cache"] == "miss" and "not released yet" not in after and ">1.0.0</a>" in after
