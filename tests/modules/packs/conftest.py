"""Manifests of the real kits, as a release snapshot would hold them."""

import pytest

from tests.modules.packs.snapshots import snapshot_manifest


@pytest.fixture
def manifest_t1(db):
    return snapshot_manifest("itg-t1")


@pytest.fixture
def manifest_t2(db):
    return snapshot_manifest("itg-t2")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A migrated, empty database, copied for each fresh site."""
    import os

    from .fresh_site import manage

    folder = tmp_path_factory.mktemp("fresh-template")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}"}
    manage(env, "migrate", "--no-input", "-v", "0")
    return folder / "db.sqlite3"


@pytest.fixture
def fresh_site(migrated_template, tmp_path):
    """The environment of a fresh site: run `manage(fresh_site, …)` against it."""
    import os
    import shutil

    shutil.copy(migrated_template, tmp_path / "db.sqlite3")
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "ELEARN_MEDIA_ROOT": str(tmp_path / "fresh-media")}


@pytest.fixture(scope="session")
def offline_chromium():
    """Chromium on a thread of its own (offline_pages.BrowserThread), for the offline copies opened
    from file://; each page gets a fresh browser context."""
    from tests.chromium import require_chromium

    from .offline_pages import BrowserThread

    require_chromium()
    chromium = BrowserThread()
    yield chromium
    chromium.close()


@pytest.fixture
def manifest_t1_de(db):
    """ITG-T1 with SH-1 in German."""
    from tests.modules.packs.snapshots import german_manifest

    return german_manifest()
