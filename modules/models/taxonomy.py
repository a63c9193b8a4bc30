from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A named, slugged term kits are tagged with; the two vocabularies below differ only in name length.

    The vocabularies are fixed lists that the kits' sources define (pack.yaml `audience`, `thematic_areas`),
    shared by every kit, so a term is one row with its name in each language (`names`, language tag ->
    name) rather than one row per locale: the pack carries the names (`term_names`), an imported pack
    keeps them, and a language without a name shows the English `name`."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    names = models.JSONField(
        default=dict, blank=True,
        help_text=_('The name in other languages, e.g. {"de": "…", "fr": "…"}; English is the name above.'),
    )

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the active language (its base tag too: de-CH -> de), else the English name."""
        language = (translation.get_language() or "en").lower()
        names = self.names or {}
        return names.get(language) or names.get(language.split("-")[0]) or self.name


class ThematicArea(Term):
    """The project's thematic areas (smart technologies, eco-innovation, …), shared by all kits."""

    class Meta(Term.Meta):
        verbose_name = _("thematic area")


class TargetGroup(Term):
    """Who a kit is written for, e.g. cluster managers or regional authorities."""

    name = models.CharField(max_length=120)

    class Meta(Term.Meta):
        verbose_name = _("target group")
