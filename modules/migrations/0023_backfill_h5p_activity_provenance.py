"""Give H5P activities imported before the ownership rule (issue 11.1) the provenance row it needs.

modules/packs/ownership.py lets an import change an existing activity only when its ItemProvenance
names the kit being imported. Activities imported before that rule have no such row, so the next
release of their own kit would be refused. Which kit an activity came with is known exactly: the
release manifest kept for each imported kit (ImportedKit.manifest, the base of the next upgrade)
lists the activity keys of its H5P blocks. An activity gets a row here only when
- it exists and has no provenance yet (nothing already recorded is changed),
- its key is in the manifest of exactly one imported kit (an activity claimed by two kits stays
  unowned: neither may then change it, which is the safe side).
Lesson bodies are deliberately not used: a local team may have placed its own activity in an
imported lesson, and that must never become the upstream kit's to replace.
Kits loaded from a folder (load_kits) are not ImportedKits and are not touched."""

import hashlib
import json
import uuid

from django.db import migrations


def activity_keys(value):
    """Every H5P activity key in a manifest (lessons, translations), wherever the blocks are."""
    if isinstance(value, dict):
        if value.get("type") == "h5p" and isinstance(value.get("value"), dict):
            activity = value["value"].get("activity")
            if isinstance(activity, dict) and isinstance(activity.get("key"), str):
                try:
                    yield str(uuid.UUID(activity["key"]))
                except ValueError:
                    pass
        for item in value.values():
            yield from activity_keys(item)
    elif isinstance(value, list):
        for item in value:
            yield from activity_keys(item)


def content_hash(data):
    # As modules/packs/merge.py content_hash, frozen here.
    return hashlib.sha256(json.dumps(data, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def backfill(apps, schema_editor):
    ImportedKit = apps.get_model("modules", "ImportedKit")
    ItemProvenance = apps.get_model("modules", "ItemProvenance")
    H5PActivity = apps.get_model("modules", "H5PActivity")
    claims = {}  # activity key -> {kit key: source}
    for imported in ImportedKit.objects.all():
        for key in set(activity_keys(imported.manifest or {})):
            claims.setdefault(key, {})[str(imported.kit_key)] = imported.source
    owned = {str(key) for key in ItemProvenance.objects.values_list("item_key", flat=True)}
    activities = {str(key): sha for key, sha in H5PActivity.objects.filter(key__in=list(claims)).values_list("key", "package_sha256")}
    for key, kits in claims.items():
        if key not in activities or key in owned or len(kits) != 1:
            continue
        (kit_key, source), = kits.items()
        ItemProvenance.objects.create(item_key=key, pack_key=kit_key, source=source[:500],
                                      content_hash=content_hash({"package_sha256": activities[key]}))


class Migration(migrations.Migration):

    dependencies = [
        ('modules', '0022_h5p_activity_review'),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
