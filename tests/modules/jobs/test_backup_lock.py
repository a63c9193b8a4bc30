"""One backup at a time, held by the database (the partial unique constraint of Job): two requests at
the same moment make one backup job, the other is shown the waiting one; a backup that succeeded,
failed, was abandoned by a dead worker, was never taken by the queue, or was dropped by it, lets the
next one start; the migration that adds the lock keeps one of the backups a site had waiting at once."""

import importlib
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from modules.jobs import recovery, service, tasks
from modules.models import Job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

UNEXPECTED = "The job stopped unexpectedly. Nothing it had written was kept; the server's log has the details. Start it again."


@pytest.fixture
def failing_backups(settings):
    """Every backup fails at once and on every database (create_backup refuses the media folder)."""
    settings.ELEARN_BACKUP_ROOT = settings.MEDIA_ROOT / "backups"


def backup_job(status, **fields):
    return Job.objects.create(**{"kind": Job.BACKUP, "status": status, "language": "en", "title": "site-x.tar.gz", "params": {"file": "site-x.tar.gz"},
                                 "steps": 3, **fields})


def active_backups():
    return Job.objects.filter(kind=Job.BACKUP, status__in=Job.ACTIVE)


@pytest.mark.parametrize("first, second", [(Job.QUEUED, Job.QUEUED), (Job.QUEUED, Job.RUNNING), (Job.RUNNING, Job.QUEUED)])
def test_the_database_refuses_a_second_waiting_or_running_backup(first, second):
    backup_job(first)
    with pytest.raises(IntegrityError), transaction.atomic():
        backup_job(second)
    assert Job.objects.filter(kind=Job.BACKUP).count() == 1


def test_the_lock_holds_backups_only_and_finished_ones_do_not_count():
    backup_job(Job.RUNNING)
    for status in (Job.SUCCEEDED, Job.FAILED, Job.SUCCEEDED):
        backup_job(status)
    for _ in range(2):
        Job.objects.create(kind=Job.RELEASE, status=Job.QUEUED, language="en", title="kit 1.0")
        Job.objects.create(kind=Job.IMPORT_PREVIEW, status=Job.RUNNING, language="en", title="pack.zip")
    assert Job.objects.count() == 8


def test_a_backup_started_at_the_same_moment_as_another_goes_to_the_other(administrator, failing_backups, monkeypatch):
    """The race a plain check lets through: the other request's job is committed after this one has
    looked and just before it inserts its own. The insert fails in its savepoint; one backup job exists."""
    other = []

    class TheOtherRequestFirst:
        @staticmethod
        def atomic(*args, **kwargs):
            if not other:
                other.append(backup_job(Job.QUEUED, created_by=administrator))
            return transaction.atomic(*args, **kwargs)

    monkeypatch.setattr(service, "transaction", TheOtherRequestFirst)
    with pytest.raises(service.BackupRunning) as running:
        service.enqueue_backup(administrator)
    assert running.value.job == other[0]
    assert list(Job.objects.filter(kind=Job.BACKUP)) == other  # the failed insert left nothing, the transaction goes on


def test_two_backups_created_one_after_the_other_make_one_job(administrator, failing_backups, monkeypatch):
    monkeypatch.setattr(tasks, "run_job", SimpleNamespace(enqueue=lambda job_id: pytest.fail("a second backup reached the queue")))
    waiting = backup_job(Job.QUEUED)  # waiting for a worker (one running here would hold its lock)
    for _ in range(2):
        with pytest.raises(service.BackupRunning) as running:
            service.enqueue_backup(administrator)
        assert running.value.job == waiting
    assert list(Job.objects.filter(kind=Job.BACKUP)) == [waiting]


