from django.db import models
from django.utils.translation import gettext_lazy as _


class ThematicArea(models.Model):
    """The project's thematic areas (smart technologies, eco-innovation, …), shared by all kits."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("thematic area")

    def __str__(self):
        return self.name


class TargetGroup(models.Model):
    """Who a kit is written for, e.g. cluster managers or regional authorities."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("target group")

    def __str__(self):
        return self.name
