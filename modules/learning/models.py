"""Learner progress in layers: a summary row per learner × item, an attempt row per try, an answer
row per question that keeps the rule it was graded by.

Rows are keyed by the item's stable id (`item_key`, the page's translation_key), not by page id, so
a shared module's progress counts in every kit that includes it and survives a kit re-import.

Modules and kits are items too: their summary row is the learner's completion record (docs/design.md
§9 "Completion is a record, not a recomputation"). It is written once, when everything in the module
or kit is done, with what it was earned under (the kit release, the page revision and the item keys
it held then), and later publishing never takes it back: content added afterwards is shown as
"new since you completed", content removed or changed leaves it as it was."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ItemProgress(models.Model):
    LESSON = "lesson"
    QUIZ = "quiz"
    H5P = "h5p"
    MODULE = "module"
    KIT = "kit"
    KINDS = [(LESSON, _("Lesson")), (QUIZ, _("Quiz")), (H5P, _("H5P activity")), (MODULE, _("Module")), (KIT, _("Training kit"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="item_progress")
    item_key = models.UUIDField(db_index=True)
    kind = models.CharField(max_length=10, choices=KINDS)
    started_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # Quiz summary: best result over submitted attempts.
    attempts_submitted = models.PositiveSmallIntegerField(default=0)
    best_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(default=False)
    # Module and kit completion records: what the completion was earned under, kept as it was.
    release = models.ForeignKey("modules.KitRelease", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    contents = models.JSONField(default=list, blank=True, help_text=_("Stable ids of the lessons and quiz (module) or modules (kit) at completion."))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "item_key"], name="progress_once_per_item")]
        verbose_name_plural = _("item progress")

    @property
    def is_done(self):
        return self.passed if self.kind in (self.QUIZ, self.H5P) else self.completed_at is not None


class QuizAttempt(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    quiz_key = models.UUIDField(db_index=True)
    quiz = models.ForeignKey("modules.QuizPage", null=True, on_delete=models.SET_NULL, related_name="attempts")
    # The revision the attempt was graded against, so a later edit of the quiz does not blur history.
    quiz_revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The kit release current when the attempt started (in the kit it was taken from), if any.
    release = models.ForeignKey("modules.KitRelease", null=True, blank=True, on_delete=models.SET_NULL, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    # The language the attempt was taken in (the quiz translation's locale, BCP 47); grading and
    # progress key on the quiz's stable id, whatever the language (design.md §8).
    language = models.CharField(max_length=35, blank=True, db_index=True)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    max_score = models.DecimalField(max_digits=7, decimal_places=4, null=True, blank=True)
    percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(default=False)
    pass_mark = models.PositiveSmallIntegerField(null=True, blank=True)
    # The draw (modules/question_pool.py), made once when the attempt opens: its seed and what it gave,
    # [{"question": id, "answers": [ids in the order shown]}]. The form, the grading, the result page
    # and the analytics read it; an empty list is an attempt from before pools (every question).
    seed = models.PositiveBigIntegerField(null=True, blank=True)
    drawn = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["user_id", "quiz_key", "number"]
        constraints = [
            models.UniqueConstraint(fields=["user", "quiz_key", "number"], name="attempt_number_once"),
            # At most one open attempt per learner and quiz, whatever the number of app servers.
            models.UniqueConstraint(fields=["user", "quiz_key"], condition=Q(submitted_at__isnull=True), name="one_open_attempt"),
        ]

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def asked_ids(self):
        return [entry["question"] for entry in self.drawn or []]


class AnswerRecord(models.Model):
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question_key = models.UUIDField()
    selected = models.JSONField(default=list)
    score = models.DecimalField(max_digits=6, decimal_places=4)
    max_score = models.DecimalField(max_digits=6, decimal_places=4)
    rule = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["attempt", "question_key"], name="answer_once_per_question")]


# Certificate codes are read off paper and typed by hand: upper-case letters and digits without the
# look-alikes I, L, O, 0 and 1 (31 symbols), in three groups of four, e.g. "7KQD-M3XA-RT9F". Twelve
# symbols carry 12 × log2(31) ≈ 59 bits, so guessing one of even a million issued codes takes about
# 2^39 tries; the verification page also limits lookups per address (modules/credentials/lookup.py).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS, CODE_GROUP_LENGTH = 3, 4


def new_certificate_code():
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUPS * CODE_GROUP_LENGTH))
    return "-".join(symbols[i:i + CODE_GROUP_LENGTH] for i in range(0, len(symbols), CODE_GROUP_LENGTH))


def certificate_code_candidates(typed):
    """The stored codes a typed code may stand for: as typed (codes issued before the grouped format
    were case-sensitive URL-safe tokens, and keep working), and in the grouped format when the symbols
    fit it, whatever the case, dashes or spaces ("7kqd m3xa-rt9f", "7KQDM3XART9F")."""
    typed = (typed or "").strip()[:64]
    if not typed:
        return []
    candidates = [typed]
    symbols = "".join(ch for ch in typed.upper() if ch not in " -\t")
    if len(symbols) == CODE_GROUPS * CODE_GROUP_LENGTH and all(ch in CODE_ALPHABET for ch in symbols):
        grouped = "-".join(symbols[i:i + CODE_GROUP_LENGTH] for i in range(0, len(symbols), CODE_GROUP_LENGTH))
        if grouped != typed:
            candidates.append(grouped)
    return candidates


def find_certificate(typed):
    """The certificate a typed code names, or None."""
    candidates = certificate_code_candidates(typed)
    if not candidates:
        return None
    return Certificate.objects.select_related("user").filter(code__in=candidates).first()


class Certificate(models.Model):
    """Issued once per learner and kit; the code is the public verification key. Name and title
    are copied at issue time so the certificate still reads right after a rename."""

    code = models.CharField(max_length=32, unique=True, default=new_certificate_code, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates")
    kit_key = models.UUIDField()
    kit_title = models.CharField(max_length=255)
    kit_code = models.CharField(max_length=30)
    learner_name = models.CharField(max_length=255)
    issued_at = models.DateTimeField(auto_now_add=True)
    # The kit release the learner completed (from the kit's completion record), kept after later releases.
    release = models.ForeignKey("modules.KitRelease", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    release_version = models.CharField(max_length=40, blank=True)
    # Set when a maintainer revokes the certificate (learning/records.py record_certificate_revoked):
    # the verification page and the credential's status list then say "revoked".
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kit_key"], name="certificate_once_per_kit")]
        # Kit maintainers revoke certificates in the admin (modules/credentials/admin_views.py; roles.py).
        permissions = [("revoke_certificate", "Can revoke a certificate")]

    @property
    def status_index(self):
        """This certificate's bit in the credential status list (modules/credentials/status_list.py)."""
        return self.pk

    @property
    def holder_erased(self):
        return self.user.erased_at is not None


class CredentialKey(models.Model):
    """A key that signs Open Badges credentials (modules/credentials/keys.py): an RSA 2048 private key
    (RS256) as a JWK, generated on first use. The newest active key signs; every active key is published."""

    kid = models.CharField(max_length=64, unique=True)
    private_jwk = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "-pk"]


class SelfAssessmentResult(models.Model):
    """A learner's saved self-assessment, written only by learning/records.py (record_self_assessment).
    It keeps what the learner saw (area titles, statements, ratings, means) so an old result still reads
    right, and compares, after a trainer edits the statements."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessment_results")
    assessment_key = models.UUIDField(db_index=True)
    assessment = models.ForeignKey("modules.SelfAssessmentPage", null=True, on_delete=models.SET_NULL, related_name="results")
    title = models.CharField(max_length=255)
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    # [{"id", "title", "question", "statements": [{"id", "text", "rating"}], "mean_tenths"}]
    areas = models.JSONField(default=list)

    class Meta:
        ordering = ["user_id", "assessment_key", "-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "assessment_key", "-created_at"], name="self_assessment_by_learner")]
