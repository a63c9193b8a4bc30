from django.core.management.base import BaseCommand

from modules.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or update the Trainers and Kit maintainers groups and the Kit review workflow. Idempotent."

    def handle(self, *args, **options):
        trainers, maintainers = ensure_roles()
        self.stdout.write(f"Groups “{trainers.name}” and “{maintainers.name}” and the “Kit review” workflow are set up.")
