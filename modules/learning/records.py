"""The one writer of learner progress: nothing else creates or changes `ItemProgress` or
`Certificate` rows (tests/modules/test_architecture.py fails if anything does).

Every write is safe under double clicks, retries and concurrent app servers, on SQLite and
PostgreSQL alike (docs/design.md §4):
- one summary row per learner × item (`progress_once_per_item`): a concurrent insert that loses
  the race reads the winner's row instead;
- summaries change by conditional UPDATE with `F()`/`Greatest`/`Coalesce` expressions, never by
  read-modify-write, so two results recorded at once both count and the best one is kept;
- one certificate per learner × kit (`certificate_once_per_kit`), issued the same way.

Completion is a record, not a recomputation (docs/design.md §9): when a lesson done or a quiz
passed completes its module, the module's row is written (with the module's revision and the items
it held); when that completes a kit using the module, the kit's row too (with the kit's release).
Both are written once and never undone, so later publishing cannot take an earned result back, and
a certificate once issued is served for good.
Callers that record a result with other rows (an attempt, an H5P result) call these inside their
own transaction, so a failure stores nothing."""

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.utils import timezone, translation

from ..interop import signals
from .models import Certificate, ItemProgress, SelfAssessmentResult
from .read_models import build_kit_views, build_module_view

# ItemProgress.attempts_submitted is a PositiveSmallIntegerField: stop counting instead of overflowing.
MAX_COUNTED_ATTEMPTS = 32767


def record_lesson_completed(user, lesson):
    """Idempotent: the first completion time is kept; a double click or a retry changes nothing."""
    with transaction.atomic():
        row, _created = _summary_row(user, lesson.translation_key, ItemProgress.LESSON)
        now = timezone.now()
        if row.completed_at is None and ItemProgress.objects.filter(pk=row.pk, completed_at__isnull=True).update(completed_at=now):
            signals.lesson_completed.send(sender=ItemProgress, user=user, lesson=lesson, when=now)
            record_completions(user, lesson)
    return row


def record_quiz_result(user, quiz, percent, passed, when):
    """Count one submitted attempt of `quiz` (percent as Decimal) in the learner's summary. The row
    returned is the one read before the update (the quiz page reads its attempts instead)."""
    row = _record_scored_result(user, quiz.translation_key, ItemProgress.QUIZ, percent, passed, when)
    if passed:
        record_completions(user, quiz)
    return row


def record_h5p_result(user, activity, percent, passed, when):
    """Count one scored H5P result of `activity` in the learner's summary; returns the row as stored."""
    row = _record_scored_result(user, activity.key, ItemProgress.H5P, percent, passed, when)
    row.refresh_from_db()
    return row


def record_completions(user, item):
    """Record the module holding `item` (a lesson or quiz) as complete for `user` once everything in
    it is done, then every live kit using that module once all its modules are. Rows already written
    stay as they are: the first completion, and what it was earned under, is kept."""
    parent = item.get_parent()
    # The page classes come from the pages (this module imports none: tests/modules/test_architecture.py).
    module = parent.specific_class.objects.live().filter(
        translation_key=parent.translation_key, locale__language_code=settings.LANGUAGE_CODE,
    ).first()
    if module is None:
        return
    # The structure comes from the source pages whatever language the learner reads in.
    with translation.override(settings.LANGUAGE_CODE):
        module_view = build_module_view(user, module)
        if module_view.complete and module_view.record is None:
            _record_done(user, module.translation_key, ItemProgress.MODULE, revision_id=module.live_revision_id,
                         contents=[str(entry.page.translation_key) for entry in module_view.items])
        for kit_view in build_kit_views(user, module.live_kits()):
            if kit_view.complete and kit_view.record is None:
                _record_kit_done(user, kit_view)


def issue_certificate(user, kit_view):
    """The learner's certificate for the kit of `kit_view` (from read_models.build_kit_view): the
    one already issued, whatever was published since; else issued now when the kit is complete,
    with the release of the learner's completion record; None while the kit is not complete."""
    kit = kit_view.kit
    if kit_view.certificate is not None:
        return kit_view.certificate
    if not kit_view.complete:
        return None
    record = kit_view.record or _record_kit_done(user, kit_view)
    release = record.release
    try:
        with transaction.atomic():
            cert, created = Certificate.objects.get_or_create(
                user=user, kit_key=kit.translation_key,
                defaults={"kit_title": kit.title, "kit_code": kit.code, "learner_name": user.display_name,
                          "release": release, "release_version": release.version if release else ""},
            )
            if created:
                signals.certificate_issued.send(sender=Certificate, user=user, certificate=cert)
    except IntegrityError:
        cert = Certificate.objects.get(user=user, kit_key=kit.translation_key)
    kit_view.certificate = cert
    return cert


def _record_kit_done(user, kit_view):
    """Write the kit's completion record with the kit's release and revision now; returns the row."""
    kit = kit_view.kit
    source = kit if kit.locale.language_code == settings.LANGUAGE_CODE else type(kit).objects.get(
        translation_key=kit.translation_key, locale__language_code=settings.LANGUAGE_CODE)
    release = source.latest_release()
    row = _record_done(user, kit.translation_key, ItemProgress.KIT, release=release, revision_id=source.live_revision_id,
                       contents=[str(module_view.module.translation_key) for module_view in kit_view.modules])
    kit_view.record = row
    return row


def _record_done(user, item_key, kind, **record):
    """Mark a module or kit complete once; a second call (or a concurrent one) keeps the first record."""
    row, _created = _summary_row(user, item_key, kind)
    if row.completed_at is None:
        ItemProgress.objects.filter(pk=row.pk, completed_at__isnull=True).update(completed_at=timezone.now(), **record)
        row.refresh_from_db()
    return row


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


def record_account_erased(user):
    """A learner deleted their account (elearn/accounts/data_rights.py): their certificates stop naming
    them (the code then verifies as "the holder deleted this record") and their saved self-assessments
    go. Progress and attempts stay, tied only to the erased, nameless account, for the analytics."""
    Certificate.objects.filter(user=user).update(learner_name="")
    SelfAssessmentResult.objects.filter(user=user).delete()


def record_certificate_revoked(certificate, reason=""):
    """A maintainer revoked a certificate (issued in error, or obtained by fraud): it stays on record,
    and the verification page and the credential status list say "revoked" from now on. Revoking
    twice keeps the first date. Returns True when this call revoked it."""
    changed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=(reason or "")[:255])
    certificate.refresh_from_db(fields=["revoked_at", "revoked_reason"])
    return bool(changed)
