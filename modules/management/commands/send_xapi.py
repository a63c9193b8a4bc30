"""Send the xAPI outbox to the site's LRS: once (from cron), or with --loop as a small worker."""

from django.conf import settings
from django.core.management.base import CommandError

from modules.interop.sender import send_due

from ..outbox import SendOutboxCommand


class Command(SendOutboxCommand):
    help = "Send the learning records waiting in the outbox to the LRS set by ELEARN_LRS_ENDPOINT."
    receiver = "The LRS"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--batch-size", type=int, default=None, help="Statements per request (default ELEARN_LRS_BATCH_SIZE).")

    def handle(self, *args, batch_size=None, **options):
        if not settings.ELEARN_LRS_ENDPOINT:
            raise CommandError("No LRS is configured: set ELEARN_LRS_ENDPOINT (and its credentials) first.")
        if batch_size is not None and batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        super().handle(*args, batch_size=batch_size, **options)

    def send(self, batch_size=None, **options):
        return send_due(batch_size=batch_size)
