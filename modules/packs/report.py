"""Import reports as text: the preview before an upgrade and the conflicts side by side."""

from . import merge
from .diff import item_lines, side_by_side_text

HEADINGS = {
    merge.NEW: "New", merge.UPSTREAM: "Changed upstream (will be / was updated)", merge.LOCAL: "Changed locally (kept)",
    merge.CONFLICT: "Changed on both sides (local kept, conflict)", merge.REMOVED: "Removed upstream (kept, flagged)",
    merge.STALE: "Translations of a changed source (kept, flagged stale)",
}


def format_report(report):
    lines = []
    for key, heading in HEADINGS.items():
        items = report.items[key]
        if items:
            lines.append(f"{heading}: {len(items)}")
            lines.extend(f"  - {label}" for label in items)
    for conflict in report.conflicts:
        lines.append(f"Conflict in {conflict.label} (left: this server, right: upstream):")
        lines.append(side_by_side_text(item_lines(conflict.local), item_lines(conflict.upstream)))
    return "\n".join(lines)
