"""The site's name and logo (the SiteIdentity site setting), for pages, e-mails and anything built
outside a request. One room: templates read `site_identity` (the context processor below), Python
code calls `site_identity_for`."""

from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from .models import DEFAULT_SITE_NAME, SiteIdentity


class _Unconfigured:
    """Before the site tree exists (a bare database): the default name, no logo."""

    name = ""
    logo = None

    @property
    def display_name(self):
        return str(DEFAULT_SITE_NAME)


def site_identity_for(request=None):
    """The SiteIdentity of the request's site (cached on the request), else of the default site."""
    if request is not None and Site.find_for_request(request) is not None:
        return SiteIdentity.for_request(request)
    site = Site.objects.filter(is_default_site=True).first()
    return SiteIdentity.for_site(site) if site else _Unconfigured()


def site_name(request=None):
    return site_identity_for(request).display_name


def site_identity(request):
    """Context processor: `site_identity.display_name` and `site_identity.logo`, read on first use."""
    return {"site_identity": SimpleLazyObject(lambda: site_identity_for(request))}
