import pytest

from .lrs import Ralph, require_ralph


@pytest.fixture
def ralph(tmp_path):
    """A fresh Ralph LRS for one test, started; stopped at the end whatever happens."""
    require_ralph()
    lrs = Ralph(tmp_path).start()
    yield lrs
    lrs.stop()


@pytest.fixture
def manifest_t1(db):
    from tests.modules.packs.snapshots import snapshot_manifest

    return snapshot_manifest("itg-t1")
