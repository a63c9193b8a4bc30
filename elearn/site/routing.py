"""Page routing read once per content version (issue 19.3): which Site answers a host, and which page
(with the routable page's view and arguments) a path leads to, in the active language.

Wagtail looks both up on every request (the site, the locale, the root page and one query per level
of the tree). `remember_route` reads them from the cache instead, keyed by host, port, path and
language under the current content version (elearn/site/page_cache.py: publishing, unpublishing,
moving or deleting a page, or changing a site or locale, draws a new one), and hands them to Wagtail
through the attributes its `Site.find_for_request` and `Page.route_for_request` already keep per
request. Only found routes are kept, so unknown paths cannot fill the cache."""

from django.utils import translation
from wagtail.models import Page, Site

from .page_cache import cached_content


def remember_route(request, path):
    """Set the request's Wagtail site and route from the cache (or look them up and store them)."""
    if hasattr(request, "_wagtail_route_for_request"):
        return

    def build():
        site = Site.find_for_request(request)
        return site, Page.route_for_request(request, path)

    parts = (request._get_raw_host(), request.get_port(), path, translation.get_language())
    site, route = cached_content("route", parts, build, keep=lambda found: found[1] is not None)
    request._wagtail_site = site
    request._wagtail_route_for_request = route
