"""The admin pages of background jobs: the latest jobs, one job's progress and outcome (the page
reloads itself until the job has finished), and applying a checked pack. A job is shown to whoever
may do its kind of work (service.PERMISSIONS); applying is for the person who checked the pack."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..packs.report import HEADINGS
from ..permissions import staff_view
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
        "headings": HEADINGS, "can_apply": can_apply})


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
