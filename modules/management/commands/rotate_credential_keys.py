"""Rotate the key that signs Open Badges credentials: add a new key, retire keys replaced more than
the grace period ago. Credentials signed by a retired key no longer verify: retire only a leaked key."""

from django.core.management.base import BaseCommand, CommandError

from modules.credentials.keys import rotate_keys


class Command(BaseCommand):
    help = "Add a new credential signing key; retire keys replaced more than --grace-days ago (default: never)."

    def add_arguments(self, parser):
        parser.add_argument("--grace-days", type=int, default=None, help="Retire keys replaced this many days ago.")

    def handle(self, *args, grace_days=None, **options):
        if grace_days is not None and grace_days < 0:
            raise CommandError("--grace-days cannot be negative.")
        report = rotate_keys(36500 if grace_days is None else grace_days)
        self.stdout.write(f"added key {report.new_kid}, retired {report.retired}")
