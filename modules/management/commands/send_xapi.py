"""Send the xAPI outbox to the site's LRS: once (from cron), or with --loop as a small worker."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from modules.interop.sender import send_due


class Command(BaseCommand):
    help = "Send the learning records waiting in the outbox to the LRS set by ELEARN_LRS_ENDPOINT."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, sending what is due every --interval seconds.")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between runs with --loop (default 15).")
        parser.add_argument("--batch-size", type=int, default=None, help="Statements per request (default ELEARN_LRS_BATCH_SIZE).")

    def handle(self, *args, loop=False, interval=15.0, batch_size=None, **options):
        if not settings.ELEARN_LRS_ENDPOINT:
            raise CommandError("No LRS is configured: set ELEARN_LRS_ENDPOINT (and its credentials) first.")
        if batch_size is not None and batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        while True:
            report = send_due(batch_size=batch_size)
            self.stdout.write(f"sent {report.sent}, refused {report.rejected}, waiting {report.waiting}")
            if report.error:
                self.stderr.write(f"The LRS is unavailable, will retry: {report.error}")
            if not loop:
                return
            time.sleep(interval)
