"""Clear next steps after a result, scores that read naturally, the right totals and breadcrumbs."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from modules.models import LessonPage, ModulePage, QuizPage
from modules.templatetags.learning_tags import percent

from .helpers import complete_kit, complete_lesson, complete_module, right_answers, start, wrong_answers

pytestmark = pytest.mark.django_db
LANGUAGES = ["", "/de", "/fr", "/it", "/sl"]


def submit(client, quiz, answers, kit=None):
    attempt = start(client, quiz)
    suffix = f"?kit={kit.pk}" if kit else ""
    client.post(f"/learn/attempts/{attempt.public_id}/{suffix}", answers(quiz))
    return attempt, f"/learn/attempts/{attempt.public_id}/{suffix}"


def crumbs(html):
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S).group(0)
    return [re.sub(r"<[^>]+>", "", item).strip() for item in re.findall(r"<li[^>]*>(.*?)</li>", nav, re.S)]


def test_a_failed_result_offers_another_attempt_and_the_lessons_to_review(learner_client, kit_t1, sh1_quiz):
    _attempt, url = submit(learner_client, sh1_quiz, wrong_answers, kit_t1)
    html = learner_client.get(url).content.decode()
    assert "Score: 0%" in html and "0.0" not in html
    assert "Try again (2 attempts left)" in html
    assert f'action="/learn/quizzes/{sh1_quiz.translation_key}/start/"' in html
    for lesson in LessonPage.objects.child_of(sh1_quiz.get_parent()).live():
        assert f'href="/itg-t1/sh-1/{lesson.slug}/">Review: {lesson.title}' in html.replace("&#x27;", "'")
    assert "Module complete" not in html


def test_the_last_failed_attempt_offers_review_only(learner_client, kit_t1, sh1_quiz):
    for _ in range(sh1_quiz.attempts_allowed):
        _attempt, url = submit(learner_client, sh1_quiz, wrong_answers, kit_t1)
    html = learner_client.get(url).content.decode()
    assert "Try again" not in html and "You have used all attempts allowed for this quiz." in html
    assert "Review the lessons of this module:" in html


def test_a_pass_before_the_lessons_are_done_lists_what_is_left(learner_client, kit_t1, sh1_quiz):
    lessons = list(LessonPage.objects.child_of(sh1_quiz.get_parent()).live())
    complete_lesson(learner_client, lessons[0])
    _attempt, url = submit(learner_client, sh1_quiz, right_answers, kit_t1)
    html = learner_client.get(url).content.decode()
    assert "To complete the module, finish these lessons:" in html and "Module complete" not in html
    assert f'href="/itg-t1/sh-1/{lessons[1].slug}/"' in html and f'href="/itg-t1/sh-1/{lessons[0].slug}/"' not in html


def test_a_pass_that_completes_the_module_offers_the_next_module(learner_client, kit_t1, sh1_quiz):
    for lesson in LessonPage.objects.child_of(sh1_quiz.get_parent()).live():
        complete_lesson(learner_client, lesson)
    _attempt, url = submit(learner_client, sh1_quiz, right_answers, kit_t1)
    html = learner_client.get(url).content.decode()
    sh2 = ModulePage.objects.get(code="SH-2")
    assert "Module complete" in html and f'href="/itg-t1/sh-2/">Next module: SH-2 {sh2.title}' in html
    assert "Try again" not in html


def test_a_pass_that_completes_the_kit_offers_the_certificate(learner_client, kit_t1):
    modules = kit_t1.live_modules()
    for module in modules[:-1]:
        complete_module(learner_client, module)
    for lesson in LessonPage.objects.child_of(modules[-1]).live():
        complete_lesson(learner_client, lesson)
    _attempt, url = submit(learner_client, QuizPage.objects.child_of(modules[-1]).get(), right_answers, kit_t1)
    html = learner_client.get(url).content.decode()
    assert "Module complete" in html and 'href="/itg-t1/certificate/">Get your certificate' in html


def test_without_a_kit_in_the_link_the_result_finds_the_first_kit(learner_client, sh1_quiz):
    _attempt, url = submit(learner_client, sh1_quiz, wrong_answers)
    html = learner_client.get(url).content.decode()
    assert crumbs(html) == ["Home", "ITG T1", "SH-1", sh1_quiz.title, "Result"]


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_next_steps_are_translated(learner_client, kit_t1, sh1_quiz, prefix):
    _attempt, url = submit(learner_client, sh1_quiz, wrong_answers, kit_t1)
    html = learner_client.get(prefix + url).content.decode()
    expected = {"": ("Try again (2 attempts left)", "Score: 0%"), "/de": ("Erneut versuchen (noch 2 Versuche)", "Ergebnis: 0\u00a0%"),
                "/fr": ("Réessayer (2 tentatives restantes)", "Score\u00a0: 0\u00a0%"), "/it": ("Riprovare (restano 2 tentativi)", "Punteggio: 0%"),
                "/sl": ("Poskusite znova (ostajata 2 poskusa)", "Rezultat: 0\u00a0%")}[prefix]
    for text in expected:
        assert text in html


@pytest.mark.parametrize(("language", "value", "expected"), [
    ("en", 60, "60%"), ("en", 66.7, "66.7%"), ("de", 66.7, "66,7\u00a0%"), ("fr", 60, "60\u00a0%"), ("it", 60.0, "60%"), ("sl", 100, "100\u00a0%"),
])
def test_percentages_read_as_each_language_writes_them(language, value, expected):
    with translation.override(language):
        assert percent(value) == expected


def test_breadcrumbs_name_each_level_once(learner_client, kit_t1, sh1_quiz):
    assert crumbs(learner_client.get("/itg-t1/sh-1/").content.decode()) == ["Home", "ITG T1", "SH-1"]
    assert crumbs(learner_client.get("/itg-t1/sh-1/quiz/").content.decode()) == ["Home", "ITG T1", "SH-1", sh1_quiz.title]
    attempt = start(learner_client, sh1_quiz)
    form = learner_client.get(f"/learn/attempts/{attempt.public_id}/?kit={kit_t1.pk}").content.decode()
    assert crumbs(form) == ["Home", "ITG T1", "SH-1", sh1_quiz.title, "Your attempt"]
    assert 'href="/itg-t1/sh-1/quiz/"' in form


def test_module_cards_show_their_own_totals(learner_client, kit_t1):
    complete_lesson(learner_client, LessonPage.objects.child_of(ModulePage.objects.get(code="SH-1")).live().first())
    html = learner_client.get("/itg-t1/").content.decode()
    cards = dict(re.findall(r'<span class="code">([^<]+)</span>.*?<span class="progress-label">([^<]+)</span>', html, re.S))
    assert cards["SH-1"].strip() == "20% · 1 of 4 lessons done, quiz not passed yet"
    assert cards["T1-6"].strip() == "0% · 0 of 2 lessons done, quiz not passed yet"


def test_my_learning_keeps_column_labels_for_small_screens(learner_client):
    html = learner_client.get("/my-learning/").content.decode()
    for label in ("Module", "Lessons done", "Quiz", "Status"):
        assert f'data-label="{label}"' in html


def test_quiz_intros_never_type_a_question_count():
    """The quiz page computes the count; an intro that types it goes wrong as soon as a question is added."""
    numbers = r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+)[ -]questions?\b"
    counts_de = r"\b(eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|\d+) fragen\b"
    root = Path(settings.BASE_DIR)
    quizzes = list(root.glob("itg_t*/content/modules/*/quiz.yaml"))
    # The quizzes' translations: <stable id>.po, the id being the first line of quiz.yaml.
    ids = {path.read_text(encoding="utf-8").split("\n", 1)[0].removeprefix("id:").strip() for path in quizzes}
    translated = [path for path in root.glob("itg_t*/content/translations/*/*.po") if path.stem in ids]
    assert len(translated) == 4 * len(quizzes)  # every quiz in de, fr, it and sl
    for path in quizzes + translated:
        text = path.read_text(encoding="utf-8")
        assert not re.search(numbers, text, re.I) and not re.search(counts_de, text, re.I), path


def test_the_quiz_page_shows_the_computed_question_count(client, sh1_quiz):
    html = client.get("/itg-t1/sh-1/quiz/").content.decode()
    assert f"<dt>Questions</dt><dd>{len(sh1_quiz.questions)}</dd>" in html
    assert "<dt>Pass mark</dt><dd>60%</dd>" in html


def test_a_completed_kit_page_offers_the_certificate_and_the_new_content(learner_client, kit_t2):
    complete_kit(learner_client, kit_t2)
    from .helpers import publish_lesson

    publish_lesson(ModulePage.objects.get(code="T2-3"), "published-later", "Published later")
    html = learner_client.get("/itg-t2/").content.decode()
    assert "Get your certificate" in html and "See what is new" in html and "1 lesson or quiz was published since" in html
    assert 'href="/itg-t2/t2-3/published-later/">Published later</a>' in html
