from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modules.packs.errors import PackError
from modules.packs.loader import load_pack_archive, open_pack
from modules.packs.report import format_report


class Command(BaseCommand):
    help = ("Import a kit pack (zip) from a file or URL, or take a newer release of a kit imported before. "
            "Shows what will change, then applies it; local edits are never overwritten.")

    def add_arguments(self, parser):
        parser.add_argument("location", help="Path or http(s) URL of the pack zip.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change without writing anything.")
        parser.add_argument("--publish", action="store_true", help="Publish new and updated pages (default: drafts to review).")
        parser.add_argument("--force", action="store_true", help="Apply even if the kit is pinned to another release.")

    def handle(self, *args, location, dry_run, publish, force, **options):
        source = location if location.startswith(("http://", "https://")) else Path(location).name
        try:
            with open_pack(location) as handle:
                report = load_pack_archive(handle, source=source, publish=publish, dry_run=dry_run, force=force, progress=self.stdout.write)
        except PackError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(format_report(report))
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}{report.summary()}"))
