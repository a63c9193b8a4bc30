from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from elearn.accounts.data_rights import purge_unconfirmed


class Command(BaseCommand):
    help = ("Delete accounts whose e-mail address was not confirmed within N days of sign-up and that hold no "
            "learning record (default N: ELEARN_UNCONFIRMED_ACCOUNT_DAYS). Run it daily, e.g. from cron.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Days an account may stay unconfirmed.")

    def handle(self, *args, days=None, **options):
        days = settings.ELEARN_UNCONFIRMED_ACCOUNT_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1.")
        count = purge_unconfirmed(days)
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} unconfirmed account(s) older than {days} days."))
