"""Quiz attempts: `check_*` read and refuse, `do_*` write. Views only parse requests and call these.

An attempt is started by a POST (never by viewing a page), submitted once, graded on the server
against the live quiz, and recorded in one transaction. A conditional UPDATE on `submitted_at IS
NULL` makes the submit exactly-once on SQLite and PostgreSQL alike, whatever the number of app
servers: a double click, a retry or a replayed request gets 409 and changes nothing.

The questions an attempt asks are drawn once, when it opens (modules/question_pool.py): the seed and
the drawn question and option ids are stored on the attempt, and the submission is graded against
exactly that set. An answer to a question that was not drawn, or an answer id foreign to its
question, is refused whole; continuing or resubmitting an attempt never draws again."""

import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ElearnError
from .grading import grade_quiz
from .interop import signals
from .learning.read_models import live_item
from .learning.records import record_quiz_result
from .models import AnswerRecord, KitRelease, QuizAttempt, QuizPage
from .question_pool import SEED_LIMIT


class AttemptError(ElearnError):
    """A quiz attempt that cannot be opened or submitted as asked (400 unless a subclass says)."""


class AttemptNotFound(AttemptError):
    status = 404


class AttemptLimitReached(AttemptError):
    status = 403


class AttemptAlreadySubmitted(AttemptError):
    status = 409


def check_live_quiz(quiz_key):
    # The quiz in the learner's language: its attempt shows that translation's wording and feedback
    # (and so records the language); grading and progress use the shared ids, whatever the language.
    quiz = live_item(QuizPage, quiz_key)
    if quiz is None:
        raise AttemptNotFound(_("This quiz does not exist or is not published."))
    return quiz


def check_own_attempt(user, public_id, for_update=False):
    attempts = QuizAttempt.objects.select_related("quiz")
    if for_update:
        # Lock the attempt row only: PostgreSQL refuses FOR UPDATE on the nullable side of the quiz join.
        attempts = attempts.select_for_update(of=("self",))
    attempt = attempts.filter(public_id=public_id, user=user).first()
    if attempt is None or attempt.quiz is None:
        # Another learner's attempt looks exactly like a missing one: no information leaks.
        raise AttemptNotFound(_("This attempt does not exist."))
    return attempt


def do_start_attempt(user, quiz, kit=None):
    """Return the learner's open attempt, or open the next one if attempts remain. The attempt
    records the kit release current at its start (the kit it was started from)."""
    open_attempt = QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key, submitted_at__isnull=True).first()
    if open_attempt:
        return open_attempt
    used = QuizAttempt.objects.filter(user=user, quiz_key=quiz.translation_key, submitted_at__isnull=False).count()
    if used >= quiz.attempts_allowed:
        raise AttemptLimitReached(
            _("You have used all %(count)d attempts allowed for this quiz.") % {"count": quiz.attempts_allowed}
        )
    try:
        with transaction.atomic():
            release = KitRelease.objects.latest_for(kit.translation_key) if kit is not None else None
            draw = quiz.draw(secrets.randbelow(SEED_LIMIT))
            attempt = QuizAttempt.objects.create(user=user, quiz=quiz, quiz_key=quiz.translation_key, number=used + 1, release=release,
                                                 language=quiz.locale.language_code, seed=draw.seed, drawn=draw.as_record())
            signals.quiz_attempt_started.send(sender=QuizAttempt, user=user, attempt=attempt)
            return attempt
    except IntegrityError:
        # A concurrent request opened it first; both callers continue with the same attempt.
        return QuizAttempt.objects.get(user=user, quiz_key=quiz.translation_key, submitted_at__isnull=True)


def parse_submission(data):
    """Map each question id to the answer ids posted for it (`q-<question id>` fields)."""
    submission = {}
    for key in data:
        if key.startswith("q-"):
            submission[key[2:]] = [value for value in data.getlist(key) if value]
    return submission


def do_submit_attempt(user, public_id, submission):
    """Grade and record one attempt exactly once. Raises AttemptError or SubmissionError; on any
    error the transaction rolls back and nothing is stored."""
    with transaction.atomic():
        attempt = check_own_attempt(user, public_id, for_update=True)
        if attempt.is_submitted:
            raise AttemptAlreadySubmitted(_("This attempt has already been submitted."))
        quiz = attempt.quiz.specific
        # Graded on the questions this attempt drew, nothing else (an empty draw: an attempt from before pools).
        result = grade_quiz(quiz.asked_defs(attempt.drawn), submission)
        passed = result.passed(quiz.pass_mark)
        percent = Decimal(str(result.percent))
        now = timezone.now()
        updated = QuizAttempt.objects.filter(pk=attempt.pk, submitted_at__isnull=True).update(
            submitted_at=now, score=Decimal(str(result.score)), max_score=Decimal(str(result.max_score)),
            percent=percent, passed=passed, pass_mark=quiz.pass_mark, quiz_revision_id=quiz.live_revision_id,
        )
        if not updated:
            raise AttemptAlreadySubmitted(_("This attempt has already been submitted."))
        AnswerRecord.objects.bulk_create([
            AnswerRecord(attempt=attempt, question_key=q.question_id, selected=list(q.selected),
                         score=Decimal(str(q.score)), max_score=Decimal(str(q.max_score)), rule=q.rule)
            for q in result.questions
        ])
        record_quiz_result(user, quiz, percent, passed, now)
        signals.quiz_attempt_graded.send(sender=QuizAttempt, user=user, attempt=attempt, quiz=quiz, score=Decimal(str(result.score)),
                                         max_score=Decimal(str(result.max_score)), percent=percent, passed=passed, when=now)
    attempt.refresh_from_db()
    return attempt, result

