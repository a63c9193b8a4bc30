"""A real site (its own SQLite file and media folder, tests/sites.py) whose jobs go to the database
queue, and the commands around it: queue a job, run the worker (optionally stopped at a pause point
and killed with SIGKILL), run the recovery, read rows back."""

import json
import sqlite3
import subprocess
import sys

from tests.processes import kill_at_pause
from tests.sites import ROOT, site_env

WORKER = ["db_worker", "--backend", "jobs", "--queue-name", "jobs", "--no-startup-delay", "--no-reload", "--batch"]


def env(site, **extra):
    return site_env(site, ELEARN_JOBS="database", **extra)


def python(site, code, timeout=300, **extra):
    """Run `code` in the site's Django (manage.py shell -c); returns its stdout, parsed as JSON."""
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env(site, **extra), capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def queue_release(site, kit_slug, version):
    """As the admin's release form does (modules/jobs/service.enqueue_release), as the demo maintainer."""
    return python(site, f"""
import json
from django.contrib.auth import get_user_model
from modules.jobs.service import enqueue_release
from modules.models import KitPage
user = get_user_model().objects.filter(is_superuser=True).first()
job = enqueue_release(KitPage.objects.get(slug={kit_slug!r}), {version!r}, "From the worker test.", user)
print(json.dumps({{"id": str(job.pk), "status": job.status, "task": job.task_id}}))
""")


def recover(site, **extra):
    return python(site, "import json\nfrom modules.jobs.recovery import recover_abandoned_jobs\nprint(json.dumps(recover_abandoned_jobs()))", **extra)


def run_worker(site, timeout=600, **extra):
    return subprocess.run([sys.executable, "manage.py", *WORKER], cwd=ROOT, env=env(site, **extra), capture_output=True, text=True, timeout=timeout)


def kill_worker_at(site, pause_at, timeout=600, **extra):
    """Start the worker, wait until its job stops at `pause_at`, SIGKILL it."""
    kill_at_pause(WORKER, env(site, ELEARN_TEST_PAUSE_AT=pause_at, **extra), pause_at, timeout, name="the worker")


def query(site, sql, *params):
    with sqlite3.connect(site / "db.sqlite3") as db:
        return db.execute(sql, params).fetchall()


def job_row(site, job_id):
    [row] = query(site, "SELECT status, step, steps, error, result, task_id FROM modules_job WHERE id = ?", job_id.replace("-", ""))
    return dict(zip(("status", "step", "steps", "error", "result", "task_id"), row))


def task_status(site, task_id):
    """The queue's own row (django-tasks-db keeps its historic table name)."""
    from django_tasks_db.models import DBTaskResult

    return query(site, f"SELECT status FROM {DBTaskResult._meta.db_table} WHERE id = ?", task_id.replace("-", ""))[0][0]


def media_files(site, prefix=""):
    root = site / "media"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.relative_to(root).as_posix().startswith(prefix)) if root.exists() else []
