from django.db import models
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A named, slugged term kits are tagged with; the two vocabularies below differ only in name length."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class ThematicArea(Term):
    """The project's thematic areas (smart technologies, eco-innovation, …), shared by all kits."""

    class Meta(Term.Meta):
        verbose_name = _("thematic area")


class TargetGroup(Term):
    """Who a kit is written for, e.g. cluster managers or regional authorities."""

    name = models.CharField(max_length=120)

    class Meta(Term.Meta):
        verbose_name = _("target group")
