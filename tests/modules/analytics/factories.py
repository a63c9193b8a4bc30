"""Learner records made directly, for analytics on hand-made data: progress rows and submitted attempts."""

from datetime import datetime, timezone as dt_timezone
from decimal import Decimal

from modules.models import AnswerRecord, ItemProgress, QuizAttempt

MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=dt_timezone.utc)  # a Monday


def progress(user, page, kind, *, done=False, passed=False, at=MONDAY):
    row = ItemProgress.objects.create(user=user, item_key=page.translation_key, kind=kind,
                                      completed_at=at if done or passed else None, passed=passed)
    ItemProgress.objects.filter(pk=row.pk).update(started_at=at)
    return row


def attempt(user, quiz, percent, correct_questions, *, number=1, release=None, at=MONDAY, wrong_pick=0, language="en"):
    """A submitted attempt with one answer row per question: right answers for the questions in
    `correct_questions` (indexes), otherwise the `wrong_pick`-th wrong option."""
    made = QuizAttempt.objects.create(
        user=user, quiz=quiz, quiz_key=quiz.translation_key, number=number, release=release, submitted_at=at, language=language,
        percent=Decimal(percent), score=Decimal(percent) / 20, max_score=Decimal(5), passed=percent >= quiz.pass_mark,
    )
    rows = []
    for n, question in enumerate(quiz.question_defs):
        right = n in correct_questions
        wrongs = [a.id for a in question.answers if not a.correct]
        selected = sorted(question.correct_ids()) if right else [wrongs[wrong_pick % len(wrongs)]]
        rows.append(AnswerRecord(attempt=made, question_key=question.id, selected=selected, score=Decimal(int(right)),
                                 max_score=Decimal(1), rule="test"))
    AnswerRecord.objects.bulk_create(rows)
    summary, _ = ItemProgress.objects.get_or_create(user=user, item_key=quiz.translation_key, defaults={"kind": ItemProgress.QUIZ})
    ItemProgress.objects.filter(pk=summary.pk).update(started_at=min(summary.started_at, at))
    if made.passed:
        ItemProgress.objects.filter(pk=summary.pk).update(passed=True, completed_at=at)
    return made
