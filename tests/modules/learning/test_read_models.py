"""The learner's progress rows read for a page (modules/learning/read_models.py): the written-out query
returns exactly what the ORM's filter does, on SQLite and PostgreSQL alike."""

import uuid

import pytest

from modules.learning.read_models import build_module_view, progress_map
from modules.models import ItemProgress, LessonPage, ModulePage, QuizPage

from ..helpers import complete_lesson, right_answers, start

pytestmark = pytest.mark.django_db


def orm_rows(user, keys):
    return {row.item_key: row for row in ItemProgress.objects.filter(user=user, item_key__in=keys)}


@pytest.fixture
def module():
    return ModulePage.objects.get(code="SH-1")


def test_the_written_out_query_reads_what_the_orm_filter_reads(learner_client, learner, other_learner, module):
    lessons = list(LessonPage.objects.child_of(module).live())
    quiz = QuizPage.objects.child_of(module).live().get()
    complete_lesson(learner_client, lessons[0])
    learner_client.post(f"/learn/attempts/{start(learner_client, quiz).public_id}/", right_answers(quiz))
    ItemProgress.objects.create(user=other_learner, item_key=lessons[1].translation_key, kind=ItemProgress.LESSON)
    keys = [page.translation_key for page in lessons] + [quiz.translation_key, module.translation_key, uuid.uuid4()]

    rows = progress_map(learner, keys)
    expected = orm_rows(learner, keys)
    assert set(rows) == set(expected) and len(rows) >= 2  # the lesson and the quiz, nobody else's
    for key, row in rows.items():
        assert (row.pk, row.kind, row.completed_at, row.passed, row.best_percent, row.attempts_submitted, row.contents) == (
            expected[key].pk, expected[key].kind, expected[key].completed_at, expected[key].passed,
            expected[key].best_percent, expected[key].attempts_submitted, expected[key].contents)
    assert set(progress_map(learner, [str(key) for key in keys])) == set(expected)  # keys as text too
    assert progress_map(learner, [uuid.uuid4()]) == {}


def test_the_module_view_marks_only_the_readers_own_progress(learner_client, learner, other_learner, module):
    lesson = LessonPage.objects.child_of(module).live().first()
    complete_lesson(learner_client, lesson)
    done = {item.page.pk: item.done for item in build_module_view(learner, module).lessons}
    others = {item.page.pk: item.done for item in build_module_view(other_learner, module).lessons}
    assert done[lesson.pk] and not any(others.values())
