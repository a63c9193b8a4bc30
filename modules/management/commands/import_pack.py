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
        options = {"source": source, "publish": publish, "force": force}
        try:
            with open_pack(location) as handle:
                # First what will change, then (unless --dry-run) the same import for real.
                preview = load_pack_archive(handle, dry_run=True, say=self.stdout.write, **options)
                self.stdout.write("What this import changes:\n" + (format_report(preview) or "  nothing"))
                if dry_run:
                    self.stdout.write(self.style.SUCCESS(f"Dry run, nothing written: {preview.summary()}"))
                    return
                self.stdout.write("Applying …")
                handle.seek(0)
                report = load_pack_archive(handle, say=lambda message: None, **options)
        except PackError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(report.summary()))
