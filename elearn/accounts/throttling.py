"""How the login throttles (allauth rate limits, django-axes lockout) identify a client."""

from django.core.exceptions import PermissionDenied

from allauth.account.adapter import get_adapter


def client_ip(request):
    """The client address by allauth's rule (ELEARN_PROXY_COUNT trusted proxies), so both throttles agree."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR")


def login_name(request, credentials):
    """The name typed into whichever login form was used (allauth's e-mail field, Wagtail's username)."""
    credentials = credentials or {}
    for key in ("email", "username", "login"):
        if credentials.get(key):
            return str(credentials[key])[:255]
    data = getattr(request, "POST", None) or {}
    return str(data.get("login") or data.get("username") or "")[:255]
