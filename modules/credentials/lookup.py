"""Looking certificates up by a typed code, no faster than a person types: each address may make
ELEARN_CERTIFICATE_LOOKUP_MISSES lookups that find nothing per window, then every lookup is refused
until the window ends. Hits are not counted (a class scanning its QR codes is never held up)."""

from django.conf import settings
from django.core.cache import cache

from elearn.accounts.throttling import client_ip

from ..learning.models import find_certificate

WINDOW_SECONDS = 600


def _key(request):
    return f"certificate-lookup-misses:{client_ip(request)}"


def lookups_refused(request):
    return (cache.get(_key(request)) or 0) >= settings.ELEARN_CERTIFICATE_LOOKUP_MISSES


def note_miss(request):
    key = _key(request)
    if not cache.add(key, 1, WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)


def look_up(request, typed):
    """(certificate or None, refused): the certificate a typed code names, counting misses."""
    if lookups_refused(request):
        return None, True
    certificate = find_certificate(typed)
    if certificate is None:
        note_miss(request)
    return certificate, False
