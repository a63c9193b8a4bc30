"""Rotate the LTI tool's signing key: add a new key and retire the keys replaced more than the grace
period ago (they stay published meanwhile, for platforms that cached our key set)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from modules.lti.keys import retire_replaced_keys, rotate_keys


class Command(BaseCommand):
    help = "Add a new LTI signing key and retire keys replaced more than --grace-days ago."

    def add_arguments(self, parser):
        parser.add_argument("--grace-days", type=int, default=None, help="Days a replaced key stays published (default ELEARN_LTI_KEY_GRACE_DAYS).")
        parser.add_argument("--retire-only", action="store_true", help="Add no key; only retire keys whose grace period is over.")

    def handle(self, *args, grace_days=None, retire_only=False, **options):
        grace = settings.ELEARN_LTI_KEY_GRACE_DAYS if grace_days is None else grace_days
        if grace < 0:
            raise CommandError("--grace-days cannot be negative.")
        if retire_only:
            self.stdout.write(f"retired {retire_replaced_keys(grace)}")
            return
        report = rotate_keys(grace)
        self.stdout.write(f"added key {report.new_kid}, retired {report.retired}")
