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
