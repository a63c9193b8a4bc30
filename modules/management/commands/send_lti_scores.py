"""Send the LTI score outbox to the platforms' gradebooks: once (from cron), or with --loop as a worker."""

import time

from django.core.management.base import BaseCommand

from modules.lti.grades import send_due_scores


class Command(BaseCommand):
    help = "Send the quiz scores waiting for the LTI platforms' gradebooks (Assignment and Grade Services)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, sending what is due every --interval seconds.")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between runs with --loop (default 15).")

    def handle(self, *args, loop=False, interval=15.0, **options):
        while True:
            report = send_due_scores()
            self.stdout.write(f"sent {report.sent}, refused {report.rejected}, waiting {report.waiting}")
            if report.error:
                self.stderr.write(f"A platform is unavailable, will retry: {report.error}")
            if not loop:
                return
            time.sleep(interval)
