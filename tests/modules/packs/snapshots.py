"""Release snapshots of the real kits, as cutting a release would build them."""

import copy

from modules.models import KitPage
from modules.packs.manifest import build_kit_snapshot, build_manifest
from modules.packs.media import MediaCollector
from modules.packs.pack_translations import build_translations


def snapshot_manifest(slug, version="1.0.0", translations=False):
    """`translations`: carry the kit's live translations, as cutting a release does."""
    media = MediaCollector()
    kit_data, modules = build_kit_snapshot(KitPage.objects.get(slug=slug, locale__language_code="en"), media)
    found = build_translations(kit_data, modules, "en") if translations else None
    return build_manifest(kit_data, modules, version=version, notes="First release.", files=media.file_entries(),
                          changelog=[{"version": version, "date": "2026-11-26", "notes": "First release."}], translations=found)


def bump(manifest, version):
    new = copy.deepcopy(manifest)
    new["version"] = version
    new["changelog"].append({"version": version, "date": "2027-01-15", "notes": "Upstream update."})
    return new


def load_german_sh1():
    """SH-1 in German from itg_t1's sources (the test settings leave kit translations out)."""
    from django.conf import settings
    from django.test import override_settings

    from modules.packs.loader import load_pack_folder

    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        return load_pack_folder(settings.ELEARN_KIT_SOURCES[0])


def german_manifest(slug="itg-t1"):
    """The snapshot of a kit with German SH-1 (from the kit sources), as cutting a release builds it."""
    load_german_sh1()
    return snapshot_manifest(slug, translations=True)


def with_language(manifest, language, like="de"):
    """The manifest with `language` carrying the same translated entries as `like` (text left as it is):
    enough to check what a per-language export prints around the content, e.g. the funding statement."""
    new = copy.deepcopy(manifest)
    new["translations"][language] = copy.deepcopy(new["translations"][like])
    new["languages"] = [*new["languages"], language]
    return new
