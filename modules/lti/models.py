"""LTI rows of our own; django-lti keeps the platform registrations, deployments, keys and platform
users (`lti_tool.*`).

`LtiPlatform` is a proxy of django-lti's `LtiRegistration`: the admin (modules/lti/admin.py) and the
kit maintainers' permissions (`modules.*_ltiplatform`, modules/roles.py) hang on it.

`LtiGradeLink` is written at launch: this learner, launched from this line item of this platform, on
this module. `LtiScore` is the outbox of scores for those line items, written in the same transaction
as the quiz result it reports (an `OutboxRow`, like the xAPI outbox of modules/interop/models.py) and sent by
`grades.send_due_scores`, so a platform outage loses nothing."""

from django.conf import settings
from django.db import models
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
        indexes = [models.Index(fields=["status", "next_try_at"], name="lti_score_due")]
        verbose_name = _("LTI score to send")
        verbose_name_plural = _("LTI scores to send")

    def __str__(self):
        return f"{self.event_key} ({self.status})"
