"""Background jobs in the admin: a release cut and a pack check/import run as jobs (the immediate
backend here; test_worker.py runs the real queue), their page shows progress and keeps itself
up to date while they run, the outcome or the error in the asker's language; only who may do the work sees
and starts them; applying a checked pack needs CSRF and the checker; the list's queries stay flat."""

import http.server
import threading

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from modules.jobs import recovery, service
from modules.models import ImportedKit, Job, KitPage, KitRelease
from tests.admin_jobs import RELEASES_URL, apply_pack, apply_url, check_pack_url, job_of
from tests.modules.packs.pack_zip import pack_zip, renumber
from tests.modules.packs.snapshots import snapshot_manifest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def running_job(**fields):
    return Job.objects.create(**{"kind": Job.RELEASE, "status": Job.RUNNING, "language": "en", "title": "ITG T2 2.0.0", "steps": 2, "step": 1,
                                 "message": "Checking the kit and the version", **fields})


def test_a_release_cut_in_the_admin_runs_as_a_job_and_its_page_gives_the_outcome(client, maintainer):
    client.force_login(maintainer)
    kit = KitPage.objects.get(slug="itg-t2")
    response = client.post(RELEASES_URL, {"kit": kit.pk, "version": "2.0.0", "notes": "From a job."}, follow=True)
    job = job_of(response)
    assert response.redirect_chain == [(f"/admin/jobs/{job.pk}/", 302)]
    assert job.kind == Job.RELEASE and job.status == Job.SUCCEEDED and job.created_by == maintainer and job.step == job.steps == 2
    html = response.content.decode()
    assert f"Release 2.0.0 of {kit.title} is cut." in html and 'http-equiv="refresh"' not in html
    release = KitRelease.objects.get()
    assert release.notes == "From a job." and job.result["release"] == release.pk and job.result["files"] == release.files.count()
    assert job.title in client.get("/admin/jobs/").content.decode()


def test_a_wrong_version_is_refused_at_once_and_queues_nothing(client, maintainer):
    client.force_login(maintainer)
    kit = KitPage.objects.get(slug="itg-t2")
    assert client.post(RELEASES_URL, {"kit": kit.pk, "version": "2.0", "notes": ""}).status_code == 400
    assert not Job.objects.exists()


def test_a_running_job_page_shows_its_step_and_keeps_itself_up_to_date(client, maintainer):
    client.force_login(maintainer)
    job = running_job(detail="Snapshotting ITG-T2 2.0.0 …")
    with _Held(job):  # its worker is alive: recovery leaves it
        html = client.get(f"/admin/jobs/{job.pk}/").content.decode()
    # The script swaps the marked part for a newer copy (tests/browser/test_job_progress.py); without
    # scripts the page reloads itself.
    assert '<div data-refresh-region data-refresh-seconds="2" aria-live="polite">' in html and "js/admin-refresh.js" in html
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "Step 1 of 2" in html and "Checking the kit and the version" in html and "Snapshotting ITG-T2 2.0.0" in html
    listing = client.get("/admin/jobs/").content.decode()
    assert '<div data-refresh-region data-refresh-seconds="2">' in listing and '<noscript><meta http-equiv="refresh"' in listing


class _Held:
    """Hold a job's lock as its worker does."""

    def __init__(self, job):
        self.lock = recovery.job_lock(job.pk)

    def __enter__(self):
        assert self.lock.acquire(exclusive=True, wait=False)
        return self

    def __exit__(self, *exc):
        self.lock.release()


