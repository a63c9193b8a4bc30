"""Release snapshots of the real kits, as cutting a release would build them."""

import copy

from modules.models import KitPage
from modules.packs.manifest import build_kit_snapshot, build_manifest
from modules.packs.media import MediaCollector


def snapshot_manifest(slug, version="1.0.0"):
    media = MediaCollector()
    kit_data, modules = build_kit_snapshot(KitPage.objects.get(slug=slug), media)
    return build_manifest(kit_data, modules, version=version, notes="First release.", files=media.file_entries(),
                          changelog=[{"version": version, "date": "2026-11-26", "notes": "First release."}])


def bump(manifest, version):
    new = copy.deepcopy(manifest)
    new["version"] = version
    new["changelog"].append({"version": version, "date": "2027-01-15", "notes": "Upstream update."})
    return new
