"""Run inside a site process (`python -m tests.elearn.backup.site_data ACTION OUT.json`, with the site's
DATABASE_URL and ELEARN_MEDIA_ROOT): give a demo site learners, attempts, answers, progress, a
certificate, an H5P activity and result, a release and odd media files; or write a snapshot of
everything a restore must reproduce, so two sites can be compared value by value."""

import hashlib
import json
import os
import sys


def populate():
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command
    from wagtail.documents.models import Document

    from modules.attempts import do_start_attempt, do_submit_attempt
    from modules.h5p.xapi import do_record_result
    from modules.models import Certificate, KitPage, LessonPage, ModulePage, QuizPage
    from modules.learning.records import record_lesson_completed
    from tests.factories import make_user
    from tests.modules.h5p.factories import store_activity

    lena = make_user("lena", first_name="Lena", last_name="Huber", organisation="Land Salzburg", region="Salzburg", country="AT")
    marco = make_user("marco", first_name="Marco", last_name="Rossi")
    kit = KitPage.objects.get(slug="itg-t1")
    quiz = QuizPage.objects.child_of(ModulePage.objects.get(code="SH-1")).get()
    right = {q.id: [a.id for a in q.answers if a.correct] for q in quiz.question_defs}
    wrong = {q.id: [next(a.id for a in q.answers if not a.correct)] for q in quiz.question_defs}
    for user, answers in ((lena, wrong), (lena, right), (marco, wrong)):
        do_submit_attempt(user, do_start_attempt(user, quiz, kit).public_id, answers)
    do_start_attempt(marco, quiz, kit)  # an open attempt too
    for lesson in LessonPage.objects.child_of(ModulePage.objects.get(code="SH-1"))[:2]:
        record_lesson_completed(lena, lesson)
    Certificate.objects.create(user=lena, kit_key=kit.translation_key, kit_title=kit.title, kit_code=kit.code, learner_name="Lena Huber")

    activity = store_activity()
    statement = {
        "actor": {"objectType": "Agent", "mbox": "mailto:lena@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"objectType": "Activity", "id": f"http://testserver/h5p/activities/{activity.key}/"},
        "result": {"score": {"min": 0, "raw": 1, "max": 1, "scaled": 1}, "completion": True, "response": "0"},
    }
    do_record_result(lena, activity, statement)
    call_command("release_kit", "itg-t1", "1.0.0", stdout=open(os.devnull, "w"))  # noqa: SIM115

    Document.objects.create(title="Handbook", file=ContentFile(b"%PDF-1.4 handbook\n", name="handbook.pdf"))
    default_storage.save("uploads/Übersicht räume.txt", ContentFile("Grüße aus Salzburg\n".encode()))
    # Bigger than one read chunk and not compressible: streamed, never held whole.
    default_storage.save("uploads/deep/er/large.bin", ContentFile(os.urandom(3 * 1024 * 1024 + 17)))


def snapshot():
    from django.contrib.auth import get_user_model
    from django.core.files.storage import default_storage
    from django.db import connection
    from wagtail.models import Page

    from elearn.backup.database import table_counts
    from elearn.backup.media import walk_storage
    from modules.models import AnswerRecord, Certificate, H5PActivity, H5PResult, ItemProgress, KitRelease, QuizAttempt

    def rows(queryset, *fields):
        return [list(row) for row in queryset.values_list(*fields)]

    media = {}
    for name in walk_storage(default_storage):
        with default_storage.open(name, "rb") as handle:
            media[name] = hashlib.sha256(handle.read()).hexdigest()
    return {
        "tables": table_counts(connection),
        "users": rows(get_user_model().objects.order_by("username"), "username", "email", "organisation", "password", "date_joined"),
        "pages": rows(Page.objects.order_by("path"), "path", "title", "translation_key", "live_revision_id"),
        "attempts": rows(QuizAttempt.objects.order_by("public_id"), "public_id", "user__username", "number", "score", "percent",
                         "passed", "submitted_at", "quiz_revision_id", "release__version"),
        "answers": rows(AnswerRecord.objects.order_by("attempt__public_id", "question_key"), "attempt__public_id", "question_key",
                        "selected", "score", "rule"),
        "progress": rows(ItemProgress.objects.order_by("user__username", "item_key"), "user__username", "item_key", "kind",
                         "completed_at", "best_percent", "passed"),
        "certificates": rows(Certificate.objects.all(), "code", "user__username", "learner_name", "issued_at"),
        "h5p": rows(H5PActivity.objects.all(), "key", "content_json", "package_sha256", "content_storage_prefix"),
        "h5p_results": rows(H5PResult.objects.all(), "user__username", "statement", "percent", "scored_by"),
        "releases": rows(KitRelease.objects.all(), "version", "manifest_sha256"),
        "media": media,
    }


def tables():
    from django.db import connection

    from elearn.backup.database import table_counts

    return table_counts(connection)


def use_restored_site():
    """A learner signs up and takes a quiz on the restored site: ids and sequences carried on."""
    from modules.attempts import do_start_attempt, do_submit_attempt
    from modules.models import ModulePage, QuizAttempt, QuizPage
    from tests.factories import make_user

    nina = make_user("nina")
    quiz = QuizPage.objects.child_of(ModulePage.objects.get(code="SH-1")).get()
    answers = {q.id: [a.id for a in q.answers if a.correct] for q in quiz.question_defs}
    attempt, _ = do_submit_attempt(nina, do_start_attempt(nina, quiz).public_id, answers)
    return {"attempts": QuizAttempt.objects.count(), "passed": attempt.passed}


if __name__ == "__main__":
    import django

    django.setup()
    action, out = sys.argv[1], sys.argv[2]
    result = {"populate": populate, "snapshot": snapshot, "use": use_restored_site, "tables": tables}[action]()
    with open(out, "w") as handle:
        json.dump(result, handle, default=str, sort_keys=True)
