"""The one importer: idempotent loading, sanitising, and refusing bad packs without half-imports."""

import io
import os

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, Revision

from modules.models import KitPage, LessonPage, ModulePage, QuizPage
from modules.packs.errors import PackContentError, PackFormatError, PackPathError, PackReferenceError
from modules.packs.loader import load_pack_folder

from .pack_factory import edited_yaml, new_id, write_pack

pytestmark = pytest.mark.django_db


def snapshot():
    return Page.objects.count(), Revision.objects.count(), list(Page.objects.order_by("pk").values_list("pk", "title", "live"))


def test_loading_the_real_kits_again_changes_nothing():
    before = snapshot()
    out = io.StringIO()
    call_command("load_kits", stdout=out)
    assert snapshot() == before
    assert "0 created, 0 updated, 18 unchanged" in out.getvalue()
    assert "0 created, 0 updated, 32 unchanged" in out.getvalue()  # ITG T1: kit, 6 modules, 6 quizzes, 18 lessons, 1 self-assessment


def test_new_pack_creates_kit_modules_lessons_and_quiz(tmp_path):
    write_pack(tmp_path, modules=2, lessons=3)
    report = load_pack_folder(tmp_path)
    assert len(report.created) == 1 + 2 * (1 + 3 + 1)
    kit = KitPage.objects.get(slug="test-kit")
    assert kit.live and [m.code for m in kit.live_modules()] == ["TM-0", "TM-1"]
    lessons = LessonPage.objects.child_of(kit.live_modules()[0])
    assert [lesson.slug for lesson in lessons.order_by("path")] == ["lesson-0", "lesson-1", "lesson-2"]
    last = lessons.order_by("path").last()
    assert [block.block_type for block in last.body] == ["text", "callout", "quiz"]
    assert last.body[2].value["quiz"].pk == QuizPage.objects.child_of(kit.live_modules()[0]).get().pk


def test_changed_source_updates_in_place_keeping_ids(tmp_path):
    write_pack(tmp_path)
    load_pack_folder(tmp_path)
    quiz_file = tmp_path / "modules/m0/quiz.yaml"
    with edited_yaml(quiz_file) as quiz:
        quiz["questions"][0]["answers"][1]["feedback"] = "Lyon is not in the Alpine Space programme area."
    pages = Page.objects.count()
    report = load_pack_folder(tmp_path)
    assert report.updated == ["module TM-0 quiz"] and Page.objects.count() == pages
    page = QuizPage.objects.get(translation_key=quiz["id"])
    assert page.question_defs[0].answers[1].feedback == "Lyon is not in the Alpine Space programme area."
    assert page.question_defs[0].id == quiz["questions"][0]["id"]


def test_dry_run_writes_nothing(tmp_path):
    write_pack(tmp_path)
    before = snapshot()
    out = io.StringIO()
    call_command("load_kits", str(tmp_path), "--dry-run", stdout=out)
    assert "Dry run, nothing written" in out.getvalue()
    assert snapshot() == before


def test_markup_outside_the_allow_lists_is_removed_from_lessons_and_feedback(tmp_path):
    # Scripts are refused outright (packs/test_folder_and_zip_validation.py); the rest is sanitised away.
    write_pack(tmp_path)
    lesson = tmp_path / "modules/m0/lessons/00.md"
    lesson.write_text(lesson.read_text() + '\n<img src="https://example.org/x.png">\n\n<form action="https://example.org"><input name="q"></form>\n\n'
                      "[x](data:text/html,hello)\n")
    quiz_file = tmp_path / "modules/m0/quiz.yaml"
    with edited_yaml(quiz_file) as quiz:
        quiz["questions"][0]["answers"][0]["feedback"] = 'Right <a href="https://example.org" style="color:red">see</a><span>x()</span>'
    load_pack_folder(tmp_path)
    page = LessonPage.objects.get(slug="lesson-0", depth__gt=3)
    stored = " ".join(str(block.value.source) for block in page.body if block.block_type == "text")
    assert "<img" not in stored and "<form" not in stored and "<input" not in stored and "data:" not in stored
    feedback = QuizPage.objects.get(translation_key=quiz["id"]).question_defs[0].answers[0].feedback
    assert feedback == 'Right <a href="https://example.org">see</a>x()'


def expect_refusal(tmp_path, error_type, message):
    before = snapshot()
    with pytest.raises(error_type, match=message):
        load_pack_folder(tmp_path)
    assert snapshot() == before


def test_refuses_path_traversal(tmp_path):
    write_pack(tmp_path)
    with edited_yaml(tmp_path / "modules/m0/module.yaml") as module:
        module["lessons"].append("../../../../etc/passwd")
    expect_refusal(tmp_path, PackPathError, "stay inside the pack")