def test_a_backup_that_ended_between_the_failed_insert_and_the_look_up_is_tried_once_more(administrator, failing_backups, monkeypatch):
    real_create = service.create_job
    calls = []

    def create(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 1:
            raise IntegrityError("UNIQUE constraint failed: index 'job_one_backup_at_a_time'")  # and the other one ends at once
        return real_create(*args, **kwargs)

    monkeypatch.setattr(service, "create_job", create)
    job = service.enqueue_backup(administrator)
    assert calls == [Job.BACKUP, Job.BACKUP] and job.status == Job.FAILED


def test_an_integrity_error_that_is_not_the_lock_is_not_hidden(administrator, failing_backups, monkeypatch):
    def create(*args, **kwargs):
        raise IntegrityError("NOT NULL constraint failed")

    monkeypatch.setattr(service, "create_job", create)
    with pytest.raises(IntegrityError, match="NOT NULL"):
        service.enqueue_backup(administrator)


@pytest.mark.parametrize("status", [Job.SUCCEEDED, Job.FAILED])
def test_a_finished_backup_lets_the_next_one_start(administrator, failing_backups, status):
    backup_job(status)
    job = service.enqueue_backup(administrator)
    assert job.kind == Job.BACKUP and Job.objects.filter(kind=Job.BACKUP).count() == 2


def test_a_backup_that_failed_in_the_worker_lets_the_next_one_start(admin_client, failing_backups):
    for _ in range(3):
        response = admin_client.post("/admin/jobs/backups/", follow=True)
        assert response.context["job"].status == Job.FAILED and "A backup is already being made" not in response.content.decode()
    assert Job.objects.filter(kind=Job.BACKUP, status=Job.FAILED).count() == 3 and not active_backups().exists()


def test_a_backup_whose_worker_died_lets_the_next_one_start(administrator, failing_backups):
    dead = backup_job(Job.RUNNING, step=1)  # no worker holds its lock
    job = service.enqueue_backup(administrator)  # recovery runs first
    dead.refresh_from_db()
    assert dead.status == Job.FAILED and job.pk != dead.pk and job.status == Job.FAILED


def test_a_backup_the_queue_did_not_take_does_not_wait_for_ever(administrator, failing_backups, monkeypatch):
    def refuse(job_id):
        raise RuntimeError("the queue's table is unreachable")

    monkeypatch.setattr(tasks, "run_job", SimpleNamespace(enqueue=refuse))
    with pytest.raises(RuntimeError):
        service.enqueue_backup(administrator)
    stuck = Job.objects.get(kind=Job.BACKUP)
    assert stuck.status == Job.FAILED and stuck.error == UNEXPECTED
    monkeypatch.undo()
    assert service.enqueue_backup(administrator).pk != stuck.pk


def test_a_waiting_backup_whose_queue_row_ended_is_failed_by_recovery(administrator, failing_backups):
    from django_tasks_db.models import DBTaskResult

    def queue_row(status):
        return DBTaskResult.objects.create(status=status, args_kwargs={"args": [], "kwargs": {}}, task_path="modules.jobs.tasks.run_job",
                                           backend_name="jobs", queue_name="jobs", run_after=timezone.now() - timedelta(minutes=1))

    dropped = backup_job(Job.QUEUED, task_id=str(queue_row("FAILED").id), language="de")
    release = Job.objects.create(kind=Job.RELEASE, status=Job.QUEUED, language="en", title="kit 1.0", task_id=str(queue_row("READY").id))
    assert recovery.recover_abandoned_jobs() == 1
    dropped.refresh_from_db()
    release.refresh_from_db()
    with translation.override("de"):
        expected = translation.gettext(UNEXPECTED)
    assert dropped.status == Job.FAILED and dropped.error == expected != UNEXPECTED
    assert release.status == Job.QUEUED  # still waiting for a worker: left alone
    assert service.enqueue_backup(administrator).status == Job.FAILED


def test_the_migration_keeps_one_of_the_backups_a_site_had_waiting_at_once():
    migration = importlib.import_module("modules.migrations.0038_job_one_backup_at_a_time")
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX job_one_backup_at_a_time")  # as before 0038; the test's transaction brings it back
    oldest = backup_job(Job.QUEUED)
    running = backup_job(Job.RUNNING)
    newest = backup_job(Job.QUEUED, language="fr")
    done = backup_job(Job.SUCCEEDED)
    from django.apps import apps

    migration.fail_extra_backups(apps, None)
    assert list(active_backups()) == [running]
    for job in (oldest, newest):
        job.refresh_from_db()
        assert job.status == Job.FAILED and job.finished_at is not None
    assert "only one runs at a time" in oldest.error and "une seule" in newest.error
    done.refresh_from_db()
    assert done.status == Job.SUCCEEDED
