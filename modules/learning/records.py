"""The one writer of learner progress: nothing else creates or changes `ItemProgress` or
`Certificate` rows (tests/modules/test_architecture.py fails if anything does).

Every write is safe under double clicks, retries and concurrent app servers, on SQLite and
PostgreSQL alike (docs/design.md §4):
- one summary row per learner × item (`progress_once_per_item`): a concurrent insert that loses
  the race reads the winner's row instead;
- summaries change by conditional UPDATE with `F()`/`Greatest`/`Coalesce` expressions, never by
  read-modify-write, so two results recorded at once both count and the best one is kept;
- one certificate per learner × kit (`certificate_once_per_kit`), issued the same way.
Callers that record a result with other rows (an attempt, an H5P result) call these inside their
own transaction, so a failure stores nothing."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone

from ..interop import signals
from .models import Certificate, ItemProgress, SelfAssessmentResult

# ItemProgress.attempts_submitted is a PositiveSmallIntegerField: stop counting instead of overflowing.
MAX_COUNTED_ATTEMPTS = 32767


def record_lesson_completed(user, lesson):
    """Idempotent: the first completion time is kept; a double click or a retry changes nothing."""
    with transaction.atomic():
        row, _created = _summary_row(user, lesson.translation_key, ItemProgress.LESSON)
        now = timezone.now()
        if row.completed_at is None and ItemProgress.objects.filter(pk=row.pk, completed_at__isnull=True).update(completed_at=now):
            signals.lesson_completed.send(sender=ItemProgress, user=user, lesson=lesson, when=now)
    return row


def record_quiz_result(user, quiz, percent, passed, when):
    """Count one submitted attempt of `quiz` (percent as Decimal) in the learner's summary. The row
    returned is the one read before the update (the quiz page reads its attempts instead)."""
    return _record_scored_result(user, quiz.translation_key, ItemProgress.QUIZ, percent, passed, when)


def record_h5p_result(user, activity, percent, passed, when):
    """Count one scored H5P result of `activity` in the learner's summary; returns the row as stored."""
    row = _record_scored_result(user, activity.key, ItemProgress.H5P, percent, passed, when)
    row.refresh_from_db()
    return row


def issue_certificate(user, kit_view):
    """Issue the kit certificate once, when every module is complete (`kit_view` from
    read_models.build_kit_view); None while the kit is not complete."""
    kit = kit_view.kit
    if not kit_view.complete:
        return None
    if kit_view.certificate is not None:
        return kit_view.certificate
    try:
        with transaction.atomic():
            cert, created = Certificate.objects.get_or_create(
                user=user, kit_key=kit.translation_key,
                defaults={"kit_title": kit.title, "kit_code": kit.code, "learner_name": user.display_name},
            )
            if created:
                signals.certificate_issued.send(sender=Certificate, user=user, certificate=cert)
    except IntegrityError:
        cert = Certificate.objects.get(user=user, kit_key=kit.translation_key)
    kit_view.certificate = cert
    return cert


def _record_scored_result(user, item_key, kind, percent, passed, when):
    row, _created = _summary_row(user, item_key, kind)
    summary = ItemProgress.objects.filter(pk=row.pk)
    summary.update(
        attempts_submitted=Least(F("attempts_submitted") + 1, Value(MAX_COUNTED_ATTEMPTS)),
        best_percent=Greatest(Coalesce(F("best_percent"), Decimal("0")), percent),
    )
    if passed:
        summary.update(passed=True, completed_at=Coalesce(F("completed_at"), when))
    return row


def _summary_row(user, item_key, kind):
    try:
        with transaction.atomic():
            return ItemProgress.objects.get_or_create(user=user, item_key=item_key, defaults={"kind": kind})
    except IntegrityError:
        # Another request created the row between our read and our insert: use theirs.
        return ItemProgress.objects.get(user=user, item_key=item_key), False


def record_self_assessment(user, assessment, profile, language):
    """Store one self-assessment result (never graded, never counted in progress). Each call is one
    result: repeating the self-assessment later adds a row to compare with, it replaces nothing."""
    areas = [
        {"id": score.area.id, "title": score.area.title, "question": score.area.question, "mean_tenths": score.mean_tenths,
         "statements": [{"id": sid, "text": text, "rating": rating} for (sid, text), rating in zip(score.area.statements, score.ratings)]}
        for score in profile.scores
    ]
    return SelfAssessmentResult.objects.create(
        user=user, assessment_key=assessment.translation_key, assessment=assessment, title=assessment.title,
        language=language, areas=areas,
    )
