"""The xAPI outbox: one row per statement for the site's LRS, written in the same transaction as
the progress it describes and sent later by `sender` (so an LRS outage loses nothing and slows no
learner down). `statement_id` is unique: the same event queued twice is stored once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxStatement(models.Model):
    PENDING = "pending"
    SENT = "sent"
    # The LRS refused it for good (malformed, or a different statement already has its id).
    REJECTED = "rejected"
    STATUSES = [(PENDING, _("Waiting to be sent")), (SENT, _("Sent")), (REJECTED, _("Refused by the LRS"))]

    statement_id = models.UUIDField(unique=True)
    # Deleting an account deletes the statements about it that were not sent yet, too.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=40)
    statement = models.JSONField()
    status = models.CharField(max_length=10, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_try_at"], name="outbox_due")]
        verbose_name = _("xAPI statement to send")
        verbose_name_plural = _("xAPI statements to send")

    def __str__(self):
        return f"{self.event} {self.statement_id} ({self.status})"