def test_a_running_job_without_its_worker_is_failed_when_its_page_opens(client, maintainer):
    client.force_login(maintainer)
    job = running_job()
    html = client.get(f"/admin/jobs/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.status == Job.FAILED and "The worker stopped while this job was running (step 1 of 2)." in html


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_the_error_is_written_in_the_language_of_who_asked(maintainer, language):
    with translation.override(language):
        job = service.create_job(Job.RELEASE, maintainer, "Gone 1.0.0", {"kit": 0, "version": "1.0.0", "notes": ""}, steps=2)
        job = service.enqueue(job)
        expected = _("The release could not be cut: %(reason)s") % {"reason": _("The kit is no longer published.")}
    assert job.language == language and job.status == Job.FAILED and job.error == expected
    assert "could not be cut" not in job.error and "no longer published" not in job.error  # translated, not English


@pytest.mark.parametrize("role", ["anonymous", "learner", "trainer"])
def test_only_who_may_do_the_work_sees_and_starts_jobs(client, request, role, maintainer):
    checked = Job.objects.create(kind=Job.IMPORT_PREVIEW, status=Job.SUCCEEDED, language="en", title="p.zip", created_by=maintainer,
                                 params={"filename": "p.zip", "staged": "pack-uploads/x.zip"})
    release = running_job(status=Job.SUCCEEDED)
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for url in ("/admin/jobs/", f"/admin/jobs/{checked.pk}/", f"/admin/jobs/{release.pk}/"):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(apply_url(checked)).status_code in (302, 403)
    assert client.post("/admin/kit-packs/import/", {"url": "https://example.org/pack.zip"}).status_code in (302, 403)
    assert Job.objects.count() == 2


def test_applying_a_checked_pack_needs_the_csrf_token(maintainer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(maintainer)
    checked = Job.objects.create(kind=Job.IMPORT_PREVIEW, status=Job.SUCCEEDED, language="en", title="p.zip", created_by=maintainer,
                                 params={"filename": "p.zip", "staged": "pack-uploads/x.zip"})
    assert client.post(apply_url(checked)).status_code == 403
    assert not Job.objects.filter(kind=Job.IMPORT_APPLY).exists()
    assert 'name="csrfmiddlewaretoken"' in client.get(f"/admin/jobs/{checked.pk}/").content.decode()


@pytest.fixture
def served_pack(db):
    """An outside pack on a local HTTP server: yields its URL."""
    manifest = renumber(snapshot_manifest("itg-t2"), slug="from-the-web")
    manifest["modules"] = manifest["modules"][2:3]
    data = pack_zip(manifest)

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            self.send_response(200)
            self.send_header("Content-Type", "application/zip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/from-the-web-1.0.0.zip"
    server.shutdown()
    server.server_close()


def test_a_pack_is_imported_from_its_address(client, maintainer, served_pack, settings, media_root):
    settings.ELEARN_PACK_URL_ALLOW_PRIVATE = True  # the test's server is on loopback
    client.force_login(maintainer)
    checked = check_pack_url(client, served_pack)
    job = job_of(checked)
    assert job.status == Job.SUCCEEDED and job.steps == 2 and job.title == served_pack, job.error
    assert "What importing" in checked.content.decode() and not KitPage.objects.filter(slug="from-the-web").exists()
    applied = apply_pack(client, job)
    assert job_of(applied).status == Job.SUCCEEDED
    assert ImportedKit.objects.get(kit__slug="from-the-web").source == served_pack
    assert not (media_root / "pack-uploads").exists() or not any((media_root / "pack-uploads").iterdir())


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/pack.zip", "http://localhost/pack.zip", "http://169.254.169.254/latest/", "ftp://example.org/p.zip"])
def test_addresses_on_the_server_or_its_network_are_refused(client, maintainer, url):
    client.force_login(maintainer)
    response = client.post("/admin/kit-packs/import/", {"url": url})
    assert response.status_code == 400 and not Job.objects.exists()


def test_the_jobs_list_reads_a_fixed_number_of_queries(client, maintainer):
    client.force_login(maintainer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/jobs/").status_code == 200
        return len(queries)

    for number in range(3):
        running_job(status=Job.SUCCEEDED, created_by=maintainer, title=f"Kit {number}")
    few = count()
    for number in range(30):
        running_job(status=Job.FAILED, created_by=maintainer, title=f"Kit {number}", kind=Job.IMPORT_PREVIEW)
    assert count() == few


def test_a_job_that_does_not_exist_is_not_found_and_nothing_is_queued(client, maintainer):
    client.force_login(maintainer)
    assert client.get("/admin/jobs/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/admin/jobs/not-a-job/").status_code == 404
    assert not Job.objects.exists()


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_the_job_screens_say_they_keep_up_to_date_in_the_admins_language(client, maintainer, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(maintainer)
    profile.preferred_language = language
    profile.save()
    client.force_login(maintainer)
    job = running_job()
    with _Held(job):
        page = client.get(f"/admin/jobs/{job.pk}/").content.decode()
    listing = client.get("/admin/jobs/").content.decode()
    with translation.override(language):
        on_page = _("This page keeps itself up to date. You may leave it: the job goes on.")
        on_list = _("Cutting a release and checking or importing a pack run in the background: you may leave this page and come back. "
                    "This list keeps itself up to date.")
    assert "keeps itself up to date" not in on_page + on_list  # translated, not the English text
    assert escape(on_page) in page and escape(on_list) in listing
    assert 'data-refresh-seconds="2"' in page and 'data-refresh-seconds="2"' in listing
