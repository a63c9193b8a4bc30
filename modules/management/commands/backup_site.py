import sys

from django.core.management.base import BaseCommand, CommandError

from elearn.backup import BackupError, create_backup


class Command(BaseCommand):
    help = ("Back up the whole site into one archive: the database (SQLite or PostgreSQL, native format), every media "
            "file from the media storage (disk or S3) and a manifest with row counts and sha256 hashes. See docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive to write, e.g. /var/backups/elearn/site-2026-05-01.tar "
                                            "(gzip-compressed when the name ends in .tar.gz).")
        parser.add_argument("--force", action="store_true", help="Replace the archive if it already exists.")

    def handle(self, *args, archive, force, **options):
        quiet = options["verbosity"] == 0
        try:
            manifest = create_backup(archive, overwrite=force, say=lambda message: quiet or sys.stderr.write(message + "\n"))
        except BackupError as error:
            raise CommandError(str(error)) from error
        if not quiet:
            for label, count in manifest["key_counts"].items():
                self.stdout.write(f"  {label:16}{count:>10}")
        self.stdout.write(self.style.SUCCESS(
            f"Backed up {manifest['engine']} database ({len(manifest['table_counts'])} tables) and {manifest['media_files']} "
            f"media files to {archive}."))
