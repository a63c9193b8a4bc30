import difflib

from django import template
from django.template.defaultfilters import floatformat
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from modules.h5p.player import player_src_for_token, xapi_url
from modules.h5p.signing import sign_activity
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
    """The sandboxed player for an H5P block: {"src", "xapi_url", "token"}, or None when it cannot play here.

    Called while rendering a lesson page, i.e. for someone allowed to see the lesson: that is what
    entitles them to a signed player URL. Logged-in learners also get the URL their statements go to,
    the CSRF cookie that posting them needs, and the token (the same as in the player's URL) that
    each statement carries back."""
    if not activity or not request or not activity.is_playable:
        return None
    user = getattr(request, "user", None)
    logged_in = bool(user and user.is_authenticated)
    if logged_in:
        get_token(request)
    token = sign_activity(activity, user)
    return {"src": player_src_for_token(token), "xapi_url": xapi_url(activity) if logged_in else "",
            "token": token if logged_in else ""}



@register.filter
def percent(value):
    """A percentage as the active language writes it: 60 → "60%" in English, "60 %" in German and
    French; 66.7 keeps one decimal with the language's decimal separator (66,7 %); never "60.0%"."""
    if value is None or value == "":
        return ""
    # Translators: a percentage; %(number)s is the number. Write the sign and the space (a no-break space) as your language does.
    return gettext("%(number)s%%") % {"number": floatformat(value, "-1")}
