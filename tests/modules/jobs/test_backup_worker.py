"""Real backups, in a site of their own (tests/sites.py; SQLite): an administrator backs the site up
through the admin (the immediate backend, as settings.test has it), downloads the archive, and the
archive restores into an empty site with every table and media file matching; a worker killed in the
middle of a backup leaves no half-written archive, and the next backup runs to the end."""

import hashlib
import json
import subprocess
import sys

import pytest

from tests.sites import ROOT, copy_site, site_env

from .worker_site import job_row, kill_worker_at, recover, run_worker


@pytest.fixture
def site(prepared_site, tmp_path):
    return copy_site(prepared_site, tmp_path / "site")


def backups_of(site):
    return site.parent / "backups"


def run_in(site, code, **extra):
    env = site_env(site, ELEARN_BACKUP_ROOT=str(backups_of(site)), **extra)
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


ADMIN_BACKUP = """
import hashlib, json
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()  # the client records the response's context
default_storage.save("documents/minutes.pdf", ContentFile(b"%PDF minutes"))
admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
client = Client()
client.force_login(admin)
response = client.post("/admin/jobs/backups/", follow=True)
job = response.context["job"]
name = job.result.get("file", "")
download = client.get(f"/admin/jobs/backups/{name}/download/")
print(json.dumps({"status": job.status, "error": job.error, "step": job.step, "steps": job.steps, "result": job.result,
                  "redirects": response.redirect_chain, "page": response.content.decode(), "download_status": download.status_code,
                  "download_sha256": hashlib.sha256(b"".join(download.streaming_content)).hexdigest() if download.status_code == 200 else "",
                  "listing": client.get("/admin/jobs/backups/").content.decode(), "job": str(job.pk)}))
"""


def test_an_administrator_backs_up_the_site_in_the_admin_and_the_archive_restores(site, tmp_path):
    backups_of(site).mkdir()
    older = ["site-2026-01-01-020000-abcdef12.tar.gz", "site-2026-01-02-020000-abcdef12.tar.gz", "site-2026-01-03-020000-abcdef12.tar.gz"]
    others = ["site-2026-01-01-0200.tar", "notes.txt"]  # a backup_site archive named by hand, another file: never rotated
    for old in older + others:
        (backups_of(site) / old).write_bytes(b"an earlier file")
    done = run_in(site, ADMIN_BACKUP, ELEARN_JOBS="immediate", ELEARN_BACKUP_KEEP="2")
    assert done["status"] == "succeeded", done["error"]
    assert done["redirects"] == [[f"/admin/jobs/{done['job']}/", 302]] and done["step"] == done["steps"] == 3
    name = done["result"]["file"]
    archive = backups_of(site) / name
    # No .partial, no dump folder left; the newest two archives of the folder's naming are kept.
    assert sorted(p.name for p in backups_of(site).iterdir()) == sorted([name, older[-1], *others])
    assert done["result"]["removed"] == older[:2] and "Older archives deleted" in done["page"]
    assert name.startswith("site-") and name.endswith(".tar.gz") and done["result"]["size"] == archive.stat().st_size
    assert name in done["page"] and f"/admin/jobs/backups/{name}/download/" in done["page"] and "Download the archive" in done["page"]
    assert 'http-equiv="refresh"' not in done["page"] and name in done["listing"]
    assert done["download_status"] == 200 and done["download_sha256"] == hashlib.sha256(archive.read_bytes()).hexdigest()

    checked = subprocess.run([sys.executable, "manage.py", "restore_site", "--check-only", str(archive)], cwd=ROOT, env=site_env(site),
                             capture_output=True, text=True, timeout=600)
    assert checked.returncode == 0 and "is intact" in checked.stdout, checked.stderr[-3000:]
    assert "users" in checked.stdout and "kit pages" in checked.stdout

    # The same archive restores into an empty site, every table and media file as in the backup.
    target = tmp_path / "target"
    target.mkdir()
    restored = subprocess.run([sys.executable, "manage.py", "restore_site", str(archive)], cwd=ROOT, env=site_env(target),
                              capture_output=True, text=True, timeout=600)
    assert restored.returncode == 0, restored.stdout[-2000:] + restored.stderr[-3000:]
    assert "every table and media file matches the backup" in restored.stdout
    assert (target / "media" / "documents" / "minutes.pdf").read_bytes() == b"%PDF minutes"


QUEUE_BACKUP = """
import json
from django.contrib.auth import get_user_model
from modules.jobs.service import enqueue_backup
admin = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.create_superuser("root", "r@example.org", "x")
job = enqueue_backup(admin)
print(json.dumps({"id": str(job.pk), "status": job.status, "file": job.params["file"]}))
"""


def test_a_worker_killed_mid_backup_leaves_no_half_written_archive(site):
    worker_env = {"ELEARN_BACKUP_ROOT": str(backups_of(site))}
    job = run_in(site, QUEUE_BACKUP, ELEARN_JOBS="database")
    assert job["status"] == "queued"
    kill_worker_at(site, "job-step:2", **worker_env)  # the database is in the half-written archive, the media not yet
    left = sorted(p.name for p in backups_of(site).iterdir())
    assert left == [f".{job['file']}.work", f"{job['file']}.partial"]  # what a dead worker leaves

    assert recover(site, **worker_env) == 1
    row = job_row(site, job["id"])
    assert row["status"] == "failed" and "The worker stopped while this job was running (step 2 of 3)." in row["error"]
    assert list(backups_of(site).iterdir()) == []

    again = run_in(site, QUEUE_BACKUP, ELEARN_JOBS="database")
    assert run_worker(site, **worker_env).returncode == 0
    assert job_row(site, again["id"])["status"] == "succeeded"
    assert [p.name for p in backups_of(site).iterdir()] == [again["file"]]
