from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from modules.glossary import load_glossary
from modules.packs.errors import PackError
from modules.packs.loader import load_pack_folder


class Command(BaseCommand):
    help = "Load the kits' sources (itg_t1/, itg_t2/ or given pack folders) through the pack importer. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("folders", nargs="*", help="Pack folders; default: the kits in ELEARN_KIT_SOURCES, in order.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report without writing anything.")

    def handle(self, *args, folders=(), dry_run=False, **options):
        for folder in folders or settings.ELEARN_KIT_SOURCES:
            self.stdout.write(f"Loading {Path(folder)} …")
            try:
                report = load_pack_folder(folder, dry_run=dry_run, say=self.stdout.write)
            except PackError as error:
                raise CommandError(f"{folder}: {error}") from error
            prefix = "Dry run, nothing written: " if dry_run else ""
            self.stdout.write(self.style.SUCCESS(f"{prefix}{report.summary()}"))
        if not dry_run:
            # After every kit, so each term's lesson exists whichever kit holds it.
            for folder in folders or settings.ELEARN_KIT_SOURCES:
                load_glossary(folder, say=self.stdout.write)
