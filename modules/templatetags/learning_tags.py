from django import template
from django.utils.safestring import mark_safe

from modules.sanitize import clean_inline

register = template.Library()


@register.filter
def inline_html(value):
    """Render short trainer-written HTML (quiz feedback) through the inline allow-list."""
    return mark_safe(clean_inline(value))  # noqa: S308 - cleaned by bleach just above


@register.simple_tag
def side_by_side(local, upstream):
    """A two-column table of a conflict: this server's version beside upstream's (admin only)."""
    import difflib

    from modules.packs.diff import item_lines

    table = difflib.HtmlDiff(wrapcolumn=60).make_table(item_lines(local), item_lines(upstream), "This server", "Upstream", context=True)
    return mark_safe(table)  # noqa: S308 - difflib escapes every line it renders
