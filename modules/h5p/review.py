"""Changes to a live H5P activity go through review (issue 11.2).

An activity's package (its questions and answer key) and its required score decide what a learner
must do to pass a lesson. Editing them in the admin must not take effect behind the back of the
lesson's review: a page revision is reviewed, and so must be what it embeds. So, for an activity
that already exists:
- a new package or another required score is *proposed* (propose_change): the package is validated
  and stored exactly like an upload, but only onto an H5PActivityChange; the activity, and so every
  learner, keeps the current content and score;
- a person with `modules.review_h5pactivitychange` (kit maintainers) approves it (approve_change),
  which moves the proposal onto the activity in one transaction, or rejects it (reject_change);
- maintainers' own changes are proposed the same way: approving is always a separate, explicit step
  by a person (the form never approves), so nothing reaches learners without someone deciding it.
Title, licence and authors are descriptive and change at once. A new activity is not reviewed
here: it reaches learners only when a lesson that embeds it is published, and that goes through
the "Kit review" workflow (modules/roles.py).

`check_*` refuse, `do_*`/`propose_*` write (the project's convention)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..errors import ElearnError
from ..files.journal import file_operation
from ..files.written import WrittenFiles
from ..models import H5PActivity, H5PActivityChange
from ..permissions import has_permission
from .upload import can_approve, check_not_duplicate, do_approve_libraries, set_status, store_package

REVIEW_PERMISSION = "modules.review_h5pactivitychange"


class ReviewError(ElearnError):
    status = 400


def can_review(user):
    """Only a person with the permission decides; no user (a script, an import) never does."""
    return has_permission(user, REVIEW_PERMISSION)


def pending_change(activity):
    if activity is None or activity.pk is None:
        return None
    return H5PActivityChange.objects.filter(activity=activity, status=H5PActivityChange.PENDING).first()


def propose_change(activity, user, *, package=None, data=None, required_score=None):
    """Record (or update) the pending change of `activity`: a validated package and/or a required
    score. Returns the change, or None when nothing differs from what learners get now (an earlier
    pending proposal is then withdrawn). The activity itself is not modified."""
    if package is not None:
        check_not_duplicate(package, activity)
    existing = pending_change(activity)
    if required_score == activity.required_score:
        required_score = None
    written = WrittenFiles()
    with file_operation():
        try:
            with transaction.atomic():
                # Lock the activity row: two saves at once end with one pending change, never two.
                H5PActivity.objects.select_for_update().filter(pk=activity.pk).first()
                change = existing or H5PActivityChange(activity=activity)
                if package is not None:
                    # A new package: new libraries wait for approval unless the uploader may approve them.
                    fields, libraries = store_package(package, data, user, written)
                    for name, value in fields.items():
                        setattr(change, name, value)
                else:
                    libraries = None
                change.required_score = required_score
                if not change.changes_package and change.required_score is None:
                    if existing is not None:
                        existing.delete()
                    return None
                change.proposed_by = user if user is not None and user.is_authenticated else None
                change.created_at = timezone.now()
                change.save()
                if libraries is not None:
                    change.libraries.set(libraries)
        except BaseException:
            written.remove_all()
            raise
    return change


def check_decidable(change, user):
    if not can_review(user):
        raise PermissionError("Only a person with the review permission approves or rejects H5P changes.")
    if change.status != H5PActivityChange.PENDING:
        raise ReviewError(_("This change was already decided."))


def do_approve_change(change, user):
    """Learners get the proposed package and score from now on. New libraries the change brings are
    approved with it when the reviewer may approve libraries; otherwise the activity waits for them,
    as after an upload."""
    check_decidable(change, user)
    with transaction.atomic():
        change = H5PActivityChange.objects.select_for_update().get(pk=change.pk)
        check_decidable(change, user)
        activity = H5PActivity.objects.select_for_update().get(pk=change.activity_id)
        fields = ["required_score", "updated_at"]
        if change.changes_package:
            if H5PActivity.objects.filter(package_sha256=change.package_sha256).exclude(pk=activity.pk).exists():
                raise ReviewError(_("Another activity now uses this exact package; this change cannot be approved."))
            libraries = list(change.libraries.all())
            waiting = [library for library in libraries if not library.approved]
            if waiting and can_approve(user):
                do_approve_libraries(waiting, user)   # also releases other activities waiting for them
                libraries = list(change.libraries.all())
            for name in ("package_sha256", "package_storage_name", "content_storage_prefix", "h5p_json", "content_json",
                         "main_library", "language"):
                setattr(activity, name, getattr(change, name))
            set_status(activity, libraries)
            fields += ["package_sha256", "package_storage_name", "content_storage_prefix", "h5p_json", "content_json",
                       "main_library", "language", "status", "status_message"]
        if change.required_score is not None:
            activity.required_score = change.required_score
        activity.save(update_fields=fields)
        if change.changes_package:
            activity.libraries.set(libraries)
        change.status, change.decided_by, change.decided_at = H5PActivityChange.APPROVED, user, timezone.now()
        change.save(update_fields=["status", "decided_by", "decided_at"])
    return activity


def do_reject_change(change, user):
    """Learners keep what they have; the proposal stays on record as rejected."""
    check_decidable(change, user)
    with transaction.atomic():
        updated = H5PActivityChange.objects.filter(pk=change.pk, status=H5PActivityChange.PENDING).update(
            status=H5PActivityChange.REJECTED, decided_by=user, decided_at=timezone.now())
        if not updated:
            raise ReviewError(_("This change was already decided."))
    change.refresh_from_db()
    return change
