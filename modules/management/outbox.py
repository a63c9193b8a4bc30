"""What the outbox senders' commands share (send_xapi, send_lti_scores): run once (from cron), or
with --loop as a small worker, and say what was sent, refused and left waiting."""

import time

from django.core.management.base import BaseCommand


class SendOutboxCommand(BaseCommand):
    # How stderr names the receiver that did not answer, e.g. "The LRS".
    receiver = ""

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, sending what is due every --interval seconds.")
        parser.add_argument("--interval", type=float, default=15.0, help="Seconds between runs with --loop (default 15).")

    def send(self, **options):
        """Send what is due once; returns a SendReport."""
        raise NotImplementedError

    def handle(self, *args, loop=False, interval=15.0, **options):
        while True:
            report = self.send(**options)
            self.stdout.write(f"sent {report.sent}, refused {report.rejected}, waiting {report.waiting}")
            if report.error:
                self.stderr.write(f"{self.receiver} is unavailable, will retry: {report.error}")
            if not loop:
                return
            time.sleep(interval)
