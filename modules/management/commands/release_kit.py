from django.core.management.base import BaseCommand, CommandError

from modules.models import KitPage
from modules.packs.errors import PackError
from modules.packs.releases import cut_release


class Command(BaseCommand):
    help = "Cut an immutable release of a kit: snapshot, pack with offline copy, SCORM 1.2 per module, Moodle XML."

    def add_arguments(self, parser):
        parser.add_argument("kit", help="The kit's slug (e.g. itg-t1) or code (e.g. 'ITG T1').")
        parser.add_argument("version", help="Semantic version, higher than the latest release (e.g. 1.0.0).")
        parser.add_argument("--notes", default="", help="Release notes shown in the catalogue and the changelog.")

    def handle(self, *args, kit, version, notes, **options):
        kits = KitPage.objects.in_source_language()  # a release is cut from the kit, never from a translation of it
        page = kits.filter(slug=kit).first() or kits.filter(code__iexact=kit).first()
        if page is None:
            raise CommandError(f"No kit with slug or code '{kit}'. Kits: {', '.join(kits.order_by('slug').values_list('slug', flat=True))}")
        try:
            release = cut_release(page, version, notes, say=self.stdout.write)
        except PackError as error:
            raise CommandError(str(error)) from error
        for item in release.files.all():
            self.stdout.write(f"  {item.filename}  {item.size} bytes  sha256 {item.sha256}")
        self.stdout.write(self.style.SUCCESS(f"Released {page.code} {release.version}."))
