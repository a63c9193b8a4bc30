"""The LTI platforms in the Wagtail admin: kit maintainers register each platform (issuer, client id,
its URLs and deployment ids) and read here the addresses to paste into the platform.

Wagtail's model permission policy on the `LtiPlatform` proxy (modules.add/change/delete/view_ltiplatform,
given to kit maintainers by modules/roles.py) decides who sees the menu item and each view."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from lti_tool.models import LtiDeployment
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, Panel
from wagtail.admin.viewsets.model import ModelViewSet

from .models import LtiPlatform, LtiRegistrationLink
from .registration import registration_url

MAX_DEPLOYMENT_ID = 255
# django-lti names its fields through gettext but ships no translations: named here, they are in our
# catalogues, so the platform form and list read in the admin's language ("name" is ours already).
DJANGO_LTI_FIELD_NAMES = (gettext_noop("issuer"), gettext_noop("client ID"), gettext_noop("audience"), gettext_noop("auth URL"),
                          gettext_noop("access token URL"), gettext_noop("keyset URL"), gettext_noop("is active"))


def tool_urls(platform):
    """The addresses a platform needs, for this registration."""
    base = settings.SITE_BASE_URL
    urls = {"launch": base + reverse("lti_launch"), "jwks": base + reverse("lti_jwks")}
    if platform is not None and platform.pk:
        urls["login"] = base + reverse("lti_login", args=[platform.uuid])
    return urls


class PlatformForm(WagtailAdminModelForm):
    deployment_ids = forms.CharField(
        label=_("Deployment ids"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, as the platform shows them. A launch from a deployment that is not listed here is refused."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            active = self.instance.deployments.filter(is_active=True).order_by("pk").values_list("deployment_id", flat=True)
            self.fields["deployment_ids"].initial = "\n".join(active)

    def clean_deployment_ids(self):
        ids = []
        for line in self.cleaned_data.get("deployment_ids", "").splitlines():
            value = line.strip()
            if not value or value in ids:
                continue
            if len(value) > MAX_DEPLOYMENT_ID:
                raise ValidationError(_("A deployment id has at most %(count)d characters.") % {"count": MAX_DEPLOYMENT_ID})
            ids.append(value)
        return ids

    def save(self, commit=True):
        with transaction.atomic():
            platform = super().save(commit=commit)
            if commit:
                sync_deployments(platform, self.cleaned_data["deployment_ids"])
        return platform


def sync_deployments(platform, ids):
    """Listed ids are active; the others stay (their learners' links) but are refused from now on."""
    for deployment_id in ids:
        LtiDeployment.objects.update_or_create(registration=platform, deployment_id=deployment_id, defaults={"is_active": True})
    platform.deployments.exclude(deployment_id__in=ids).update(is_active=False)


class InstancePanel(Panel):
    """A read-only panel showing its template with what `context_for(instance)` gives."""

    template_name = ""

    def context_for(self, instance):
        raise NotImplementedError

    class BoundPanel(Panel.BoundPanel):
        @property
        def template_name(self):
            return self.panel.template_name

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(self.panel.context_for(self.instance))
            return context


class ToolUrlsPanel(InstancePanel):
    template_name = "modules/lti/admin/tool_urls_panel.html"

    def context_for(self, instance):
        return {"urls": tool_urls(instance)}


class LtiPlatformViewSet(ModelViewSet):
    model = LtiPlatform
    name = "lti_platforms"
    list_display = ["name", "issuer", "client_id", "is_active"]
    search_fields = ["name", "issuer", "client_id"]
    edit_handler = ObjectList([
        FieldPanel("name"),
        MultiFieldPanel([FieldPanel("issuer"), FieldPanel("client_id"), FieldPanel("deployment_ids")], heading=_("What the platform calls itself and us")),
        MultiFieldPanel([FieldPanel("auth_url"), FieldPanel("token_url"), FieldPanel("keyset_url"), FieldPanel("audience")], heading=_("The platform's addresses")),
        FieldPanel("is_active"),
        ToolUrlsPanel(heading=_("Addresses to give the platform")),
    ], base_form_class=PlatformForm)


class RegistrationLinkForm(WagtailAdminModelForm):
    def save(self, commit=True):
        if not self.instance.pk and self.for_user is not None:
            self.instance.created_by = self.for_user
        return super().save(commit=commit)


class RegistrationUrlPanel(InstancePanel):
    template_name = "modules/lti/admin/registration_url_panel.html"

    def context_for(self, link):
        return {"link": link, "url": registration_url(link) if link is not None and link.pk else ""}


class LtiRegistrationLinkViewSet(ModelViewSet):
    """One-time addresses for LTI Dynamic Registration (modules/lti/registration.py)."""

    model = LtiRegistrationLink
    name = "lti_registration_links"
    list_display = ["name", "status", "expires_at", "platform"]
    search_fields = ["name"]
    edit_handler = ObjectList([
        FieldPanel("name"),
        FieldPanel("activate_at_once"),
        RegistrationUrlPanel(heading=_("Address to give the platform")),
    ], base_form_class=RegistrationLinkForm)
