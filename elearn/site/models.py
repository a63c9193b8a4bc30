from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page

from modules.learning.read_models import build_kit_views
from modules.locale_routing import SourceTreeRouteMixin
from modules.models.pages import KitPage


class HomePage(SourceTreeRouteMixin, Page):
    """The site root: introduces the project and lists the kits (see get_context)."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["modules.KitPage", "modules.ModuleLibraryPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kit_cards"] = build_kit_views(request.user, KitPage.listed(parent=self))
        return context


DEFAULT_SITE_NAME = _("S3-4AlpClusters training kits")


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    """The site's own name and logo: the header brand, every page's <title> and the e-mails use them
    (elearn/site/identity.py). Left empty, the name is DEFAULT_SITE_NAME in the reader's language."""

    name = models.CharField(
        max_length=80, blank=True,
        help_text=_("Shown in the header, the browser tab and e-mails. Leave empty for “S3-4AlpClusters training kits” in the reader's language."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("Shown in the header beside the name; a wide logo on a transparent background reads best on the dark header."),
    )

    select_related = ["logo"]  # one query for the setting and its image
    panels = [FieldPanel("name"), FieldPanel("logo")]

    class Meta:
        verbose_name = _("Site name and logo")

    @property
    def display_name(self):
        return self.name.strip() or str(DEFAULT_SITE_NAME)


@register_setting(icon="pick")
class FundingSettings(BaseSiteSetting):
    """The programme logo slot. The statement itself is the ELEARN_FUNDING setting, so packs and
    certificates built outside a request carry exactly the same words."""

    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text=_("The Interreg Alpine Space programme logo with the EU flag, shown beside the funding statement."),
    )

    panels = [FieldPanel("logo")]

    class Meta:
        verbose_name = _("Funding statement logo")
