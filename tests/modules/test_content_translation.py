"""Content in several languages: SH-1's German translation, loaded from the kit sources through
wagtail-localize, served at /de/ in both kits; fallback to English with a note; progress and quiz
attempts follow the item across languages; PO round trip; stale segments after a source edit."""

import re

import polib
import pytest
from django.test import override_settings
from django.utils import translation
from wagtail.models import Locale
from wagtail_localize.models import Translation

from modules.models import ItemProgress, KitPage, LessonPage, ModulePage, QuizAttempt, QuizPage
from modules.packs.errors import PackContentError
from modules.packs.loader import load_pack_folder
from modules.packs.translations import apply_po, apply_translations, parse_po
from tests.modules.packs.snapshots import german_sh1_sources

from .helpers import right_answers

pytestmark = pytest.mark.django_db

SH1_LESSON = "project-at-a-glance"
NOTE = "This page is not yet available in %(language)s. It is shown in %(source)s."


def english(model, **lookup):
    return model.objects.get(locale__language_code="en", **lookup)


@pytest.fixture
def german_sh1():
    """Load itg_t1's sources again with their translations, as load_kits does on a fresh install."""
    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        report = load_pack_folder(german_sh1_sources())
    return report


def sh1():
    return english(ModulePage, code="SH-1")


def test_sh1_is_loaded_in_german_as_translations_of_the_same_items(client, german_sh1):
    module = sh1()
    de = Locale.objects.get(language_code="de")
    results = {result.item_id: result for result in german_sh1.translations}
    items = [module, *[page.specific for page in module.get_children()]]
    # The module, its four lessons and its quiz, every segment translated from the current English.
    assert set(results) == {str(item.translation_key) for item in items} and len(results) == 6
    assert [result.missing for result in results.values()] == [0] * 6
    for item in items:
        german = item.get_translation(de)
        assert german.live and german.alias_of_id is None
        assert german.translation_key == item.translation_key and german.slug == item.slug
    assert module.get_translation(de).title == "Das Projekt S3-4AlpClusters im Interreg-Alpenraumprogramm"


def test_loading_again_changes_nothing(german_sh1):
    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        again = load_pack_folder(german_sh1_sources())
    assert [result.changed for result in again.translations] == [False] * 6


@pytest.mark.parametrize("kit", ["itg-t1", "itg-t2"])
def test_german_lesson_is_served_at_de_in_both_kits(client, german_sh1, kit):
    body = client.get(f"/de/{kit}/sh-1/{SH1_LESSON}/").content.decode()
    assert '<html lang="de">' in body
    assert "Das Projekt im Überblick" in body and "Wer beteiligt war" in body
    assert "fallback-note" not in body
    # Links stay in German; the English page is unchanged.
    assert f'href="/de/{kit}/sh-1/work-packages-timeline-results/"' in body
    english_body = client.get(f"/{kit}/sh-1/{SH1_LESSON}/", HTTP_ACCEPT="text/html").content.decode()
    assert "The project at a glance" in english_body and "Überblick" not in english_body


def test_german_module_page_lists_german_items_and_the_quiz_is_german(client, german_sh1):
    body = client.get("/de/itg-t1/sh-1/").content.decode()
    assert "Arbeitspakete, Zeitplan und Ergebnisse" in body and "Test: das Projekt S3-4AlpClusters" in body
    quiz = client.get("/de/itg-t1/sh-1/quiz/").content.decode()
    assert '<h1 id="quiz-title">Test: das Projekt S3-4AlpClusters</h1>' in quiz


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_untranslated_page_falls_back_to_english_with_a_note_in_the_learners_language(client, language):
    body = client.get(f"/{language}/itg-t1/sh-2/").content.decode()
    with translation.override(language):
        info = translation.get_language_info(language)
        note = translation.gettext(NOTE) % {"language": info["name_translated"], "source": translation.get_language_info("en")["name_translated"]}
    assert note in body
    assert f'<html lang="{language}">' in body
    assert '<h1 lang="en">' in body  # the English content is marked as English


