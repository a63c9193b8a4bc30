"""Module library: what a copied module remembers about the module it was copied from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleOrigin(models.Model):
    """A module made as an independent copy of another (so a kit can diverge). The copy and its
    lessons and quiz have new stable ids, so progress on the original never counts for the copy;
    this row keeps the way back to the original: its stable id and the revision that was copied."""

    module = models.OneToOneField("modules.ModulePage", on_delete=models.CASCADE, related_name="origin")
    origin_key = models.UUIDField(db_index=True, help_text=_("The stable id (translation key) of the module this one was copied from."))
    origin_revision = models.ForeignKey("wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    copied_at = models.DateTimeField(auto_now_add=True)
    copied_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("module origin")

    def __str__(self):
        return f"{self.module_id} ← {self.origin_key}"

    def original(self):
        """The module this one was copied from, or None once it is deleted."""
        modules = self._meta.get_field("module").related_model.objects
        return modules.in_source_language().filter(translation_key=self.origin_key).first()
