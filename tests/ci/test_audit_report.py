"""The CI's reading of pip-audit's report: a known vulnerability fails the build; an unreachable
vulnerability service is reported as such, never as a clean result."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "audit_report.py"


def run(report):
    return subprocess.run([sys.executable, SCRIPT], input=json.dumps(report), capture_output=True, text=True, timeout=30)


def test_a_known_vulnerability_fails_the_build():
    result = run({"dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2099-1", "fix_versions": ["5.2.1"]}]},
        {"name": "bleach", "version": "6.4.0", "vulns": []},
    ]})
    assert result.returncode == 1
    assert "VULNERABLE django 5.2.0: PYSEC-2099-1 (fixed in 5.2.1)" in result.stdout
    assert "2 packages audited, 1 vulnerable" in result.stdout


def test_clean_audit_passes():
    result = run({"dependencies": [{"name": "bleach", "version": "6.4.0", "vulns": []}]})
    assert result.returncode == 0 and "1 packages audited, 0 vulnerable" in result.stdout
    assert "WARNING" not in result.stdout


def test_unreachable_service_is_not_reported_as_clean():
    result = run({"dependencies": [{"name": "bleach", "version": "6.4.0", "skip_reason": "Dependency not found on PyPI"}]})
    assert result.returncode == 0
    assert "0 packages audited" in result.stdout and "was not reachable" in result.stdout
