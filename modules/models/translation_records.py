"""Who translated an item, how far its translation has got, and what learners report about it.

`TranslationCredit` is one row per translated item × language, written only by the importer
(modules/packs/translations.py) from the PO header fields of the translation it loads
(`X-Elearn-Status`, `X-Elearn-Translator`, `X-Elearn-Proofreader`, docs/content-format.md), and
carried by releases (docs/pack-format.md). wagtail-localize's `Translation` is keyed by its own
source record and rebuilt on every sync, so the credit is keyed by the item's stable id instead.

`TranslationReport` is a learner's report of a translation error, shown to the kit maintainers."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DRAFT, PROOFREAD = "draft", "proofread"


class TranslationCredit(models.Model):
    STATUSES = [(DRAFT, _("Draft")), (PROOFREAD, _("Proofread"))]

    item_key = models.UUIDField(help_text="The stable id of the translated item (its translation_key).")
    language = models.CharField(max_length=35)
    status = models.CharField(max_length=20, choices=STATUSES, default=DRAFT)
    translator = models.CharField(max_length=200)
    proofreader = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item_key", "language"], name="translation_credit_once")]

    def __str__(self):
        return f"{self.item_key} ({self.language}): {self.status}"


class TranslationReport(models.Model):
    kit_key = models.UUIDField(db_index=True, help_text="The stable id of the kit the report is about.")
    kit_title = models.CharField(max_length=255)
    language = models.CharField(max_length=35)
    page_url = models.CharField(max_length=500, help_text="The page on this site the learner reports (a path).")
    message = models.TextField(max_length=4000)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.kit_title} ({self.language}): {self.page_url}"
