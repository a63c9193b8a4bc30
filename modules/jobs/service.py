"""Queue a job, let the people who may do it follow it, and fail the jobs of a worker that died.

`enqueue_*` write the `Job` record and hand its id to the task queue (tasks.py: django-tasks, the
"jobs" backend). Who may see and start a job is who may do the work in the admin: cutting releases
(`modules.add_kitrelease`) or importing packs (`modules.add_importedkit`), the rules of the packs
views. Backing up the site is for administrators (superusers) only: an archive holds every learner's
personal data. Failing the jobs of a dead worker is recovery.py's."""

from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from elearn.backup import folder as backup_folder

from ..permissions import SUPERUSER, has_permission
from .models import Job
from .recovery import mark_failed, recover_abandoned_jobs

PERMISSIONS = {Job.RELEASE: "modules.add_kitrelease", Job.IMPORT_PREVIEW: "modules.add_importedkit", Job.IMPORT_APPLY: "modules.add_importedkit",
               Job.BACKUP: SUPERUSER}
ANY_JOB = tuple(sorted(set(PERMISSIONS.values())))


def may_see(user, job):
    return has_permission(user, PERMISSIONS[job.kind])


def visible_kinds(user):
    return [kind for kind, permission in PERMISSIONS.items() if has_permission(user, permission)]


def visible_jobs(user, limit=50):
    """The latest jobs `user` may follow, with who asked: one query."""
    return list(Job.objects.filter(kind__in=visible_kinds(user)).select_related("created_by").defer("params", "result")[:limit])


def create_job(kind, user, title, params, steps):
    return Job.objects.create(kind=kind, created_by=user if user and user.is_authenticated else None, language=translation.get_language() or "en",
                              title=title[:300], params=params, steps=steps)


def enqueue(job):
    """Hand `job` to the queue. With the immediate backend (tests, ELEARN_JOBS=immediate) it has run
    when this returns; with the database backend a worker picks it up. A job the queue did not take
    is failed, not left waiting (a waiting backup would keep every later one from starting)."""
    from .tasks import run_job

    recover_abandoned_jobs()
    try:
        result = run_job.enqueue(str(job.pk))
    except BaseException:
        mark_failed(job.pk, _("The job stopped unexpectedly. Nothing it had written was kept; the server's log has the details. Start it again."),
                    from_statuses=(Job.QUEUED,))  # a worker that took it meanwhile records its own outcome
        raise
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def enqueue_release(kit, version, notes, user):
    job = create_job(Job.RELEASE, user, f"{kit.title} {version}", {"kit": kit.pk, "version": version, "notes": notes}, steps=2)
    return enqueue(job)


def enqueue_import_preview(user, *, filename="", staged="", url=""):
    """Check a pack (a dry run): an upload already staged in storage, or a URL the worker downloads."""
    params = {"filename": filename or url, "staged": staged, "url": url}
    job = create_job(Job.IMPORT_PREVIEW, user, filename or url, params, steps=2 if url else 1)
    return enqueue(job)


class AlreadyApplied(Exception):
    """The checked pack was applied already (each check is applied at most once)."""


def enqueue_import_apply(preview, user):
    """Apply a checked pack. Only its checker may, once: the conditional update claims the check."""
    job = create_job(Job.IMPORT_APPLY, user, preview.title, {"preview": str(preview.pk), "filename": preview.params.get("filename", ""),
                                                             "staged": preview.params.get("staged", "")}, steps=1)
    claimed = Job.objects.filter(pk=preview.pk, kind=Job.IMPORT_PREVIEW, status=Job.SUCCEEDED, created_by=user, followed_by__isnull=True).update(followed_by=job)
    if not claimed:
        job.delete()
        raise AlreadyApplied
    return enqueue(job)


class BackupRunning(Exception):
    """A backup is queued or running already: one at a time (each reads the whole site)."""

    def __init__(self, job):
        super().__init__(str(job.pk))
        self.job = job


def enqueue_backup(user):
    """Back up the site into a new archive of the backup folder (elearn/backup/folder.py), one at a time.

    The database holds the lock (the partial unique constraint of models.Job): of two requests at the
    same moment, one creates the job and the other's insert fails, in its own savepoint, and is shown
    the backup that is waiting."""
    recover_abandoned_jobs()
    for attempt in range(2):
        try:
            with transaction.atomic():
                job = create_job(Job.BACKUP, user, "", {}, steps=3)
                name = backup_folder.new_name(token=job.pk.hex[:8])  # two backups in the same second still get two names
                Job.objects.filter(pk=job.pk).update(title=name, params={"file": name})
        except IntegrityError:
            waiting = Job.objects.filter(kind=Job.BACKUP, status__in=Job.ACTIVE).first()
            if waiting is not None:
                raise BackupRunning(waiting) from None
            if attempt:
                raise  # not the lock: nothing is waiting
            continue  # the other backup ended in between: try once more
        return enqueue(job)