def test_kit_page_in_german_shows_german_module_title_and_english_kit_with_note(client, german_sh1):
    body = client.get("/de/itg-t1/").content.decode()
    assert "Das Projekt S3-4AlpClusters im Interreg-Alpenraumprogramm" in body
    assert "fallback-note" in body  # the kit itself is not translated yet


def languages_shown(client, path):
    html = client.get(path).content.decode()
    return re.search(r"<dt>(?:Languages|Sprachen)</dt><dd>([^<]*)</dd>", html).group(1)


def test_kit_page_names_the_languages_it_can_be_taken_in(client, german_sh1):
    # Only SH-1 is German: the kit page's German copy is an alias, so the kit is offered in English only.
    assert languages_shown(client, "/de/itg-t1/") == "Englisch"
    kit = english(KitPage, slug="itg-t1")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8"}
    po.append(polib.POEntry(msgctxt="title", msgid=kit.title, msgstr="S3 und Cluster für regionale Entscheidungsträger"))
    apply_po(kit, Locale.objects.get(language_code="de"), po)
    assert languages_shown(client, "/de/itg-t1/") == "Englisch, Deutsch"
    assert languages_shown(client, "/itg-t1/") == "English, German"


def test_progress_and_quiz_attempts_follow_the_item_across_languages(client, learner, german_sh1):
    client.force_login(learner)
    module = sh1()
    lessons = list(LessonPage.objects.child_of(module))
    # Half of SH-1 in English ...
    client.post(f"/learn/lessons/{lessons[0].translation_key}/complete/")
    # ... then the learner switches to German and sees it done there.
    body = client.get("/de/itg-t1/sh-1/").content.decode()
    assert body.count("✓") >= 1
    client.post(f"/learn/lessons/{lessons[1].translation_key}/complete/", HTTP_ACCEPT_LANGUAGE="de")
    quiz = english(QuizPage, translation_key=QuizPage.objects.child_of(module).get().translation_key)
    response = client.post(f"/de/learn/quizzes/{quiz.translation_key}/start/")
    attempt = QuizAttempt.objects.get(public_id=response["Location"].split("/")[4])
    assert attempt.quiz.locale.language_code == "de"  # the German quiz page, graded by the same rules
    assert attempt.language == "de"  # recorded beside the attempt, for analytics
    client.post(f"/de/learn/attempts/{attempt.public_id}/", right_answers(quiz))
    attempt.refresh_from_db()
    assert attempt.passed and attempt.percent == 100
    assert QuizAttempt.objects.filter(user=learner, quiz_key=quiz.translation_key).count() == 1
    rows = ItemProgress.objects.filter(user=learner, item_key=quiz.translation_key)
    assert rows.count() == 1 and rows.get().passed
    # Back in English: the same lessons done, the quiz passed, counted once.
    from modules.learning.read_models import build_kit_view

    view = build_kit_view(learner, KitPage.objects.get(slug="itg-t1"))
    sh1_view = next(m for m in view.modules if m.module.translation_key == module.translation_key)
    assert sh1_view.lessons_done == 2 and sh1_view.quiz.done
    with translation.override("de"):
        german = build_kit_view(learner, KitPage.objects.get(slug="itg-t1"))
    sh1_german = next(m for m in german.modules if m.module.translation_key == module.translation_key)
    assert sh1_german.module.locale.language_code == "de"
    assert (sh1_german.lessons_done, sh1_german.quiz.done, german.quizzes_passed) == (2, True, view.quizzes_passed)


def test_marking_a_german_lesson_done_says_so_with_its_german_title(client, learner, german_sh1):
    client.force_login(learner)
    lesson = english(LessonPage, slug=SH1_LESSON)
    response = client.post(f"/de/learn/lessons/{lesson.translation_key}/complete/", follow=True)
    assert response.redirect_chain[-1][0] == f"/de/itg-t1/sh-1/{SH1_LESSON}/"
    body = response.content.decode()
    assert "„Das Projekt im Überblick“ ist als erledigt markiert." in body and "The project at a glance" not in body
    assert ItemProgress.objects.filter(user=learner, item_key=lesson.translation_key, completed_at__isnull=False).count() == 1
    # The same item in English: done already, counted once, the English title in the English message.
    response = client.post(f"/learn/lessons/{lesson.translation_key}/complete/", follow=True)
    assert "“The project at a glance” is marked as done." in response.content.decode()
    assert ItemProgress.objects.filter(user=learner, item_key=lesson.translation_key).count() == 1


