from django.db import models


class ItemProvenance(models.Model):
    """Where an imported item came from and what it looked like when it was imported.

    Comparing a page's current content hash with `content_hash` tells whether the local team has
    edited it since: re-importing then keeps the local edit instead of overwriting it."""

    item_key = models.UUIDField(unique=True)
    source = models.CharField(max_length=500, help_text="The pack the item was last imported from.")
    content_hash = models.CharField(max_length=64, help_text="SHA-256 of the item's canonical JSON as imported.")
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "item provenance"
