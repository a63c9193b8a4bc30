from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import TranslatableMixin
from wagtail.search import index


class GlossaryTerm(TranslatableMixin, index.Indexed, models.Model):
    """A term of the field (S3, EDP, quadruple helix …) with a short definition and the lesson that
    explains it. Shown on the glossary page and linked from its first use in each lesson. A translation
    is the same term in another locale (same translation_key), as for pages."""

    slug = models.SlugField(_("slug"), help_text=_("The term's anchor on the glossary page, the same in every language."))
    term = models.CharField(_("term"), max_length=120)
    aliases = models.CharField(
        _("aliases"), max_length=255, blank=True,
        help_text=_("Other forms of the term to link in lessons (plural, abbreviation), separated by commas."),
    )
    definition = models.TextField(_("definition"))
    lesson = models.ForeignKey(
        "modules.LessonPage", verbose_name=_("lesson"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The lesson that explains the term."),
    )

    search_fields = [index.SearchField("term"), index.SearchField("aliases"), index.SearchField("definition")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["term"]
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="glossary_slug_per_locale")]

    def __str__(self):
        return self.term

    @property
    def forms(self):
        """Every form to look for in a lesson, longest first (so "S3 Platform" wins over "S3")."""
        forms = {self.term, *(alias.strip() for alias in self.aliases.split(",") if alias.strip())}
        return sorted(forms, key=len, reverse=True)
