import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from modules.models import KitPage, KitRelease
from modules.packs.releases import cut_release
from modules.roles import ensure_maintainer_group, ensure_trainer_group

# The first public release of each kit, so the catalogue, /api/packs/ and the feed are not empty on a
# fresh install (issue 15.9). Cut once: a later set-up leaves existing releases alone.
DEMO_RELEASE = "1.0.0"
DEMO_NOTES = "First public release of the kit, with the content corrected against the project's sources."

DEMO_ACCOUNTS = [
    # (e-mail, first name, last name, organisation, region, country, helix role, staff group)
    ("maintainer@example.org", "Demo", "Maintainer", "S3-4AlpClusters training team", "Fribourg", "CH", "research", "maintainer"),
    ("trainer@example.org", "Demo", "Trainer", "Cluster SCC Lombardy", "Lombardy", "IT", "business", "trainer"),
    ("learner@example.org", "Demo", "Learner", "Regional innovation agency", "Salzburg", "AT", "public_authority", None),
]


class Command(BaseCommand):
    help = "Prepare a demo site: load both kits, cut their first release, create the demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--no-releases", action="store_true",
                            help="Do not cut the kits' first release (the tests' prepared sites cut their own).")

    def handle(self, *args, no_releases=False, **options):
        call_command("load_kits", stdout=self.stdout)
        if not no_releases:
            self.cut_first_releases()
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

    def cut_first_releases(self):
        for kit in KitPage.objects.filter(locale__language_code="en").live().order_by("path"):
            if KitRelease.objects.filter(kit_key=kit.translation_key).exists():
                continue
            self.stdout.write(f"Cutting release {DEMO_RELEASE} of {kit.code} …")
            cut_release(kit, DEMO_RELEASE, DEMO_NOTES, say=lambda line: None)