def _translation(page, language="de"):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale__language_code=language)


def test_po_export_edit_import_round_trip(client, german_sh1):
    lesson = english(LessonPage, slug=SH1_LESSON)
    before = next(r for r in german_sh1.translations if r.item_id == str(lesson.translation_key))
    po = _translation(lesson).export_po()
    title = next(entry for entry in po if entry.msgctxt == "title")
    assert title.msgstr == "Das Projekt im Überblick"
    title.msgstr = "Das Projekt auf einen Blick"
    result = apply_po(lesson, Locale.objects.get(language_code="de"), parse_po(str(po), "upload"))
    assert result.changed and result.missing == before.missing
    assert "Das Projekt auf einen Blick" in client.get(f"/de/itg-t1/sh-1/{SH1_LESSON}/").content.decode()


def test_a_source_edit_makes_its_segments_stale(client, german_sh1):
    lesson = english(LessonPage, slug=SH1_LESSON)
    before = next(r for r in german_sh1.translations if r.item_id == str(lesson.translation_key))
    lesson.title = "The project in brief"
    lesson.save_revision().publish()
    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        from modules.packs.source import FolderSource
        from modules.packs.translations import read_translations

        translations = read_translations(FolderSource(german_sh1_sources()))
    said = []
    results = apply_translations(translations, say=said.append)
    stale = next(result for result in results if result.item_id == str(lesson.translation_key))
    assert stale.missing == before.missing + 1 and stale.changed
    assert any(f"{stale.missing} of" in line and "not translated" in line for line in said)
    body = client.get(f"/de/itg-t1/sh-1/{SH1_LESSON}/").content.decode()
    assert "The project in brief" in body  # the changed segment shows the new source ...
    assert "Wer beteiligt war" in body  # ... the rest stays German
    total, translated = _translation(lesson).get_progress()
    assert total - translated == stale.missing  # and the translation editor lists it as untranslated


def test_a_po_with_markup_the_source_does_not_have_is_refused(german_sh1):
    lesson = english(LessonPage, slug=SH1_LESSON)
    po = _translation(lesson).export_po()
    entry = next(entry for entry in po if entry.msgctxt == "title")
    entry.msgstr = 'Überblick<script>alert(1)</script>'
    with pytest.raises(PackContentError, match="markup"):
        parse_po(str(po), "upload")


def test_a_translation_for_an_unknown_item_is_refused():
    po = polib.POFile()
    with pytest.raises(PackContentError, match="item this pack does not have"):
        apply_translations({"de": {"00000000-0000-4000-8000-000000000000": str(po)}})


def test_learner_cannot_reach_the_translation_admin(client, learner, german_sh1):
    client.force_login(learner)
    lesson = english(LessonPage, slug=SH1_LESSON)
    response = client.get(f"/admin/localize/translations/{_translation(lesson).pk}/" if False else f"/admin/pages/{lesson.get_translation(Locale.objects.get(language_code='de')).pk}/edit/")
    assert response.status_code in (302, 403)
    assert "/admin/login/" in response.get("Location", "/admin/login/")


def test_a_trainers_translation_is_reviewed_before_publishing(client, trainer, german_sh1):
    german_lesson = english(LessonPage, slug=SH1_LESSON).get_translation(Locale.objects.get(language_code="de"))
    workflow = german_lesson.get_workflow()
    assert workflow is not None and workflow.name == "Kit review"
    permissions = german_lesson.permissions_for_user(trainer)
    assert permissions.can_edit() and not permissions.can_publish()
