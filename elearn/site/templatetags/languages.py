"""The language switcher and the hreflang alternates of the current page."""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, get_language_info

from elearn.site.language import language_names as names_of

register = template.Library()


@register.filter
def language_names(tags):
    """"de,en,fr" (or a list of tags) -> "Deutsch, English, Français" in the reader's language."""
    return ", ".join(names_of(tags))


@register.simple_tag(takes_context=True)
def page_languages(context):
    """One entry per site language: its own name, the current page in it, and the switcher URL."""
    request = context.get("request")
    if request is None:
        return []
    here = request.get_full_path()
    current = get_language()
    entries = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(here, code)
        entries.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "switch_url": reverse("switch_language", args=[code]),
                "current": code == current,
            }
        )
    return entries
