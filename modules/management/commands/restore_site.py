import sys

from django.core.management.base import BaseCommand, CommandError

from elearn.backup import BackupArchive, BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restore a site from a backup_site archive into an empty database and media storage, then compare every "
            "table's row count and every media file with the archive's manifest. Exits non-zero on any difference.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive written by backup_site.")
        parser.add_argument("--force", action="store_true",
                            help="Restore even though the database or media storage is not empty, replacing what is there.")
        parser.add_argument("--check-only", action="store_true",
                            help="Only verify the archive (manifest and every file's sha256); change nothing.")

    def handle(self, *args, archive, force, check_only, **options):
        quiet = options["verbosity"] == 0
        say = lambda message: quiet or sys.stderr.write(message + "\n")  # noqa: E731
        try:
            if check_only:
                return self.check_archive(archive, say)
            report = restore_backup(archive, force=force, say=say)
        except BackupError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"The restored site differs from the backup in {len(report.problems)} ways (listed above).")
        self.stdout.write(self.style.SUCCESS(f"Restored {archive}: every table and media file matches the backup."))

    def check_archive(self, archive, say):
        with BackupArchive(archive) as backup:
            backup.verify(say)
            manifest = backup.manifest
        self.stdout.write(f"Made {manifest['created_at']} by elearn {manifest['app_version']} ({manifest['engine']}).")
        for label, count in manifest["key_counts"].items():
            self.stdout.write(f"  {label:16}{count:>10}")
        self.stdout.write(self.style.SUCCESS(f"{archive} is intact: {len(manifest['files'])} files match their sha256."))
