"""The admin pages of background jobs: the latest jobs, one job's progress and outcome (kept up to
date until the job has finished, templates/modules/admin/jobs/refreshing.html), and applying a checked
pack. A job is shown to whoever may do its kind of work (service.PERMISSIONS); applying is for the
person who checked the pack.
Backups (start one, list the archives, download one) are for administrators only."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from elearn.backup import folder as backup_folder
from elearn.backup.errors import NoSuchBackup

from ..packs.report import HEADINGS
from ..permissions import SUPERUSER, staff_view
from . import recovery, service
from .models import Job

REFRESH_SECONDS = 2


@staff_view(service.ANY_JOB)
def index(request):
    recovery.recover_abandoned_jobs()
    return TemplateResponse(request, "modules/admin/jobs/index.html", {
        "page_title": _("Background jobs"), "header_icon": "time", "jobs": service.visible_jobs(request.user), "refresh": REFRESH_SECONDS})


def _visible_job(request, job_id):
    job = get_object_or_404(Job.objects.select_related("created_by", "follows", "followed_by"), pk=job_id)
    if not service.may_see(request.user, job):
        raise PermissionDenied
    return job


@staff_view(service.ANY_JOB)
def detail(request, job_id):
    job = _visible_job(request, job_id)
    if not job.finished:
        recovery.recover_abandoned_jobs()
        job.refresh_from_db()
    can_apply = (job.kind == Job.IMPORT_PREVIEW and job.status == Job.SUCCEEDED and job.created_by_id == request.user.pk
                 and job.followed_by_id is None)
    return TemplateResponse(request, "modules/admin/jobs/detail.html", {
        "page_title": str(job), "header_icon": "time", "job": job, "refresh": None if job.finished else REFRESH_SECONDS,
        "headings": HEADINGS, "can_apply": can_apply, "backup_kept": _backup_kept(job)})


def _backup_kept(job):
    if job.kind != Job.BACKUP or job.status != Job.SUCCEEDED:
        return False
    try:
        return backup_folder.existing_backup(job.result.get("file", "")) is not None
    except NoSuchBackup:
        return False  # deleted from the folder since


@require_POST
@staff_view(service.ANY_JOB)
def apply(request, job_id):
    preview = _visible_job(request, job_id)
    if preview.kind != Job.IMPORT_PREVIEW or preview.status != Job.SUCCEEDED or preview.created_by_id != request.user.pk:
        raise PermissionDenied
    try:
        job = service.enqueue_import_apply(preview, request.user)
    except service.AlreadyApplied:
        messages.error(request, _("This pack was applied already."))
        return redirect("jobs:detail", preview.pk)
    return redirect("jobs:detail", job.pk)


@require_http_methods(["GET", "POST"])
@staff_view(SUPERUSER)
def backups(request):
    """The archives in the backup folder, the latest backup jobs, and the form that starts one (POST)."""
    if request.method == "POST":
        try:
            job = service.enqueue_backup(request.user)
        except service.BackupRunning as running:
            messages.warning(request, _("A backup is already being made; here is its progress."))
            return redirect("jobs:detail", running.job.pk)
        return redirect("jobs:detail", job.pk)
    recovery.recover_abandoned_jobs()
    root = backup_folder.backup_root()
    return TemplateResponse(request, "modules/admin/jobs/backups.html", {
        "page_title": _("Backups"), "header_icon": "download", "backups": backup_folder.list_backups(), "backup_root": root,
        "keep": settings.ELEARN_BACKUP_KEEP,
        "jobs": list(Job.objects.filter(kind=Job.BACKUP).select_related("created_by").defer("params")[:10])})


@require_GET
@never_cache
@staff_view(SUPERUSER)
def backup_download(request, name):
    """Stream one archive of the backup folder, to administrators only; any other name is a 404."""
    try:
        path = backup_folder.existing_backup(name)
    except NoSuchBackup as error:
        raise Http404(error.message) from error
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=path.name, content_type="application/octet-stream")
    response["X-Content-Type-Options"] = "nosniff"
    return response
