from django.utils.functional import SimpleLazyObject

from modules.funding import funding_in

from .page_cache import cached_content


def funding(request):
    """The funding statement in the request's language (modules/funding.py)."""
    return {"funding": funding_in()}


def admin_link(request):
    """`show_admin_link`: whether the header offers the Wagtail admin (the `wagtailadmin.access_admin`
    permission). Read once per user and content version instead of two permission queries per page:
    a change to a user's groups or permissions, or to a group's permissions, draws a new content version
    (elearn/site/apps.py), and so does a change of `is_active` or `is_superuser` (part of the key)."""
    def read():
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        parts = (user.pk, user.is_active, user.is_superuser)
        return cached_content("admin-link", parts, lambda: user.has_perm("wagtailadmin.access_admin"))
    return {"show_admin_link": SimpleLazyObject(read)}
