"""Completion is a record, not a recomputation (docs/design.md §9): what a learner earned stays
earned whatever is published, removed or changed afterwards, in a shared module too."""

import importlib

import pytest
from django.apps import apps as django_apps

from modules.learning.read_models import build_kit_view, build_module_view
from modules.models import Certificate, ItemProgress, KitModule, KitRelease, LessonPage, ModulePage, QuizPage

from ..helpers import add_question, complete_kit, complete_lesson, complete_module, publish_lesson, right_answers, start, wrong_answers

pytestmark = pytest.mark.django_db


def sh(code):
    return ModulePage.objects.get(code=code)


def make_release(kit, version):
    major, minor, patch = (int(part) for part in version.split("."))
    return KitRelease.objects.create(
        kit=kit, kit_key=kit.translation_key, kit_slug=kit.slug, kit_title=kit.title, version=version,
        major=major, minor=minor, patch=patch, licence=kit.licence, languages=kit.languages, manifest={}, manifest_sha256="0" * 64,
    )


def records(user, kind):
    return ItemProgress.objects.filter(user=user, kind=kind, completed_at__isnull=False)


def test_completing_a_module_writes_its_record_with_what_it_held(learner_client, learner):
    module = sh("SH-1")
    complete_module(learner_client, module)
    record = records(learner, ItemProgress.MODULE).get(item_key=module.translation_key)
    items = [p.translation_key for p in LessonPage.objects.child_of(module).live()] + [QuizPage.objects.child_of(module).get().translation_key]
    assert sorted(record.contents) == sorted(str(key) for key in items)
    assert record.revision_id == module.live_revision_id
    assert not records(learner, ItemProgress.KIT).exists()


def test_a_lesson_published_after_the_kit_is_complete_takes_nothing_back(learner_client, learner, kit_t1, client):
    release = make_release(kit_t1, "1.0.0")
    complete_kit(learner_client, kit_t1)
    kit_record = records(learner, ItemProgress.KIT).get(item_key=kit_t1.translation_key)
    assert kit_record.release == release
    assert learner_client.get("/itg-t1/certificate/").status_code == 200
    certificate = Certificate.objects.get(user=learner)

    new = publish_lesson(sh("SH-2"), "published-later", "Published later")
    view = build_kit_view(learner, kit_t1)
    assert view.complete and view.percent == 100 and view.new_count == 1
    sh2 = next(m for m in view.modules if m.module.code == "SH-2")
    assert sh2.complete and sh2.percent == 100
    assert [item.page.pk for item in sh2.new_items] == [new.pk]
    assert sh2.lessons_done == sh2.lessons_total
    # The certificate page and its PDF stay available; verification agrees.
    page = learner_client.get("/itg-t1/certificate/")
    assert page.status_code == 200 and certificate.code in page.content.decode() and "Release 1.0.0" in page.content.decode()
    assert learner_client.get("/itg-t1/certificate/pdf/")["Content-Type"] == "application/pdf"
    assert "This certificate is valid." in client.get(f"/certificates/{certificate.code}/").content.decode()
    kit_page = learner_client.get("/itg-t1/").content.decode()
    assert "New since you completed" in kit_page and "100%" in kit_page
    module_page = learner_client.get("/itg-t1/sh-2/").content.decode()
    assert "New since you completed" in module_page
    # Doing the new lesson counts it, and changes nothing else.
    complete_lesson(learner_client, new)
    view = build_kit_view(learner, kit_t1)
    assert view.complete and view.new_count == 0
    assert Certificate.objects.filter(user=learner).count() == 1


def test_the_certificate_is_issued_from_the_record_even_if_content_was_added_before_the_first_visit(learner_client, learner, kit_t1):
    make_release(kit_t1, "1.0.0")
    complete_kit(learner_client, kit_t1)
    make_release(kit_t1, "1.1.0")
    publish_lesson(sh("T1-3"), "published-later")
    assert not Certificate.objects.exists()
    assert learner_client.get("/itg-t1/certificate/").status_code == 200
    certificate = Certificate.objects.get(user=learner)
    # The release the learner completed, not the one current when the page was first opened.
    assert certificate.release_version == "1.0.0"


def test_a_learner_who_had_not_completed_still_needs_the_new_lesson(learner_client, learner, kit_t1):
    modules = kit_t1.live_modules()
    for module in modules[:-1]:
        complete_module(learner_client, module)
    last = modules[-1]
    for lesson in LessonPage.objects.child_of(last).live():
        complete_lesson(learner_client, lesson)
    new = publish_lesson(last, "published-later")
    quiz = QuizPage.objects.child_of(last).get()
    learner_client.post(f"/learn/attempts/{start(learner_client, quiz).public_id}/", right_answers(quiz))
    view = build_kit_view(learner, kit_t1)
    assert not view.complete and view.percent < 100
    assert learner_client.get("/itg-t1/certificate/").status_code == 403
    complete_lesson(learner_client, new)
    assert build_kit_view(learner, kit_t1).complete
    assert learner_client.get("/itg-t1/certificate/").status_code == 200


