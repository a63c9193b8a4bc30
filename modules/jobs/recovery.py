"""Fail the jobs of a worker that died, and nothing else.

A running job holds a lock of its own (files/journal.process_lock) that the operating system or the
database drops with the worker, so `recover_abandoned_jobs` tells a dead worker's job from a running
one without any timeout: the files the job stored are swept by the storage journal, its rows were
never committed, and the record says that it failed and why. A job still waiting whose queue row has
ended will never run either (its worker failed before claiming it): it fails too, so that no waiting
backup keeps the next one from starting (models.Job's one-backup constraint)."""

import logging
import uuid

from django.apps import apps
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from elearn.backup import folder as backup_folder

from ..files import journal
from .models import Job

log = logging.getLogger(__name__)


def job_lock(job_id):
    return journal.process_lock(f"job:{job_id}")


def mark_failed(job_id, error, *, from_statuses=(Job.QUEUED, Job.RUNNING)):
    """Conditional: a job that finished meanwhile keeps its outcome."""
    return Job.objects.filter(pk=job_id, status__in=from_statuses).update(status=Job.FAILED, error=error, finished_at=timezone.now())


def recover_abandoned_jobs():
    """Fail every job whose worker died while running it (its lock is free), and every waiting job
    the queue has dropped. Returns how many.

    Nothing it wrote stays: import and release files are swept by the storage journal (their rows
    were never committed), a pack the job was downloading and a half-written backup are deleted here."""
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
                _discard_partial_backup(job)
                _fail_task_row(job.task_id)
        finally:
            lock.release()
    recovered += _fail_jobs_the_queue_dropped()
    if recovered:
        journal.sweep_abandoned()
        log.warning("Marked %d background job(s) as failed: their worker stopped while running them, or the queue dropped them.", recovered)
    return recovered


def _fail_jobs_the_queue_dropped():
    if not apps.is_installed("django_tasks_db"):
        return 0  # the immediate backend: a job that did not run was failed by service.enqueue
    from django_tasks_db.models import DBTaskResult

    waiting = {task_id: language for task_id, language in Job.objects.filter(status=Job.QUEUED).exclude(task_id="").values_list("task_id", "language")
               if _is_uuid(task_id)}
    if not waiting:
        return 0
    ended = DBTaskResult.objects.filter(id__in=list(waiting), status__in=("SUCCESSFUL", "FAILED")).values_list("id", flat=True)
    failed = 0
    for task_id in map(str, ended):
        with translation.override(waiting[task_id]):
            message = _("The job stopped unexpectedly. Nothing it had written was kept; the server's log has the details. Start it again.")
        # Only while it still waits: one that a worker claimed meanwhile records its own outcome.
        failed += Job.objects.filter(status=Job.QUEUED, task_id=task_id).update(status=Job.FAILED, error=message, finished_at=timezone.now())
    return failed


def _is_uuid(text):
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


def _discard_download(job):
    if job.kind == Job.IMPORT_PREVIEW and job.params.get("url") and job.params.get("staged"):
        from ..packs import staging

        staging.discard_quietly(job.params["staged"])


def _discard_partial_backup(job):
    """A backup stopped half-way: its NAME.partial archive and its database dump go (the finished
    archive appears only by the rename at the end of step 2)."""
    if job.kind == Job.BACKUP and job.params.get("file"):
        backup_folder.discard_partial(job.params["file"])
        if job.step >= 3:  # stopped while checking the finished archive: unchecked, it is not kept either
            backup_folder.backup_path(job.params["file"]).unlink(missing_ok=True)


def _fail_task_row(task_id):
    """The queue's own row of a dead worker's task says "running" forever: say it failed."""
    if not task_id or not apps.is_installed("django_tasks_db"):
        return
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(Q(id=task_id) & Q(status="RUNNING")).update(status="FAILED", finished_at=timezone.now())
