"""Revoke a certificate by its code: it then verifies as revoked, on the page and in the status list."""

from django.core.management.base import BaseCommand, CommandError

from modules.learning.models import find_certificate
from modules.learning.records import record_certificate_revoked


class Command(BaseCommand):
    help = "Revoke the certificate with the given verification code."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--reason", default="", help="Why (kept on record, not shown publicly).")

    def handle(self, *args, code, reason="", **options):
        certificate = find_certificate(code)
        if certificate is None:
            raise CommandError(f"No certificate with the code {code!r}.")
        if record_certificate_revoked(certificate, reason):
            self.stdout.write(f"revoked {certificate.code}")
        else:
            self.stdout.write(f"already revoked {certificate.code} on {certificate.revoked_at:%Y-%m-%d}")
