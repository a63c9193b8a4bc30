import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from modules.roles import ensure_maintainer_group, ensure_trainer_group

DEMO_ACCOUNTS = [
    # (e-mail, first name, last name, organisation, region, country, helix role, staff group)
    ("maintainer@example.org", "Demo", "Maintainer", "S3-4AlpClusters training team", "Fribourg", "CH", "research", "maintainer"),
    ("trainer@example.org", "Demo", "Trainer", "Cluster SCC Lombardy", "Lombardy", "IT", "business", "trainer"),
    ("learner@example.org", "Demo", "Learner", "Regional innovation agency", "Salzburg", "AT", "public_authority", None),
]


class Command(BaseCommand):
    help = "Prepare a demo site: load both kits and create a demo trainer and learner. Idempotent."

    def handle(self, *args, **options):
        call_command("load_kits", stdout=self.stdout)
        groups = {"trainer": ensure_trainer_group(), "maintainer": ensure_maintainer_group()}
        password = os.environ.get("ELEARN_DEMO_PASSWORD", "alpine-demo-2026")
        User = get_user_model()
        self.stdout.write("\nDemo accounts (change or delete them on a public site):")
        for email, first, last, org, region, country, role, staff in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(username=email.split("@")[0], defaults={"email": email})
            user.email, user.first_name, user.last_name = email, first, last
            user.organisation, user.region, user.country, user.helix_role = org, region, country, role
            user.set_password(password)
            user.save()
            EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
            if staff:
                user.groups.add(groups[staff])
            kind = f"{staff} (admin at /admin/)" if staff else "learner"
            self.stdout.write(f"  {kind:28} e-mail: {email}  password: {password}")
