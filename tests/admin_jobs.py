"""Builders for the admin's background jobs (modules/jobs): check a pack, apply it, cut a release,
each through the admin's forms. Tests run the jobs with the immediate backend (settings.test), so a
job has finished when its page opens."""

from django.core.files.uploadedfile import SimpleUploadedFile

from modules.models import Job

IMPORT_URL = "/admin/kit-packs/import/"
RELEASES_URL = "/admin/kit-releases/"


def check_pack(client, data, name="from-upstream-1.0.0.zip", follow=True):
    """Upload a pack: the check job runs, and the response is its page (or the form with its errors)."""
    return client.post(IMPORT_URL, {"pack": SimpleUploadedFile(name, data, "application/zip")}, follow=follow)


def check_pack_url(client, url):
    return client.post(IMPORT_URL, {"url": url}, follow=True)


def job_of(response):
    return response.context["job"]


def apply_url(job):
    return f"/admin/jobs/{job.pk}/apply/"


def apply_pack(client, checked, follow=True):
    """Apply a checked pack (a Job or the check's response)."""
    job = checked if isinstance(checked, Job) else job_of(checked)
    return client.post(apply_url(job), follow=follow)
