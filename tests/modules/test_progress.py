"""Lesson completion, module and kit completion, shared-module progress, certificates."""

import pytest
from django.test import Client

from modules.models import Certificate, ItemProgress, LessonPage, ModulePage, QuizPage
from modules.learning.read_models import build_kit_view

from .helpers import complete_lesson, complete_module, right_answers, start

pytestmark = pytest.mark.django_db


def test_marking_a_lesson_done_is_idempotent(learner_client, learner):
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    assert complete_lesson(learner_client, lesson, "/itg-t1/sh-1/").status_code == 302
    first = ItemProgress.objects.get(user=learner, item_key=lesson.translation_key).completed_at
    complete_lesson(learner_client, lesson)
    rows = ItemProgress.objects.filter(user=learner, item_key=lesson.translation_key)
    assert rows.count() == 1 and rows.get().completed_at == first


def test_completion_redirect_refuses_other_hosts(learner_client):
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    response = complete_lesson(learner_client, lesson, "https://evil.example/phish")
    assert response.status_code == 302 and "evil.example" not in response["Location"]


def test_completion_needs_login_and_post(client):
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    assert client.get(f"/learn/lessons/{lesson.translation_key}/complete/").status_code == 405
    assert complete_lesson(client, lesson).status_code == 302
    assert ItemProgress.objects.count() == 0


def test_module_completes_when_lessons_done_and_quiz_passed(learner_client, learner, kit_t1):
    module = ModulePage.objects.get(code="SH-1")
    for lesson in LessonPage.objects.child_of(module):
        complete_lesson(learner_client, lesson)
    view = build_kit_view(learner, kit_t1).modules[0]
    assert view.lessons_done == len(view.lessons) and not view.complete
    quiz = QuizPage.objects.child_of(module).get()
    learner_client.post(f"/learn/attempts/{start(learner_client, quiz).public_id}/", right_answers(quiz))
    assert build_kit_view(learner, kit_t1).modules[0].complete


def test_shared_module_progress_counts_in_both_kits(learner_client, learner, kit_t1, kit_t2):
    complete_module(learner_client, ModulePage.objects.get(code="SH-1"))
    t1, t2 = build_kit_view(learner, kit_t1), build_kit_view(learner, kit_t2)
    assert t1.modules[0].complete and t2.modules[0].complete
    assert t1.modules_complete == t2.modules_complete == 1
    page = learner_client.get("/my-learning/").content.decode()
    assert page.count("✓ complete") == 2


def test_certificate_only_for_a_completed_kit_and_publicly_verifiable(learner_client, learner, kit_t2, client):
    assert learner_client.get("/itg-t2/certificate/").status_code == 403
    assert not Certificate.objects.exists()
    for module in kit_t2.live_modules():
        complete_module(learner_client, module)
    response = learner_client.get("/itg-t2/certificate/")
    assert response.status_code == 200
    certificate = Certificate.objects.get(user=learner)
    html = response.content.decode()
    assert "Lena Huber" in html and kit_t2.title in html and certificate.code in html
    assert "European Regional Development Fund (ERDF)" in html and "Interreg Alpine Space" in html
    learner_client.get("/itg-t2/certificate/")
    assert Certificate.objects.filter(user=learner).count() == 1

    client.logout()
    public = client.get(f"/certificates/{certificate.code}/")
    assert public.status_code == 200 and "This certificate is valid." in public.content.decode()
    assert client.get("/certificates/not-a-real-code/").status_code == 404


def test_anonymous_certificate_request_goes_to_login(client):
    response = client.get("/itg-t1/certificate/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_learning_requires_login_and_shows_progress(learner_client):
    assert Client().get("/my-learning/").status_code == 302
    lesson = LessonPage.objects.get(slug="project-at-a-glance")
    complete_lesson(learner_client, lesson)
    page = learner_client.get("/my-learning/").content.decode()
    assert "1 of 18 lessons done" in page and "1 of 16 lessons done" in page  # ITG T1 18 lessons, ITG T2 16 (shared SH-1, SH-2 included)
