"""Running one job in the worker: claim it, hold its lock, report progress, record the outcome.

Each kind is a plain function `(job, progress) -> result dict` that calls the same services as the
commands (packs/releases.cut_release, packs/loader.load_pack_archive). Messages are written in the
language of the person who asked (`Job.language`). Progress is written outside the work's own
transaction (an import writes its rows in one): inside it, the latest line is kept for later."""

import logging
import time

from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..errors import ElearnError
from ..files import journal
from .models import Job
from .recovery import job_lock, mark_failed, recover_abandoned_jobs

log = logging.getLogger(__name__)


class Progress:
    """`step(n, label)`: step n of the job's m; `say(line)`: the work's own latest line."""

    def __init__(self, job):
        self.job = job
        self.pending = None
        self.last_write = 0.0

    def step(self, number, label):
        self.job.step, self.job.message = number, label
        self._write(step=number, message=label, detail="")
        journal.pause_point(f"job-step:{number}")  # fault tests stop the worker here (ELEARN_TEST_PAUSE_AT)

    def say(self, line):
        self.pending = str(line)[:2000]
        if not connection.in_atomic_block and time.monotonic() - self.last_write > 0.5:
            self._write(detail=self.pending)

    def _write(self, **fields):
        if connection.in_atomic_block:
            return  # the work's transaction: a row written now would be seen only at its commit
        Job.objects.filter(pk=self.job.pk).update(**fields)
        self.last_write = time.monotonic()


def run(job_id):
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != Job.QUEUED:
        return {"status": job.status if job else "missing"}
    recover_abandoned_jobs()
    lock = job_lock(job.pk)
    lock.acquire(exclusive=True, wait=True)
    try:
        # Claimed under the lock: a job that says "running" while its lock is free has a dead worker.
        if not Job.objects.filter(pk=job.pk, status=Job.QUEUED).update(status=Job.RUNNING, started_at=timezone.now()):
            return {"status": "taken"}
        with translation.override(job.language):
            return _run_claimed(job)
    finally:
        lock.release()


def _run_claimed(job):
    from . import kinds

    progress = Progress(job)
    try:
        result = kinds.HANDLERS[job.kind](job, progress)
    except (ElearnError, journal.StorageWriteError) as error:
        mark_failed(job.pk, kinds.failure_message(job, str(error)))
        return {"status": Job.FAILED}
    except BaseException:
        # A bug, or the worker told to stop (SystemExit, KeyboardInterrupt): the work cleaned up
        # after itself on the way out (journal, transaction); the queue's row keeps the traceback.
        mark_failed(job.pk, _("The job stopped unexpectedly. Nothing it had written was kept; the server's log has the details. Start it again."))
        raise
    Job.objects.filter(pk=job.pk).update(status=Job.SUCCEEDED, step=job.steps, result=result, message=result.get("message", ""), detail="",
                                         finished_at=timezone.now())
    return {"status": Job.SUCCEEDED}
