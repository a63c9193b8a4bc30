"""Admin URLs of background jobs, in the "jobs" namespace under /admin/jobs/ (modules/wagtail_hooks.py)."""

from django.urls import include, path

from . import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<uuid:job_id>/", admin_views.detail, name="detail"),
    path("<uuid:job_id>/apply/", admin_views.apply, name="apply"),
    # Backups of the whole site: administrators only (an archive holds every learner's personal data).
    path("backups/", include([
        path("", admin_views.backups, name="backups"),
        path("<str:name>/download/", admin_views.backup_download, name="backup_download"),
    ])),
]
