"""Manifests of the real kits, as a release snapshot would hold them."""

import pytest

from modules.models import KitPage
from modules.packs.manifest import build_kit_snapshot, build_manifest
from modules.packs.media import MediaCollector


def snapshot_manifest(slug, version="1.0.0"):
    media = MediaCollector()
    kit_data, modules = build_kit_snapshot(KitPage.objects.get(slug=slug), media)
    return build_manifest(kit_data, modules, version=version, notes="First release.", files=media.file_entries(),
                          changelog=[{"version": version, "date": "2026-11-26", "notes": "First release."}])


@pytest.fixture
def manifest_t1(db):
    return snapshot_manifest("itg-t1")


@pytest.fixture
def manifest_t2(db):
    return snapshot_manifest("itg-t2")
