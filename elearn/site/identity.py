"""The site's name and logo (the SiteIdentity site setting), for pages, e-mails and anything built
outside a request. One room: templates read `site_identity` (the context processor below), Python
code calls `site_identity_for`."""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .models import DEFAULT_SITE_NAME, FundingSettings, SiteIdentity
from .page_cache import cached_content


class _Unconfigured:
    """Before the site tree exists (a bare database): the default name, no logo."""

    name = ""
    logo = None

    @property
    def display_name(self):
        return str(DEFAULT_SITE_NAME)


def site_identity_for(request=None):
    """The SiteIdentity of the request's site, else of the default site. Read once per content version
    (a settings change makes a new one, elearn/site/page_cache.py): every page shows it."""
    site = Site.find_for_request(request) if request is not None else None
    if site is not None:
        return cached_content("site-identity", (site.pk,), lambda: SiteIdentity.for_site(site))
    site = Site.objects.filter(is_default_site=True).first()
    return SiteIdentity.for_site(site) if site else _Unconfigured()


def site_name(request=None):
    return site_identity_for(request).display_name


def funding_logo_for(request):
    """The programme logo (the FundingSettings site setting of the request's site) or None, read once
    per content version like the site identity."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    return cached_content("funding-logo", (site.pk,), lambda: FundingSettings.for_site(site).logo)


def site_identity(request):
    """Context processor: `site_identity.display_name` and `site_identity.logo`, and `funding_logo`
    (the programme logo, includes/funding.html), read on first use."""
    return {"site_identity": SimpleLazyObject(lambda: site_identity_for(request)),
            "funding_logo": SimpleLazyObject(lambda: funding_logo_for(request) or "")}
