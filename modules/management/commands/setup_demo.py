import os

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from modules.models import KitPage, KitRelease
from modules.packs.manifest import parse_semver
from modules.packs.releases import cut_release
from modules.packs.source import read_release_notes
from modules.roles import ensure_maintainer_group, ensure_trainer_group

# The releases of each kit, so the catalogue, /api/packs/ and the feed are not empty on a fresh install
# (issue 15.9): those listed in the kit's sources (`releases.yaml`: 1.0.0, then 1.1.0 with what changed in
# issue 13, then 1.2.0 with the kit in five languages, issue 14), each cut once and in order. A later
# set-up leaves existing releases alone and cuts only the versions above the kit's latest, so a site that has
# 1.0.0 from an earlier set-up gets 1.1.0 from the current content. On a fresh install every release is a
# snapshot of the same, current sources: the notes tell what changed between the kit as first published
# and now.

DEMO_ACCOUNTS = [
    # (e-mail, first name, last name, organisation, region, country, helix role, staff group)
    ("maintainer@example.org", "Demo", "Maintainer", "S3-4AlpClusters training team", "Fribourg", "CH", "research", "maintainer"),
    ("trainer@example.org", "Demo", "Trainer", "Cluster SCC Lombardy", "Lombardy", "IT", "business", "trainer"),
    ("learner@example.org", "Demo", "Learner", "Regional innovation agency", "Salzburg", "AT", "public_authority", None),
]


class Command(BaseCommand):
    help = "Prepare a demo site: load both kits, cut their releases (1.0.0, 1.1.0, 1.2.0), create the demo accounts. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument("--no-releases", action="store_true",
                            help="Do not cut the kits' releases (the tests' prepared sites cut their own).")

    def handle(self, *args, no_releases=False, **options):
        call_command("load_kits", stdout=self.stdout)
        if not no_releases:
            self.cut_releases()
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

    def cut_releases(self):
        for folder in settings.ELEARN_KIT_SOURCES:
            kit_id, releases = read_release_notes(folder)
            kit = KitPage.objects.in_source_language().filter(translation_key=kit_id).live().first()
            if kit is None:
                continue
            for version, notes, translated in releases:
                latest = KitRelease.objects.latest_for(kit.translation_key)
                if latest and parse_semver(version)[0] <= latest.semver:
                    continue
                self.stdout.write(f"Cutting release {version} of {kit.code} …")
                cut_release(kit, version, notes, say=lambda line: None, notes_translations=translated)
