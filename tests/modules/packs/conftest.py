"""Manifests of the real kits, as a release snapshot would hold them."""

import pytest

from tests.modules.packs.snapshots import snapshot_manifest


@pytest.fixture
def manifest_t1(db):
    return snapshot_manifest("itg-t1")


@pytest.fixture
def manifest_t2(db):
    return snapshot_manifest("itg-t2")