def test_removing_or_changing_lessons_after_completion_keeps_the_record(learner_client, learner, kit_t1):
    module = sh("SH-1")
    complete_module(learner_client, module)
    record = records(learner, ItemProgress.MODULE).get(item_key=module.translation_key)
    lessons = list(LessonPage.objects.child_of(module).live())
    lessons[0].title = "Renamed after completion"
    lessons[0].save_revision().publish()
    lessons[1].unpublish()
    view = build_module_view(learner, module)
    assert view.complete and view.percent == 100 and not view.new_items
    assert view.lessons_done == view.lessons_total == len(lessons) - 1
    assert ItemProgress.objects.get(pk=record.pk).contents == record.contents


def test_questions_added_or_removed_after_completion_keep_the_module_complete(learner_client, learner):
    module = sh("SH-2")
    complete_module(learner_client, module)
    quiz = add_question(QuizPage.objects.child_of(module).get())
    assert build_module_view(learner, module).complete
    quiz = QuizPage.objects.get(pk=quiz.pk)
    quiz.questions = __import__("json").dumps(list(quiz.questions.raw_data)[2:])
    quiz.save_revision().publish()
    view = build_module_view(learner, module)
    assert view.complete and view.quiz.done


def test_a_new_quiz_replacing_the_old_one_is_new_not_a_debt(learner_client, learner):
    module = sh("SH-1")
    complete_module(learner_client, module)
    QuizPage.objects.child_of(module).get().unpublish()
    replacement = QuizPage(title="A new quiz", slug="new-quiz", pass_mark=60, attempts_allowed=3, questions=[])
    module.add_child(instance=replacement)
    add_question(replacement)
    view = build_module_view(learner, module)
    assert view.complete and view.quiz.new and not view.quiz.done


def test_shared_module_completed_in_one_kit_stays_complete_in_the_other(learner_client, learner, kit_t1, kit_t2):
    shared = sh("SH-1")
    complete_module(learner_client, shared)
    publish_lesson(shared, "published-later")
    for kit in (kit_t1, kit_t2):
        view = next(m for m in build_kit_view(learner, kit).modules if m.module.code == "SH-1")
        assert view.complete and len(view.new_items) == 1
    # Completing the rest of ITG T2 completes the kit without the lesson published later.
    for module in kit_t2.live_modules()[1:]:
        complete_module(learner_client, module)
    view = build_kit_view(learner, kit_t2)
    assert view.complete and view.new_count == 1
    assert records(learner, ItemProgress.KIT).filter(item_key=kit_t2.translation_key).exists()
    assert not records(learner, ItemProgress.KIT).filter(item_key=kit_t1.translation_key).exists()
    assert learner_client.get("/itg-t2/certificate/").status_code == 200


def test_a_module_added_to_a_completed_kit_is_new_and_the_kit_stays_complete(learner_client, learner, kit_t2):
    complete_kit(learner_client, kit_t2)
    extra = sh("T1-3")
    KitModule.objects.create(page=kit_t2, module=extra, sort_order=99)
    view = build_kit_view(learner, kit_t2)
    added = next(m for m in view.modules if m.module.code == "T1-3")
    assert view.complete and view.percent == 100 and added.new and not added.complete
    assert view.new_count == len(added.items)
    assert view.resume.page.pk == added.items[0].page.pk


def test_a_failed_attempt_after_completion_changes_nothing(learner_client, learner):
    module = sh("SH-1")
    complete_module(learner_client, module)
    before = list(records(learner, ItemProgress.MODULE).values_list("pk", "completed_at"))
    quiz = QuizPage.objects.child_of(module).get()
    learner_client.post(f"/learn/attempts/{start(learner_client, quiz).public_id}/", wrong_answers(quiz))
    assert list(records(learner, ItemProgress.MODULE).values_list("pk", "completed_at")) == before
    assert build_module_view(learner, module).complete


def test_other_learners_records_are_their_own(learner_client, learner, other_learner, kit_t1):
    complete_module(learner_client, sh("SH-1"))
    assert not records(other_learner, ItemProgress.MODULE).exists()
    assert not build_module_view(other_learner, sh("SH-1")).complete


def test_the_data_migration_records_earlier_completions_and_certificates(learner_client, learner, other_learner, kit_t1, kit_t2):
    make_release(kit_t2, "1.0.0")
    complete_kit(learner_client, kit_t2)
    learner_client.get("/itg-t2/certificate/")
    complete_module(learner_client, sh("T1-3"))
    # As before this change: progress rows and a certificate, no completion records.
    ItemProgress.objects.filter(kind__in=[ItemProgress.MODULE, ItemProgress.KIT]).delete()
    Certificate.objects.update(release=None, release_version="")
    publish_lesson(sh("T2-3"), "published-later")  # the certificate proves T2 was completed anyway

    migration = importlib.import_module("modules.migrations.0025_record_earlier_completions")
    migration.record(django_apps, None)
    migration.record(django_apps, None)  # idempotent

    modules = set(records(learner, ItemProgress.MODULE).values_list("item_key", flat=True))
    assert sh("T1-3").translation_key in modules and sh("SH-1").translation_key in modules
    assert sh("T2-3").translation_key not in modules  # it has a lesson the learner has not done
    assert list(records(learner, ItemProgress.KIT).values_list("item_key", flat=True)) == [kit_t2.translation_key]
    assert Certificate.objects.get(user=learner).release_version == "1.0.0"
    assert not ItemProgress.objects.filter(user=other_learner).exists()
    assert build_kit_view(learner, kit_t2).complete
    assert learner_client.get("/itg-t2/certificate/").status_code == 200
