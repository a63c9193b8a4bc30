"""Reads pip-audit's JSON report (stdin): fails on any known vulnerability, and says so plainly when the
vulnerability service could not be reached for some or all packages instead of claiming a clean bill."""

import json
import sys

report = json.load(sys.stdin)
dependencies = report.get("dependencies", [])
vulnerable = [d for d in dependencies if d.get("vulns")]
skipped = [d for d in dependencies if "skip_reason" in d]
audited = len(dependencies) - len(skipped)

for dependency in vulnerable:
    for vuln in dependency["vulns"]:
        fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
        print(f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
print(f"pip-audit: {audited} packages audited, {len(vulnerable)} vulnerable, {len(skipped)} not audited.")
if skipped and not audited:
    print("WARNING: the vulnerability service (PyPI's JSON API / OSV) was not reachable from this machine, "
          "so nothing could be audited. Run `./dev.sh test` where pypi.org/pypi/ is reachable.")
sys.exit(1 if vulnerable else 0)
