"""Three-way merge by stable id. For each item: base = what was last imported (its hash in
ItemProvenance), local = the page now (its latest revision, drafts included), upstream = the pack.

    local == upstream              -> unchanged
    not on this server             -> new
    local == base                  -> changed upstream: take upstream
    upstream == base               -> changed locally: keep local
    local, upstream and base all differ -> conflict: keep local, show both sides
Nothing local is ever overwritten silently."""

import hashlib
import json
from dataclasses import dataclass, field

from ..models import ItemProvenance

NEW, UNCHANGED, UPSTREAM, LOCAL, CONFLICT, REMOVED = "new", "unchanged", "changed_upstream", "changed_locally", "conflict", "removed_upstream"
# Per language (translation_merge.py): the source changed upstream, the translation was kept and flagged.
STALE = "translation_stale"
LABELS = {
    NEW: "new", UNCHANGED: "unchanged", UPSTREAM: "changed upstream: updated",
    LOCAL: "changed locally: local version kept", CONFLICT: "changed on both sides: local version kept, see the conflict",
    REMOVED: "removed upstream: kept here, flagged",
    STALE: "source changed upstream: translation kept, flagged stale",
}


def content_hash(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def classify(page, local, upstream):
    if page is None:
        return NEW
    if local == upstream:
        return UNCHANGED
    provenance = ItemProvenance.objects.filter(item_key=page.translation_key).first()
    base = provenance.content_hash if provenance else None
    if base == content_hash(local):
        return UPSTREAM
    if base == content_hash(upstream):
        return LOCAL
    return CONFLICT


def writes(outcome):
    return outcome in (NEW, UPSTREAM)


def record_provenance(item_id, upstream, source, pack_key):
    ItemProvenance.objects.update_or_create(
        item_key=item_id, defaults={"source": source, "content_hash": content_hash(upstream), "pack_key": pack_key, "removed_upstream": False},
    )


@dataclass
class Conflict:
    label: str
    local: dict
    upstream: dict


@dataclass
class ImportReport:
    items: dict = field(default_factory=lambda: {key: [] for key in LABELS})
    conflicts: list = field(default_factory=list)
    dry_run: bool = False
    kit = None
    version: str = ""

    def note(self, outcome, label):
        self.items[outcome].append(label)

    @property
    def created(self):
        return self.items[NEW]

    @property
    def updated(self):
        return self.items[UPSTREAM]

    @property
    def unchanged(self):
        return self.items[UNCHANGED]

    @property
    def kept(self):
        return self.items[LOCAL] + self.items[CONFLICT]

    def summary(self):
        counts = {key: len(value) for key, value in self.items.items()}
        text = f"{counts[NEW]} created, {counts[UPSTREAM]} updated, {counts[UNCHANGED]} unchanged"
        if counts[LOCAL] or counts[CONFLICT]:
            text += f", {counts[LOCAL] + counts[CONFLICT]} kept with local edits ({counts[CONFLICT]} conflicts)"
        if counts[REMOVED]:
            text += f", {counts[REMOVED]} removed upstream (kept, flagged)"
        if counts[STALE]:
            text += f", {counts[STALE]} translations kept and flagged stale (source changed upstream)"
        return text
