"""A learner's rights over their data (GDPR art. 15, 17, 20): see and download everything the site
keeps about them (JSON, and CSV files in a zip), and delete their account themselves.

Deleting erases the person, not the learning statistics: name, e-mail, profile, password, e-mail
addresses, sessions, LTI links, pending LRS statements and saved self-assessments go; the account row
stays, renamed to a random id and deactivated, so their anonymous quiz attempts and progress still
count in the analytics; their certificates verify as "the holder deleted this record"."""

import csv
import io
import json
import uuid
import zipfile
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from modules.learning.records import record_account_erased
from modules.models import Certificate, H5PResult, ItemProgress, QuizAttempt, SelfAssessmentResult

PROFILE = ["username", "email", "first_name", "last_name", "organisation", "region", "country", "helix_role", "language",
           "date_joined", "last_login", "privacy_accepted_at"]


def collect_data(user):
    """{table: [rows]} of everything kept about `user`, as plain values."""
    attempts = QuizAttempt.objects.filter(user=user).prefetch_related("answers").order_by("started_at")
    return {
        "profile": [{field: getattr(user, field) for field in PROFILE}],
        "progress": list(ItemProgress.objects.filter(user=user).order_by("started_at").values(
            "item_key", "kind", "started_at", "completed_at", "attempts_submitted", "best_percent", "passed")),
        "quiz_attempts": [
            {"attempt": attempt.public_id, "quiz_key": attempt.quiz_key, "number": attempt.number, "language": attempt.language,
             "started_at": attempt.started_at, "submitted_at": attempt.submitted_at, "percent": attempt.percent, "passed": attempt.passed}
            for attempt in attempts
        ],
        "quiz_answers": [
            {"attempt": attempt.public_id, "question_key": answer.question_key, "selected": answer.selected,
             "score": answer.score, "max_score": answer.max_score}
            for attempt in attempts for answer in attempt.answers.all()
        ],
        "h5p_results": list(H5PResult.objects.filter(user=user).values()),
        "certificates": list(Certificate.objects.filter(user=user).values(
            "code", "kit_code", "kit_title", "learner_name", "issued_at", "release_version")),
        "self_assessments": list(SelfAssessmentResult.objects.filter(user=user).values()),
    }


def as_json(user):
    data = {"exported_at": timezone.now(), "data": collect_data(user)}
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def as_csv_zip(user):
    """One CSV file per table, in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table, rows in collect_data(user).items():
            out = io.StringIO()
            fields = sorted({key for row in rows for key in row}) or ["(none)"]
            writer = csv.DictWriter(out, fieldnames=fields)
            writer.writeheader()
            for row in rows:
                writer.writerow({key: _cell(value) for key, value in row.items()})
            archive.writestr(f"{table}.csv", out.getvalue())
    return buffer.getvalue()


def _cell(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return "" if value is None else str(value)


def erase_account(user):
    """Delete the learner's account as GDPR art. 17 asks, keeping only anonymous learning statistics."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        record_account_erased(user)
        EmailAddress.objects.filter(user=user).delete()
        _forget_elsewhere(user)
        user.username = f"deleted-{uuid.uuid4().hex}"
        user.email = ""
        user.first_name = user.last_name = user.organisation = user.region = user.country = user.helix_role = ""
        user.language = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.erased_at = timezone.now()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
    # Other sessions end by themselves: Django checks each session against the password hash, which
    # set_unusable_password just changed.


def _forget_elsewhere(user):
    """LTI account links and xAPI statements not yet sent name the person outside this site."""
    from modules.interop.models import OutboxStatement
    from modules.lti.models import LtiGradeLink

    OutboxStatement.objects.filter(user=user, sent_at__isnull=True).delete()
    LtiGradeLink.objects.filter(user=user).delete()
    try:
        from lti_tool.models import LtiUser
    except ImportError:  # pragma: no cover - django-lti is a requirement
        return
    LtiUser.objects.filter(auth_user=user).delete()


def purge_unconfirmed(days, now=None):
    """Delete accounts that never confirmed their e-mail address within `days` days of signing up and
    have no learning record; returns how many. Staff accounts are never touched."""
    from allauth.account.models import EmailAddress

    cutoff = (now or timezone.now()) - timedelta(days=days)
    # Only sign-ups: an account with an unconfirmed address and no confirmed one. Accounts made by an
    # LTI launch or by an administrator have no address to confirm and are never purged.
    unconfirmed = EmailAddress.objects.filter(verified=False).values("user_id")
    confirmed = EmailAddress.objects.filter(verified=True).values("user_id")
    candidates = get_user_model().objects.filter(
        pk__in=unconfirmed, date_joined__lt=cutoff, is_staff=False, is_superuser=False, erased_at__isnull=True,
    ).exclude(pk__in=confirmed).exclude(quiz_attempts__isnull=False).exclude(item_progress__isnull=False)
    count = 0
    for user in candidates.distinct():
        user.delete()
        count += 1
    return count
