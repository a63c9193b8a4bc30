"""The xAPI outbox: one row per statement for the site's LRS, written in the same transaction as
the progress it describes and sent later by `sender` (so an LRS outage loses nothing and slows no
learner down). `statement_id` is unique: the same event queued twice is stored once.

`OutboxRow` is what every outbox keeps about sending a row (this one and the LTI score outbox,
modules/lti/models.py): its status, tries, back-off and last error, and the bookkeeping of a try."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PENDING = "pending"
SENT = "sent"
# The receiver refused it for good; a person looks at it, it is never resent by itself.
REJECTED = "rejected"


def outbox_statuses(refused_label):
    return [(PENDING, _("Waiting to be sent")), (SENT, _("Sent")), (REJECTED, refused_label)]


def backoff(attempts):
    """Seconds to wait after the n-th failed try: doubling from the base, capped."""
    return min(settings.ELEARN_LRS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), settings.ELEARN_LRS_RETRY_MAX_SECONDS)


class OutboxRow(models.Model):
    """One thing to send, sent later by a command so an outage of the receiver loses nothing.
    A subclass declares `status` with `outbox_statuses(...)` (the refusal names its receiver); the
    index serves `due`, the sender's query."""

    PENDING = PENDING
    SENT = SENT
    REJECTED = REJECTED

    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField()
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "next_try_at"], name="%(app_label)s_%(class)s_due")]

    @classmethod
    def due(cls, now):
        return cls.objects.filter(status=PENDING, next_try_at__lte=now).order_by("pk")

    @classmethod
    def waiting(cls):
        return cls.objects.filter(status=PENDING).count()

    def mark(self, status, error=""):
        """One try ended for good: sent, or refused with the receiver's answer."""
        type(self).objects.filter(pk=self.pk).update(
            status=status, attempts=self.attempts + 1, last_error=error[:2000],
            sent_at=timezone.now() if status == SENT else None,
        )

    def postpone(self, error, now):
        """The receiver was unavailable: try again after the back-off (unless it was sent meanwhile)."""
        attempts = self.attempts + 1
        type(self).objects.filter(pk=self.pk, status=PENDING).update(
            attempts=attempts, last_error=error[:2000], next_try_at=now + timedelta(seconds=backoff(attempts)),
        )


class OutboxStatement(OutboxRow):
    statement_id = models.UUIDField(unique=True)
    # Deleting an account deletes the statements about it that were not sent yet, too.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=40)
    statement = models.JSONField()
    # Refused: malformed, or a different statement already has its id.
    status = models.CharField(max_length=10, choices=outbox_statuses(_("Refused by the LRS")), default=PENDING)

    class Meta(OutboxRow.Meta):
        verbose_name = _("xAPI statement to send")
        verbose_name_plural = _("xAPI statements to send")

    def __str__(self):
        return f"{self.event} {self.statement_id} ({self.status})"
