"""Back up a site with learners and their work, restore it into an empty site, and check that
nothing was lost: every table's row count, real field values, and every media file's bytes.
Runs on SQLite, and on PostgreSQL when the suite's DATABASE_URL points there."""

import json
import tarfile

from .conftest import ON_POSTGRES

import pytest

pytestmark = pytest.mark.database  # backs up and restores the database the suite runs on

ENGINE = "postgresql" if ON_POSTGRES else "sqlite"


def test_backup_archive_holds_native_dump_media_and_manifest(archive, source_snapshot):
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert names[-1] == "manifest.json"
    assert names[0] == ("database/db.pgdump" if ON_POSTGRES else "database/db.sqlite3")
    assert manifest["engine"] == ENGINE and manifest["format_version"] == 1 and manifest["app_version"]
    counts = manifest["key_counts"]
    assert [counts[key] for key in ("users", "quiz attempts", "certificates", "H5P activities", "H5P results")] == [5, 4, 1, 1, 1]
    assert counts["answer records"] > 0 and counts["item progress"] >= 3 and counts["kit releases"] == 1
    media = {name.removeprefix("media/") for name in names if name.startswith("media/")}
    assert media == set(source_snapshot["media"])
    assert {"uploads/Übersicht räume.txt", "uploads/deep/er/large.bin"} <= media
    assert all(len(entry["sha256"]) == 64 for entry in manifest["files"])


def test_restore_into_empty_site_reproduces_every_row_value_and_media_file(archive, source_snapshot, empty_site):
    target = empty_site()
    result = target.manage("restore_site", str(archive), check=False)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "every table and media file matches the backup" in result.stdout
    assert "quiz attempts" in result.stdout and "verified" in result.stderr

    before, after = source_snapshot, target.snapshot()
    assert after["tables"] == before["tables"]
    for key in ("users", "pages", "attempts", "answers", "progress", "certificates", "h5p", "h5p_results", "releases"):
        assert after[key] == before[key], key
    assert after["media"] == before["media"]
    assert [row[2] for row in after["users"] if row[0] == "lena"] == ["Land Salzburg"]
    assert len(after["attempts"]) == 4 and any(row[5] for row in after["attempts"])

    # The restored site is a working site: a new learner signs up and passes a quiz.
    assert target.run("use") == {"attempts": 5, "passed": True}


def test_restore_refuses_a_site_that_is_not_empty_and_changes_nothing(archive, source_site, source_snapshot):
    before = source_snapshot
    result = source_site.manage("restore_site", str(archive), check=False)
    assert result.returncode != 0
    assert "The target is not empty" in result.stderr and "--force" in result.stderr
    assert source_site.snapshot() == before


def test_restore_refuses_media_left_in_an_otherwise_empty_target(archive, empty_site):
    target = empty_site()
    (target.media / "leftover").mkdir(parents=True)
    (target.media / "leftover" / "old.txt").write_text("old")
    result = target.manage("restore_site", str(archive), check=False)
    assert result.returncode != 0 and "the media storage has files" in result.stderr
    assert target.run("tables") == {}
    assert [p.name for p in target.media.rglob("*") if p.is_file()] == ["old.txt"]


def test_restore_with_force_replaces_what_the_target_holds(archive, source_snapshot, empty_site):
    target = empty_site()
    target.manage("restore_site", str(archive))
    target.run("use")  # the target moves on after the backup: a new learner and attempt
    (target.media / "uploads" / "deep" / "er" / "large.bin").write_bytes(b"overwritten")
    result = target.manage("restore_site", str(archive), "--force", check=False)
    assert result.returncode == 0, result.stderr + result.stdout
    before, after = source_snapshot, target.snapshot()
    assert after["users"] == before["users"] and after["attempts"] == before["attempts"]
    assert after["tables"] == before["tables"]
    assert after["media"]["uploads/deep/er/large.bin"] == before["media"]["uploads/deep/er/large.bin"]
