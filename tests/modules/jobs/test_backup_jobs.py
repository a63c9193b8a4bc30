"""Backing up the site from the admin (Backups): the job runs backup_site's own code (the immediate
backend here), writes a checked archive into the protected backup folder and its page gives the file,
its size and a download for administrators only; a backup cut short leaves no part of an archive;
restoring stays a command (the page says so); every other role is refused, and so is any name that
is not an archive of the folder."""

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from elearn.backup import folder as backup_folder
from elearn.backup.errors import NoSuchBackup
from modules.jobs import recovery, service
from modules.models import Job

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

BACKUPS_URL = "/admin/jobs/backups/"


def download_url(name):
    return f"{BACKUPS_URL}{name}/download/"


@pytest.fixture
def backup_root(settings, tmp_path):
    settings.ELEARN_BACKUP_ROOT = tmp_path / "backups"
    return settings.ELEARN_BACKUP_ROOT


@pytest.fixture
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads committed rows only, not a test's transaction; tests/elearn/backup runs it on PostgreSQL")


def start_backup(client):
    response = client.post(BACKUPS_URL, follow=True)
    return response, response.context["job"]


def test_the_backups_page_offers_the_form_and_says_how_to_restore(admin_client, backup_root):
    page = admin_client.get(BACKUPS_URL).content.decode()
    assert f'action="{BACKUPS_URL}"' in page and 'name="csrfmiddlewaretoken"' in page and "No backup yet." in page
    assert "manage.py restore_site" in page and "replaces the whole database" in page and str(backup_root) in page


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_the_backups_page_is_translated(admin_client, administrator, backup_root, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(administrator)
    profile.preferred_language = language
    profile.save()
    with translation.override(language):
        expected = [translation.gettext(text) for text in ("Back up the site now", "Restoring a backup", "No backup yet.")]
    page = admin_client.get(BACKUPS_URL).content.decode()
    assert all(text in page for text in expected) and "Back up the site now" not in page


def test_a_backup_inside_an_open_transaction_fails_clearly_instead_of_waiting(admin_client, backup_root, sqlite_only):
    """Tests hold a transaction (SQLite's backup API cannot read past it): the job says so, leaves
    nothing; test_backup_worker.py makes real backups, through the admin and the worker."""
    response, job = start_backup(admin_client)
    assert response.redirect_chain == [(f"/admin/jobs/{job.pk}/", 302)]
    assert job.status == Job.FAILED and "inside an open transaction" in job.error
    assert list(backup_root.iterdir()) == []


def test_a_backup_that_fails_deletes_no_older_archive(admin_client, backup_root, settings, sqlite_only):
    settings.ELEARN_BACKUP_KEEP = 1
    backup_root.mkdir()
    older = ["site-2026-01-01-000000.tar.gz", "site-2026-01-02-000000-abcdef12.tar.gz"]
    for name in older:
        (backup_root / name).write_bytes(b"an earlier backup")
    response, job = start_backup(admin_client)
    assert job.status == Job.FAILED and "removed" not in job.result
    assert sorted(p.name for p in backup_root.iterdir()) == older


@pytest.mark.parametrize("keep, says", [
    (7, "after each backup, the newest 7 archives are kept; older ones are deleted. Other files in the folder are left alone."),
    (1, "after each backup, only 1 archive, the newest, is kept"), (0, "Archives made here are kept until you delete them.")])
def test_the_backups_page_says_how_many_archives_are_kept(admin_client, backup_root, settings, keep, says):
    settings.ELEARN_BACKUP_KEEP = keep
    assert says in admin_client.get(BACKUPS_URL).content.decode()


def test_a_backup_page_names_the_older_archives_it_deleted(admin_client, administrator, backup_root):
    backup_root.mkdir()
    name = "site-2026-01-08-000000-abcdef12.tar.gz"
    (backup_root / name).write_bytes(b"the new archive")
    removed = ["site-2026-01-01-000000-abcdef12.tar.gz", "site-2026-01-02-000000-abcdef12.tar.gz"]
    done = Job.objects.create(kind=Job.BACKUP, status=Job.SUCCEEDED, language="en", title=name, steps=3, step=3, params={"file": name},
                              result={"file": name, "size": 15, "removed": removed}, created_by=administrator)
    page = admin_client.get(f"/admin/jobs/{done.pk}/").content.decode()
    assert "Older archives deleted" in page and f"<code>{removed[0]}</code>, <code>{removed[1]}</code>" in page
    done.result = {"file": name, "size": 15, "removed": []}
    done.save()
    assert "Older archives deleted" not in admin_client.get(f"/admin/jobs/{done.pk}/").content.decode()


def test_a_backup_that_fails_leaves_no_archive_and_says_why(admin_client, backup_root, settings):
    settings.ELEARN_BACKUP_ROOT = settings.MEDIA_ROOT / "backups"  # inside the media folder: refused by create_backup
    response, job = start_backup(admin_client)
    assert job.status == Job.FAILED and job.error.startswith("The backup could not be made: Write the backup outside the media folder")
    assert "Back to the backups" in response.content.decode()
    assert [p.name for p in (settings.MEDIA_ROOT / "backups").iterdir()] == []


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_the_failure_is_introduced_in_the_language_of_who_asked(administrator, settings, language):
    settings.ELEARN_BACKUP_ROOT = settings.MEDIA_ROOT / "backups"
    with translation.override(language):
        job = service.enqueue_backup(administrator)
        lead = translation.gettext("The backup could not be made: %(reason)s") % {"reason": ""}
    assert job.status == Job.FAILED and job.error.startswith(lead) and "could not be made" not in lead


def test_a_worker_killed_mid_backup_leaves_no_half_written_archive(admin_client, administrator, backup_root):
    """What the worker leaves when killed in step 2 (the archive half-written, the dump beside it):
    recovery fails the job and deletes both; finished archives stay."""
    backup_root.mkdir()
    kept = backup_root / "site-2026-01-01-000000.tar.gz"
    kept.write_bytes(b"an earlier backup")
    name = "site-2026-05-01-120000-abcdef12.tar.gz"
    job = Job.objects.create(kind=Job.BACKUP, status=Job.RUNNING, language="en", title=name, params={"file": name}, steps=3, step=2,
                             created_by=administrator)
    (backup_root / f"{name}.partial").write_bytes(b"half an archive")
    (backup_root / f".{name}.work").mkdir()
    (backup_root / f".{name}.work" / "db.sqlite3").write_bytes(b"a dump")

    html = admin_client.get(f"/admin/jobs/{job.pk}/").content.decode()  # opening the page recovers it
    job.refresh_from_db()
    assert job.status == Job.FAILED and "The worker stopped while this job was running (step 2 of 3)." in html
    assert sorted(p.name for p in backup_root.iterdir()) == [kept.name]
    assert recovery.recover_abandoned_jobs() == 0


def test_a_worker_killed_while_checking_the_archive_keeps_no_unchecked_archive(administrator, backup_root):
    backup_root.mkdir()
    name = "site-2026-05-01-120000-abcdef12.tar.gz"
    Job.objects.create(kind=Job.BACKUP, status=Job.RUNNING, language="en", title=name, params={"file": name}, steps=3, step=3)
    (backup_root / name).write_bytes(b"a finished but unchecked archive")
    assert recovery.recover_abandoned_jobs() == 1
    assert list(backup_root.iterdir()) == []


def test_one_backup_at_a_time(admin_client, administrator, backup_root):
    running = Job.objects.create(kind=Job.BACKUP, status=Job.QUEUED, language="en", title="site-x.tar.gz", params={"file": "site-x.tar.gz"},
                                 steps=3, created_by=administrator)
    response = admin_client.post(BACKUPS_URL, follow=True)
    assert response.redirect_chain == [(f"/admin/jobs/{running.pk}/", 302)]
    assert "A backup is already being made" in response.content.decode()
    assert Job.objects.filter(kind=Job.BACKUP).count() == 1


@pytest.mark.parametrize("role", ["anonymous", "learner", "trainer", "maintainer"])
def test_only_administrators_see_start_and_download_backups(client, request, role, administrator, backup_root):
    backup_root.mkdir()
    (backup_root / "site-2026-01-01-000000.tar.gz").write_bytes(b"personal data")
    done = Job.objects.create(kind=Job.BACKUP, status=Job.SUCCEEDED, language="en", title="site-2026-01-01-000000.tar.gz", steps=3, step=3,
                              params={"file": "site-2026-01-01-000000.tar.gz"}, result={"file": "site-2026-01-01-000000.tar.gz", "size": 13},
                              created_by=administrator)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for url in (BACKUPS_URL, f"/admin/jobs/{done.pk}/", download_url("site-2026-01-01-000000.tar.gz")):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"personal data" not in b"".join(getattr(response, "streaming_content", [response.content]))
    assert client.post(BACKUPS_URL).status_code in (302, 403)
    assert Job.objects.filter(kind=Job.BACKUP).count() == 1
    if role != "anonymous":
        admin_page = client.get("/admin/").content.decode()
        assert BACKUPS_URL not in admin_page  # no menu item either
        if role == "maintainer":
            assert "site-2026-01-01-000000.tar.gz" not in client.get("/admin/jobs/").content.decode()


def test_the_menu_shows_backups_to_administrators(admin_client):
    assert BACKUPS_URL in admin_client.get("/admin/").content.decode()


def test_starting_a_backup_needs_the_csrf_token(administrator, backup_root):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    assert client.post(BACKUPS_URL).status_code == 403
    assert not Job.objects.filter(kind=Job.BACKUP).exists()


@pytest.mark.parametrize("name", [
    "..%2Fsecret.tar", "%2e%2e%2fsecret.tar", "..", ".site.tar.gz.work", "site.tar.gz.partial", "secret.txt", "outside.tar",
    "link.tar.gz", "missing.tar.gz",
])
def test_a_download_outside_the_backup_folder_is_refused(admin_client, backup_root, name):
    backup_root.mkdir()
    (backup_root.parent / "secret.tar").write_bytes(b"outside the folder")
    (backup_root / "site.tar.gz.partial").write_bytes(b"half")
    (backup_root / "secret.txt").write_bytes(b"not an archive")
    (backup_root / "link.tar.gz").symlink_to(backup_root.parent / "secret.tar")
    response = admin_client.get(download_url(name))
    assert response.status_code == 404
    assert b"outside the folder" not in b"".join(getattr(response, "streaming_content", [response.content]))


@pytest.mark.parametrize("name", ["../secret.tar", "/etc/passwd.tar", "a/b.tar", "..tar", ".hidden.tar", "x.tar\x00.gz", ""])
def test_backup_names_are_plain_archive_names_of_the_folder(backup_root, name):
    with pytest.raises(NoSuchBackup):
        backup_folder.backup_path(name)


def test_the_listing_shows_archives_only(backup_root):
    backup_root.mkdir()
    for name in ("site-a.tar.gz", "site-b.tar", "site-c.tar.gz.partial", "notes.txt", ".site-d.tar.gz.work"):
        (backup_root / name).write_bytes(b"x")
    assert sorted(b.name for b in backup_folder.list_backups()) == ["site-a.tar.gz", "site-b.tar"]
