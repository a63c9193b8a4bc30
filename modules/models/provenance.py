from django.db import models


class ItemProvenance(models.Model):
    """Where an imported item came from and what it looked like when it was imported.

    Comparing a page's current content hash with `content_hash` tells whether the local team has
    edited it since: re-importing then keeps the local edit instead of overwriting it."""

    item_key = models.UUIDField(unique=True)
    pack_key = models.UUIDField(null=True, blank=True, db_index=True, help_text="The stable id of the kit pack it came with.")
    source = models.CharField(max_length=500, help_text="The pack the item was last imported from.")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the item's canonical JSON as imported.")
    removed_upstream = models.BooleanField(default=False, help_text="The newest imported release no longer has this item; it is kept here.")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "item provenance"


class ImportedKit(models.Model):
    """A kit that came in as a pack: the release it came from is kept as the base of the next
    upgrade's three-way merge, and a local team may pin it to ignore newer releases."""

    kit_key = models.UUIDField(unique=True)
    kit = models.ForeignKey("modules.KitPage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=500)
    version = models.CharField(max_length=40)
    manifest = models.JSONField()
    manifest_sha256 = models.CharField(max_length=64)
    pinned = models.BooleanField(default=False, help_text="Keep this version: newer releases are reported but not applied.")
    imported_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.manifest['kit']['title']} {self.version}"


class StaleTranslation(models.Model):
    """A translation whose source text an upstream release changed: the translation was kept as it
    was (never overwritten), and it stays flagged until the importer applies a newer translation of
    the item or a translator publishes the translated page again (modules/packs/translation_merge.py)."""

    item_key = models.UUIDField()
    language = models.CharField(max_length=35)
    version = models.CharField(max_length=40, help_text="The upstream release that changed the source.")
    source = models.CharField(max_length=500, help_text="The pack that release came from.")
    flagged_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item_key", "language"], name="stale_translation_once")]
