"""Turn the progress writers' signals into outbox rows (nothing is written while no LRS is set).

Receivers run inside the writer's transaction: the statement is stored if and only if the
progress is. `queue` ignores a statement id already stored, so a repeated event is harmless."""

from django.conf import settings
from django.dispatch import receiver
from django.utils import timezone

from ..h5p.player import object_iri
from . import signals
from .models import OutboxStatement
from .statements import ACTOR_MBOX, Activity, Score, activity_iri, build_actor, build_statement, statement_id


def lrs_enabled():
    return bool(getattr(settings, "ELEARN_LRS_ENDPOINT", ""))


def queue(user, event, statement):
    """Store one statement to send; a statement whose id is already stored is left as it is."""
    OutboxStatement.objects.bulk_create(
        [OutboxStatement(statement_id=statement["id"], user=user, event=event, statement=statement, next_try_at=timezone.now())],
        ignore_conflicts=True,
    )


def actor_for(user):
    """Account home page + the account's id by default; the e-mail only if the site says so."""
    site = settings.SITE_BASE_URL
    if settings.ELEARN_LRS_ACTOR == ACTOR_MBOX and user.email:
        return build_actor(user.pk, site, ACTOR_MBOX, user.email)
    return build_actor(user.pk, f"{site}/")


def page_activity(page, kind):
    language = page.locale.language_code if page.locale_id else "en"
    return Activity(activity_iri(settings.SITE_BASE_URL, page.translation_key), kind, page.title, language)


def parent_module(page):
    parent = page.get_parent()
    return page_activity(parent, "module") if parent is not None else None


def _statement(user, sid, verb, activity, when, **extra):
    return build_statement(sid=sid, actor=actor_for(user), verb=verb, activity=activity, timestamp=when, **extra)


@receiver(signals.lesson_completed, dispatch_uid="interop-lesson-completed")
def queue_lesson_completed(sender, user, lesson, when, **kwargs):
    if not lrs_enabled():
        return
    sid = statement_id(settings.SITE_BASE_URL, "lesson-completed", user.pk, lesson.translation_key)
    queue(user, "lesson-completed", _statement(
        user, sid, "completed", page_activity(lesson, "lesson"), when, parent=parent_module(lesson), completion=True,
    ))


@receiver(signals.quiz_attempt_started, dispatch_uid="interop-quiz-started")
def queue_quiz_started(sender, user, attempt, **kwargs):
    if not lrs_enabled() or attempt.quiz is None:
        return
    quiz = attempt.quiz
    sid = statement_id(settings.SITE_BASE_URL, "quiz-attempted", attempt.public_id)
    queue(user, "quiz-attempted", _statement(
        user, sid, "attempted", page_activity(quiz, "quiz"), attempt.started_at or timezone.now(), parent=parent_module(quiz),
    ))


@receiver(signals.quiz_attempt_graded, dispatch_uid="interop-quiz-graded")
def queue_quiz_graded(sender, user, attempt, quiz, score, max_score, passed, when, **kwargs):
    if not lrs_enabled():
        return
    sid = statement_id(settings.SITE_BASE_URL, "quiz-graded", attempt.public_id)
    queue(user, "quiz-passed" if passed else "quiz-failed", _statement(
        user, sid, "passed" if passed else "failed", page_activity(quiz, "quiz"), when, parent=parent_module(quiz),
        score=Score(score, max_score), success=passed, completion=True,
    ))


@receiver(signals.h5p_result_recorded, dispatch_uid="interop-h5p-result")
def queue_h5p_result(sender, user, activity, result, passed, **kwargs):
    if not lrs_enabled():
        return
    sid = statement_id(settings.SITE_BASE_URL, "h5p-result", result.pk)
    queue(user, "h5p-result", _statement(
        user, sid, "scored", Activity(object_iri(activity), "h5p", activity.title), result.created_at or timezone.now(),
        score=Score(result.raw, result.max_score), success=passed,
    ))


@receiver(signals.certificate_issued, dispatch_uid="interop-certificate")
def queue_certificate(sender, user, certificate, **kwargs):
    if not lrs_enabled():
        return
    sid = statement_id(settings.SITE_BASE_URL, "certificate-earned", certificate.code)
    kit = Activity(activity_iri(settings.SITE_BASE_URL, certificate.kit_key), "kit", certificate.kit_title)
    queue(user, "certificate-earned", _statement(user, sid, "earned", kit, certificate.issued_at or timezone.now(), completion=True))
