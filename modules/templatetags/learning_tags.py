import difflib

from django import template
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

from modules.h5p.player import player_src, xapi_url
from modules.packs.diff import item_lines
from modules.sanitize import clean_inline

register = template.Library()


@register.filter
def inline_html(value):
    """Render short trainer-written HTML (quiz feedback) through the inline allow-list."""
    return mark_safe(clean_inline(value))  # noqa: S308 - cleaned by bleach just above


@register.simple_tag
def side_by_side(local, upstream):
    """A two-column table of a conflict: this server's version beside upstream's (admin only)."""
    table = difflib.HtmlDiff(wrapcolumn=60).make_table(item_lines(local), item_lines(upstream), "This server", "Upstream", context=True)
    return mark_safe(table)  # noqa: S308 - difflib escapes every line it renders


@register.simple_tag
def h5p_player(activity, request):
    """The sandboxed player for an H5P block: {"src", "xapi_url"}, or None when it cannot play here.

    Called while rendering a lesson page, i.e. for someone allowed to see the lesson: that is what
    entitles them to a signed player URL. Logged-in learners also get the URL their statements go to,
    and the CSRF cookie that posting them needs."""
    if not activity or not request or not activity.is_playable:
        return None
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    if logged_in:
        get_token(request)
    return {"src": player_src(activity, user), "xapi_url": xapi_url(activity) if logged_in else ""}
