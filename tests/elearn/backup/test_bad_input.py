"""Bad archives are refused with a message a person understands, before anything is restored. These
run in the test process without database access: a refusal that touched the database would fail."""

import gzip
import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import ON_POSTGRES

pytestmark = pytest.mark.database  # backs up and restores the database the suite runs on

LARGE = "media/uploads/deep/er/large.bin"


def rewrite(source, target, *, manifest=None, members=None):
    """Copy the archive at `source` to `target`, letting `members(list)` and `manifest(dict)` edit it."""
    with tarfile.open(source) as tar:
        entries = [(member.name, tar.extractfile(member).read()) for member in tar.getmembers()]
    data = json.loads(dict(entries).pop("manifest.json"))
    entries = [(name, content) for name, content in entries if name != "manifest.json"]
    entries = members(entries) if members else entries
    if manifest:
        manifest(data)
    entries.append(("manifest.json", json.dumps(data).encode()))
    with tarfile.open(target, "w") as tar:
        for name, content in entries:
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return target


def restore(path):
    call_command("restore_site", str(path), stdout=io.StringIO(), verbosity=0)


def flip_large(entries):
    return [(name, content[:-1] + bytes([content[-1] ^ 1]) if name == LARGE else content) for name, content in entries]


def set_key(key, value):
    return lambda data: data.__setitem__(key, value)


def test_restore_refuses_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No backup archive at"):
        restore(tmp_path / "nowhere.tar")


@pytest.mark.parametrize("content", [b"just some text, not a tar\n" * 40, b"PK\x03\x04" + bytes(600)])
def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path, content):
    path = tmp_path / "site.tar"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="not a readable elearn backup"):
        restore(path)


def test_restore_refuses_a_tar_that_is_not_ours(tmp_path):
    path = tmp_path / "other.tar"
    with tarfile.open(path, "w") as tar:
        info = tarfile.TarInfo("notes.txt")
        info.size = 5
        tar.addfile(info, io.BytesIO(b"hello"))
    with pytest.raises(CommandError, match="has no manifest.json"):
        restore(path)


def test_restore_refuses_a_truncated_archive(archive, tmp_path):
    data = archive.read_bytes()
    with tarfile.open(archive) as tar:
        manifest = tar.getmember("manifest.json")
    # Cut in the middle of the media, and inside the manifest itself (the last member).
    for cut in (len(data) // 2, manifest.offset_data + manifest.size // 2):
        path = tmp_path / f"cut-{cut}.tar"
        path.write_bytes(data[:cut])
        with pytest.raises(CommandError, match="truncated"):
            restore(path)


def test_restore_refuses_a_truncated_compressed_archive(archive, tmp_path):
    compressed = gzip.compress(archive.read_bytes(), compresslevel=1)
    path = tmp_path / "cut.tar.gz"
    path.write_bytes(compressed[: len(compressed) * 3 // 4])
    with pytest.raises(CommandError, match="truncated"):
        restore(path)


@pytest.mark.parametrize(("edit", "message"), [
    ({"members": flip_large}, "does not match its sha256"),
    ({"members": lambda entries: [e for e in entries if e[0] != LARGE]}, "missing from the archive"),
    ({"members": lambda entries: [*entries, ("media/extra.txt", b"slipped in")]}, "holds files its manifest does not list"),
    ({"manifest": set_key("format", "something-else")}, "is not an elearn site backup"),
    ({"manifest": set_key("format_version", 99)}, "uses backup format 99"),
    ({"manifest": set_key("engine", "sqlite" if ON_POSTGRES else "postgresql")}, "but this site uses"),
    ({"manifest": set_key("migrations", ["modules.9999_from_the_future"])}, "made by a newer elearn"),
    ({"manifest": lambda data: data["files"].append({"name": "media/../../etc/passwd", "size": 1, "sha256": "0" * 64})},
     "unsafe or unexpected file name"),
])
def test_restore_refuses_an_altered_archive_before_restoring_anything(archive, tmp_path, edit, message):
    path = rewrite(archive, tmp_path / "altered.tar", **edit)
    with pytest.raises(CommandError, match=message):
        restore(path)


def test_check_only_verifies_without_restoring(archive, tmp_path):
    out = io.StringIO()
    call_command("restore_site", str(archive), "--check-only", stdout=out, verbosity=0)
    assert "is intact" in out.getvalue() and "quiz attempts" in out.getvalue()
    with pytest.raises(CommandError, match="does not match its sha256"):
        call_command("restore_site", str(rewrite(archive, tmp_path / "bad.tar", members=flip_large)), "--check-only",
                     stdout=io.StringIO(), verbosity=0)


def test_compressed_backup_is_written_and_verified(source_site, source_snapshot):
    path = source_site.folder.parent / "compressed-backup.tar.gz"
    source_site.manage("backup_site", str(path))
    with gzip.open(path) as handle:
        assert handle.read(1)  # really gzip
    out = io.StringIO()
    call_command("restore_site", str(path), "--check-only", stdout=out, verbosity=0)
    assert "is intact" in out.getvalue()
    with tarfile.open(path) as tar:
        assert {name.removeprefix("media/") for name in tar.getnames() if name.startswith("media/")} == set(source_snapshot["media"])


def test_backup_refuses_to_overwrite_an_archive(tmp_path):
    path = tmp_path / "site.tar"
    path.write_bytes(b"yesterday's backup")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_site", str(path), stdout=io.StringIO(), verbosity=0)
    assert path.read_bytes() == b"yesterday's backup"


def test_backup_refuses_to_write_into_the_media_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media").mkdir()
    with pytest.raises(CommandError, match="outside the media folder"):
        call_command("backup_site", str(tmp_path / "media" / "site.tar"), stdout=io.StringIO(), verbosity=0)


def test_backup_refuses_a_missing_folder(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup_site", str(tmp_path / "no" / "site.tar"), stdout=io.StringIO(), verbosity=0)
