"""Kits, modules and lessons as pages: routing, shared modules, page rules, funding statement."""

import pytest
from django.conf import settings
from wagtail.models import Page

from elearn.site.models import HomePage
from modules.models import KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage, SelfAssessmentPage

pytestmark = pytest.mark.django_db

STATEMENT = settings.ELEARN_FUNDING["statement"]


def test_home_lists_both_kits_with_funding_statement(client):
    page = client.get("/").content.decode()
    assert "S3 and clusters for regional policy makers" in page
    assert "Transnational cluster services for cluster managers and SMEs" in page
    assert STATEMENT in page and "S3-4AlpClusters" in page


@pytest.mark.parametrize("url", ["/itg-t1/", "/itg-t2/"])
def test_kits_are_reachable_at_their_short_urls(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert STATEMENT in html
    assert html.count('class="module-card') == 6


def test_every_public_learning_page_carries_the_funding_statement(client):
    for kit in KitPage.objects.live():
        for module in kit.live_modules():
            urls = [kit.module_url(module)] + [kit.module_url(module) + child.slug + "/" for child in module.get_children().live()]
            for url in urls:
                response = client.get(url)
                assert response.status_code == 200, url
                assert STATEMENT in response.content.decode(), url


def test_shared_modules_are_one_page_in_both_kits(kit_t1, kit_t2):
    t1 = [m.pk for m in kit_t1.live_modules()]
    t2 = [m.pk for m in kit_t2.live_modules()]
    shared = ModulePage.objects.filter(code__in=["SH-1", "SH-2"])
    assert {m.pk for m in shared} == set(t1) & set(t2)
    assert ModulePage.objects.filter(code="SH-1").count() == 1


def test_kits_hold_the_real_curriculum(kit_t1, kit_t2):
    assert [m.code for m in kit_t1.live_modules()] == ["SH-1", "SH-2", "T1-3", "T1-4", "T1-5", "T1-6"]
    assert [m.code for m in kit_t2.live_modules()] == ["SH-1", "SH-2", "T2-3", "T2-4", "T2-5", "T2-6"]
    for module in ModulePage.objects.all():
        quiz = QuizPage.objects.child_of(module).get()
        assert len(quiz.question_defs) >= 4, module.code
        assert all(a.feedback for q in quiz.question_defs for a in q.answers), module.code
        assert LessonPage.objects.child_of(module).count() >= 2, module.code
    text = " ".join(str(lesson.body) for lesson in LessonPage.objects.all()).lower()
    assert "lorem" not in text and "[to fill]" not in text and "[unverified]" not in text


def test_lesson_page_renders_blocks_and_module_navigation(client, kit_t1):
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    html = client.get(f"{kit_t1.url}sh-1/{lesson.slug}/").content.decode()
    assert "<h1" in html and lesson.title in html
    assert 'class="callout callout-key_point"' in html
    assert 'aria-current="page"' in html
    assert "Sources" in html


def test_library_url_redirects_into_the_first_kit(client):
    module = ModulePage.objects.get(code="T2-3")
    response = client.get(module.url)
    assert response.status_code == 302 and response["Location"] == "/itg-t2/t2-3/"


def test_unknown_module_or_lesson_is_404(client):
    assert client.get("/itg-t1/no-such-module/").status_code == 404
    assert client.get("/itg-t1/sh-1/no-such-lesson/").status_code == 404
    assert client.get("/itg-t1/t2-3/").status_code == 404  # a module of the other kit


def test_parent_and_child_page_types_are_enforced():
    assert KitPage.allowed_parent_page_models() == [HomePage]
    assert ModulePage.allowed_parent_page_models() == [ModuleLibraryPage]
    assert set(ModulePage.allowed_subpage_models()) == {LessonPage, QuizPage, SelfAssessmentPage}
    assert LessonPage.allowed_subpage_models() == [] and QuizPage.allowed_subpage_models() == [] and SelfAssessmentPage.allowed_subpage_models() == []
    assert SelfAssessmentPage.allowed_parent_page_models() == [ModulePage]
    assert not LessonPage.can_create_at(Page.objects.get(depth=1))
    assert not KitPage.can_create_at(ModuleLibraryPage.objects.get())


def test_draft_lessons_are_not_served(client, kit_t1):
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    lesson.unpublish()
    assert client.get(f"{kit_t1.url}sh-1/{lesson.slug}/").status_code == 404
