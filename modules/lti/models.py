"""LTI rows of our own; django-lti keeps the platform registrations, deployments, keys and platform
users (`lti_tool.*`).

`LtiPlatform` is a proxy of django-lti's `LtiRegistration`: the admin (modules/lti/admin.py) and the
kit maintainers' permissions (`modules.*_ltiplatform`, modules/roles.py) hang on it.

`LtiGradeLink` is written at launch: this learner, launched from this line item of this platform, on
this module. `LtiScore` is the outbox of scores for those line items, written in the same transaction
as the quiz result it reports (an `OutboxRow`, like the xAPI outbox of modules/interop/models.py) and sent by
`grades.send_due_scores`, so a platform outage loses nothing."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from lti_tool.models import LtiDeployment, LtiRegistration, LtiUser

from ..interop.models import OutboxRow, outbox_statuses


class LtiPlatform(LtiRegistration):
    class Meta:
        proxy = True
        verbose_name = _("LTI platform")
        verbose_name_plural = _("LTI platforms")


class LtiGradeLink(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    platform_user = models.ForeignKey(LtiUser, on_delete=models.CASCADE, related_name="+")
    deployment = models.ForeignKey(LtiDeployment, on_delete=models.CASCADE, related_name="+")
    lineitem_url = models.URLField(max_length=1000)
    scopes = models.JSONField(default=list)
    # The module's stable id (translation key): the same in every kit and language.
    item_key = models.UUIDField(db_index=True)
    launched_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["platform_user", "lineitem_url"], name="lti_grade_link_once")]
        verbose_name = _("LTI grade link")

    def __str__(self):
        return f"{self.platform_user} → {self.lineitem_url}"


class LtiScore(OutboxRow):
    link = models.ForeignKey(LtiGradeLink, on_delete=models.CASCADE, related_name="scores")
    # One score per graded attempt and link: the same event queued twice is stored once.
    event_key = models.CharField(max_length=100, unique=True)
    score = models.JSONField()
    # Refused: unknown line item, no permission, an older timestamp.
    status = models.CharField(max_length=10, choices=outbox_statuses(_("Refused by the platform")), default=OutboxRow.PENDING)

    class Meta(OutboxRow.Meta):
        verbose_name = _("LTI score to send")
        verbose_name_plural = _("LTI scores to send")

    def __str__(self):
        return f"{self.event_key} ({self.status})"


class LtiRegistrationLink(models.Model):
    """A one-time address for LTI Dynamic Registration, made by a maintainer in the admin: only a
    platform given this address can register itself (modules/lti/registration.py). Used once, it
    points at the registration it created."""

    name = models.CharField(_("name"), max_length=255, help_text=_("The platform's name on this site, for example “Moodle Lombardia”."))
    token = models.CharField(max_length=64, unique=True, editable=False)
    activate_at_once = models.BooleanField(
        _("activate at once"), default=False,
        help_text=_("Otherwise the registered platform waits until a maintainer activates it in “LTI platforms”."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), editable=False)
    used_at = models.DateTimeField(null=True, blank=True, editable=False)
    platform = models.ForeignKey(LtiRegistration, verbose_name=_("platform"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("LTI registration link")
        verbose_name_plural = _("LTI registration links")

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = secrets.token_urlsafe(32)
            self.expires_at = timezone.now() + timedelta(days=settings.ELEARN_LTI_REGISTRATION_LINK_DAYS)
        super().save(*args, **kwargs)

    @property
    @admin.display(description=_("status"))
    def status(self):
        if self.used_at is not None:
            return _("Used")
        return _("Expired") if self.expires_at <= timezone.now() else _("Waiting for the platform")

    def __str__(self):
        return self.name


class LtiCourse(models.Model):
    """A platform's course (LTI context) an instructor launched from, with its Names and Role
    Provisioning address: the instructor's progress page reads the roster from there."""

    registration = models.ForeignKey(LtiRegistration, on_delete=models.CASCADE, related_name="+")
    context_id = models.CharField(max_length=255)
    title = models.CharField(max_length=500, blank=True)
    memberships_url = models.URLField(max_length=1000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["registration", "context_id"], name="lti_course_once")]
        verbose_name = _("LTI course")

    def __str__(self):
        return self.title or self.context_id
