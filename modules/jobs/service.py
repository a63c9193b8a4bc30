"""Queue a job, let the people who may do it follow it, and fail the jobs of a worker that died.

`enqueue_*` write the `Job` record and hand its id to the task queue (tasks.py: django-tasks, the
"jobs" backend). Who may see and start a job is who may do the work in the admin: cutting releases
(`modules.add_kitrelease`) or importing packs (`modules.add_importedkit`), the rules of the packs
views. A running job holds a lock of its own (files/journal.process_lock) that the operating system
or the database drops with the worker, so `recover_abandoned_jobs` tells a dead worker's job from a
running one without any timeout: the files the job stored are swept by the storage journal, its
rows were never committed, and the record says that it failed and why."""

import logging

from django.apps import apps
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..files import journal
from ..permissions import has_permission
from .models import Job

log = logging.getLogger(__name__)

PERMISSIONS = {Job.RELEASE: "modules.add_kitrelease", Job.IMPORT_PREVIEW: "modules.add_importedkit", Job.IMPORT_APPLY: "modules.add_importedkit"}
ANY_JOB = tuple(sorted(set(PERMISSIONS.values())))


def job_lock(job_id):
    return journal.process_lock(f"job:{job_id}")


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
    when this returns; with the database backend a worker picks it up."""
    from .tasks import run_job

    recover_abandoned_jobs()
    result = run_job.enqueue(str(job.pk))
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


def mark_failed(job_id, error, *, from_statuses=(Job.QUEUED, Job.RUNNING)):
    """Conditional: a job that finished meanwhile keeps its outcome."""
    return Job.objects.filter(pk=job_id, status__in=from_statuses).update(status=Job.FAILED, error=error, finished_at=timezone.now())


def recover_abandoned_jobs():
    """Fail every job whose worker died while running it (its lock is free). Returns how many.

    Nothing it wrote stays: import and release files are swept by the storage journal (their rows
    were never committed), a pack the job was downloading is deleted here."""
    recovered = 0
    for job in Job.objects.filter(status=Job.RUNNING).only("id", "kind", "language", "step", "steps", "params", "task_id"):
        lock = job_lock(job.pk)
        if not lock.acquire(exclusive=True, wait=False):
            continue  # its worker is alive and running it
        try:
            with translation.override(job.language):
                message = _("The worker stopped while this job was running (step %(step)s of %(steps)s). Nothing it had written "
                            "was kept. Start the job again.") % {"step": max(job.step, 1), "steps": job.steps}
            if mark_failed(job.pk, message, from_statuses=(Job.RUNNING,)):
                recovered += 1
                _discard_download(job)
                _fail_task_row(job.task_id)
        finally:
            lock.release()
    if recovered:
        journal.sweep_abandoned()
        log.warning("Marked %d background job(s) as failed: their worker stopped while running them.", recovered)
    return recovered


def _discard_download(job):
    if job.kind == Job.IMPORT_PREVIEW and job.params.get("url") and job.params.get("staged"):
        from ..packs import staging

        staging.discard_quietly(job.params["staged"])


def _fail_task_row(task_id):
    """The queue's own row of a dead worker's task says "running" forever: say it failed."""
    if not task_id or not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(Q(id=task_id) & Q(status="RUNNING")).update(status="FAILED", finished_at=timezone.now())
