"""The record of a background job: who asked for what, how far it is, and how it ended."""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    RELEASE = "release"
    IMPORT_PREVIEW = "import-preview"
    IMPORT_APPLY = "import-apply"
    BACKUP = "backup"
    KINDS = [(RELEASE, _("Cut a release")), (IMPORT_PREVIEW, _("Check a pack")), (IMPORT_APPLY, _("Import a pack")),
             (BACKUP, _("Back up the site"))]

    QUEUED, RUNNING, SUCCEEDED, FAILED = "queued", "running", "succeeded", "failed"
    STATUSES = [(QUEUED, _("Waiting")), (RUNNING, _("Running")), (SUCCEEDED, _("Done")), (FAILED, _("Failed"))]
    FINISHED = (SUCCEEDED, FAILED)
    ACTIVE = (QUEUED, RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=20, choices=KINDS)
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    language = models.CharField(max_length=10, help_text="The language of the person who asked: messages are written in it.")
    title = models.CharField(max_length=300, help_text="What the job does, e.g. the kit and version, or the pack's file name.")
    params = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    step = models.PositiveSmallIntegerField(default=0)
    steps = models.PositiveSmallIntegerField(default=1)
    message = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    # A checked pack is applied by one later job at most (service.enqueue_import_apply claims it).
    followed_by = models.OneToOneField("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follows")
    detail = models.TextField(blank=True, help_text="The latest line the work itself reported (as the import and release commands print it).")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "-created_at"], name="job_kind_recent"), models.Index(fields=["status"], name="job_status")]
        # The lock that lets one backup at a time run (each reads the whole site): a partial unique
        # index, so two requests at the same moment cannot both queue one (service.enqueue_backup).
        # Every way a job ends (runner, recovery.mark_failed) moves it out of QUEUED/RUNNING.
        constraints = [models.UniqueConstraint(fields=["kind"], condition=models.Q(kind="backup", status__in=["queued", "running"]),
                                               name="job_one_backup_at_a_time")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def finished(self):
        return self.status in self.FINISHED
