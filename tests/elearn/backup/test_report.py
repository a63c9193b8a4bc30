"""After a restore every table's row count and every media file is compared with the manifest; any
difference is a problem, and restore_site exits non-zero on one."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from elearn.backup import RestoreReport
from elearn.backup.database import table_counts
from elearn.backup.restore import compare_with_manifest

pytestmark = pytest.mark.database  # backs up and restores the database the suite runs on


def test_report_flags_a_missing_row_a_missing_table_and_a_missing_media_file(db, settings, tmp_path, learner):
    settings.MEDIA_ROOT = tmp_path / "media"
    counts = table_counts(connection)
    manifest = {
        "table_counts": {**counts, "accounts_user": counts["accounts_user"] + 1, "gone_table": 3},
        "files": [{"name": "media/packs/missing.zip", "size": 10, "sha256": "0" * 64}],
        "migrations": [],
    }
    report = compare_with_manifest(manifest, connection, default_storage)
    assert not report.ok
    assert any("accounts_user has" in problem for problem in report.problems)
    assert any("gone_table is missing" in problem for problem in report.problems)
    assert any("packs/missing.zip is missing" in problem for problem in report.problems)
    users = next(row for row in report.key_rows if row[0] == "users")
    assert users[1] == users[2] + 1
    text = "\n".join(report.lines())
    assert "MISMATCH" in text and "run `manage.py migrate`" in text


def test_restore_site_exits_non_zero_when_the_report_has_a_problem(monkeypatch, tmp_path):
    report = RestoreReport(key_rows=[("users", 5, 4)], problems=["table accounts_user has 4 rows, the backup has 5"])
    monkeypatch.setattr("modules.management.commands.restore_site.restore_backup", lambda *args, **kwargs: report)
    out = io.StringIO()
    with pytest.raises(CommandError, match="differs from the backup"):
        call_command("restore_site", str(tmp_path / "site.tar"), stdout=out, verbosity=0)
    assert "MISMATCH" in out.getvalue() and "PROBLEM: table accounts_user" in out.getvalue()