def test_refuses_symlinked_entry(tmp_path):
    write_pack(tmp_path)
    outside = tmp_path.parent / "outside.md"
    outside.write_text("---\nid: x\n---\n")
    os.symlink(outside, tmp_path / "modules/m0/lessons/linked.md")
    with edited_yaml(tmp_path / "modules/m0/module.yaml") as module:
        module["lessons"].append("lessons/linked.md")
    expect_refusal(tmp_path, PackPathError, "Links are not allowed")


def test_refuses_future_format_version(tmp_path):
    write_pack(tmp_path)
    with edited_yaml(tmp_path / "pack.yaml") as manifest:
        manifest["format_version"] = 99
    expect_refusal(tmp_path, PackFormatError, "version 99 is not supported")


def test_refuses_duplicate_ids(tmp_path):
    write_pack(tmp_path)
    with edited_yaml(tmp_path / "modules/m0/quiz.yaml") as quiz:
        quiz["questions"][1]["id"] = quiz["questions"][0]["id"]
    expect_refusal(tmp_path, PackContentError, "used twice")


def test_refuses_unsound_question_and_names_it(tmp_path):
    write_pack(tmp_path)
    with edited_yaml(tmp_path / "modules/m0/quiz.yaml") as quiz:
        for answer in quiz["questions"][0]["answers"]:
            answer["correct"] = True
    expect_refusal(tmp_path, PackContentError, "quiz question 1")


def test_refuses_missing_required_field(tmp_path):
    write_pack(tmp_path)
    with edited_yaml(tmp_path / "modules/m0/module.yaml") as module:
        del module["title"]
    expect_refusal(tmp_path, PackContentError, "'title' is required")


def test_refuses_unknown_shared_module(tmp_path):
    write_pack(tmp_path, refs=[new_id()])
    expect_refusal(tmp_path, PackReferenceError, "not in this server's module library")


def test_refuses_id_that_belongs_to_another_kind_of_item(tmp_path):
    lesson_key = str(LessonPage.objects.first().translation_key)
    write_pack(tmp_path, kit_id=lesson_key)
    expect_refusal(tmp_path, PackReferenceError, "already belongs to a lesson page")


def test_a_late_error_rolls_back_earlier_modules(tmp_path):
    write_pack(tmp_path, modules=3)
    lesson = tmp_path / "modules/m2/lessons/01.md"
    lesson.write_text(lesson.read_text().replace("::: key-point", "::: unknown-block"))
    expect_refusal(tmp_path, PackContentError, "Unknown block")
    assert not ModulePage.objects.filter(code="TM-0").exists()


def test_command_turns_pack_errors_into_command_errors(tmp_path):
    write_pack(tmp_path)
    (tmp_path / "pack.yaml").write_text("format: elearn-pack\nformat_version: [")
    with pytest.raises(CommandError, match="does not parse"):
        call_command("load_kits", str(tmp_path), stdout=io.StringIO())


def test_reload_keeps_a_lesson_edited_in_the_admin(tmp_path):
    write_pack(tmp_path)
    load_pack_folder(tmp_path)
    lesson = LessonPage.objects.get(slug="lesson-0", title__startswith="Lesson 0.0")
    lesson.title = "Lesson 0.0, adapted for Lombardy"
    lesson.save_revision().publish()
    source = tmp_path / "modules/m0/lessons/00.md"
    source.write_text(source.read_text().replace("Point 0.", "Point zero, revised upstream."))
    report = load_pack_folder(tmp_path)
    assert report.kept == ["module TM-0 lesson lesson-0"] and "1 kept with local edits" in report.summary()
    lesson.refresh_from_db()
    assert lesson.title == "Lesson 0.0, adapted for Lombardy"
    assert "revised upstream" not in str(lesson.body)


def test_reload_keeps_an_unpublished_draft(tmp_path):
    write_pack(tmp_path)
    load_pack_folder(tmp_path)
    quiz = QuizPage.objects.get(title="Quiz 0")
    quiz.intro = "Draft intro written by a trainer."
    quiz.save_revision()
    quiz_file = tmp_path / "modules/m0/quiz.yaml"
    with edited_yaml(quiz_file) as data:
        data["intro"] = "New intro upstream."
    report = load_pack_folder(tmp_path)
    assert report.kept == ["module TM-0 quiz"]
    assert QuizPage.objects.get(pk=quiz.pk).get_latest_revision_as_object().intro == "Draft intro written by a trainer."


def test_items_record_their_provenance(tmp_path):
    from modules.models import ItemProvenance

    write_pack(tmp_path)
    load_pack_folder(tmp_path)
    kit = KitPage.objects.get(slug="test-kit")
    provenance = ItemProvenance.objects.get(item_key=kit.translation_key)
    assert provenance.source.startswith("folder:") and len(provenance.content_hash) == 64
