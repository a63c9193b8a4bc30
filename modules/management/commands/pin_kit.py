from django.core.management.base import BaseCommand, CommandError

from modules.models import ImportedKit


class Command(BaseCommand):
    help = "Pin an imported kit to its current release (newer releases are then reported, not applied), or unpin it."

    def add_arguments(self, parser):
        parser.add_argument("kit", help="The imported kit's slug.")
        parser.add_argument("--unpin", action="store_true")

    def handle(self, *args, kit, unpin, **options):
        imported = ImportedKit.objects.filter(kit__slug=kit).first()
        if imported is None:
            raise CommandError(f"'{kit}' is not a kit imported from a pack.")
        imported.pinned = not unpin
        imported.save(update_fields=["pinned"])
        state = f"pinned to release {imported.version}" if imported.pinned else "unpinned: newer releases will be applied"
        self.stdout.write(self.style.SUCCESS(f"{kit}: {state}."))
