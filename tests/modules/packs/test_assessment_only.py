"""Questions a maintainer marks "assessment only" stay on this server: no public download (pack,
offline copy, SCORM, Moodle XML) carries them, and the catalogue says how many are kept back."""

import io
import json
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command

from modules.models import KitRelease, QuizPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def mark_assessment_only(quiz, count):
    raw = list(quiz.questions.raw_data)
    for block in raw[:count]:
        block["value"]["assessment_only"] = True
    quiz.questions = json.dumps(raw)
    quiz.save_revision().publish()
    return [(block["id"], block["value"]["prompt"]) for block in raw[:count]]


def every_download(cut):
    """Every byte of every public file of a release, entries of archives opened."""
    texts = []
    for item in cut.files.all():
        with default_storage.open(item.storage_name, "rb") as handle:
            data = handle.read()
        if zipfile.is_zipfile(io.BytesIO(data)):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        else:
            texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts)


def test_questions_are_not_assessment_only_by_default(sh1_quiz):
    assert not any(block["value"].get("assessment_only") for block in sh1_quiz.questions.raw_data)
    from modules.blocks import QuestionBlock

    assert QuestionBlock().get_default()["assessment_only"] is False


def test_assessment_only_questions_are_left_out_of_every_public_download(client, sh1_quiz):
    kept = mark_assessment_only(sh1_quiz, 2)
    public = [block["id"] for block in sh1_quiz.questions.raw_data[2:]]
    call_command("release_kit", "itg-t1", "1.0.0", "--notes", "n", stdout=io.StringIO())
    cut = KitRelease.objects.get(kit_slug="itg-t1", version="1.0.0")
    downloads = every_download(cut)
    for question_id, prompt in kept:
        assert question_id not in downloads
        assert prompt[:60] not in downloads.replace("&#x27;", "'").replace("&quot;", '"')
    assert all(question_id in downloads for question_id in public)
    # The live quiz still asks every question.
    assert len(QuizPage.objects.get(pk=sh1_quiz.pk).question_defs) == len(kept) + len(public)

    page = client.get("/packs/").content.decode()
    assert "2 questions are kept for assessment on this server." in page


def test_the_catalogue_says_nothing_when_no_question_is_kept(client):
    call_command("release_kit", "itg-t1", "1.0.0", "--notes", "n", stdout=io.StringIO())
    assert "kept for assessment" not in client.get("/packs/").content.decode()
