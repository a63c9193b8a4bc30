"""The real queue: a job queued in the database, run by the worker command (django-tasks-db's
db_worker) in its own process, and a worker killed (SIGKILL) between steps or in the middle of
storing files: nothing half-written stays, and the job says it failed and why."""

import pytest

from tests.sites import copy_site

from .worker_site import job_row, kill_worker_at, media_files, query, queue_release, recover, run_worker, task_status


@pytest.fixture
def site(prepared_site, tmp_path):
    return copy_site(prepared_site, tmp_path / "site")


def test_worker_runs_a_queued_release_end_to_end(site):
    job = queue_release(site, "itg-t1", "1.0.0")
    assert job["status"] == "queued" and task_status(site, job["task"]) == "READY"
    assert query(site, "SELECT count(*) FROM modules_kitrelease") == [(0,)]  # nothing happens in the "request"

    result = run_worker(site)
    assert result.returncode == 0, result.stderr[-3000:]
    row = job_row(site, job["id"])
    assert row["status"] == "succeeded" and row["step"] == row["steps"] == 2 and '"version": "1.0.0"' in row["result"]
    assert task_status(site, job["task"]) == "SUCCESSFUL"
    assert query(site, "SELECT version FROM modules_kitrelease") == [("1.0.0",)]
    assert media_files(site, "packs/itg-t1/1.0.0/")


@pytest.mark.parametrize("pause_at", ["job-step:2", "write:2"], ids=["between-steps", "while-storing-files"])
def test_worker_killed_mid_job_leaves_nothing_and_the_job_fails_clearly(site, pause_at):
    job = queue_release(site, "itg-t1", "1.0.0")
    kill_worker_at(site, pause_at)
    assert job_row(site, job["id"])["status"] == "running"  # what a dead worker leaves

    assert recover(site) == 1
    row = job_row(site, job["id"])
    assert row["status"] == "failed"
    assert row["error"] == ("The worker stopped while this job was running (step 2 of 2). Nothing it had written was kept. "
                            "Start the job again.")
    assert task_status(site, job["task"]) == "FAILED"
    assert query(site, "SELECT count(*) FROM modules_kitrelease") == [(0,)]
    assert media_files(site, "packs/") == [] and media_files(site, "_journal/") == []
    assert recover(site) == 0  # once

    # The same release queued again runs to the end.
    again = queue_release(site, "itg-t1", "1.0.0")
    assert run_worker(site).returncode == 0
    assert job_row(site, again["id"])["status"] == "succeeded"
    assert query(site, "SELECT version FROM modules_kitrelease") == [("1.0.0",)]
