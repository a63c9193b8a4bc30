from django import template
from django.utils.safestring import mark_safe

from modules.sanitize import clean_inline

register = template.Library()


@register.filter
def inline_html(value):
    """Render short trainer-written HTML (quiz feedback) through the inline allow-list."""
    return mark_safe(clean_inline(value))  # noqa: S308 - cleaned by bleach just above
