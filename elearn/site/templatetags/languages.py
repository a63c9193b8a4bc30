"""The language switcher and the hreflang alternates of the current page."""

from functools import lru_cache

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
    entries = getattr(request, "_page_languages", None)  # the head's alternates and the switcher share them
    if entries is None:
        entries = [{**entry, "absolute_url": request.build_absolute_uri(entry["url"])}
                   for entry in _languages_of(request.get_full_path(), get_language())]
        request._page_languages = entries
    return entries


@lru_cache(maxsize=4096)
def _languages_of(here, current):
    """The switcher's entries for path `here` read in language `current`. translate_url resolves and
    reverses the path once per language, the costliest part of a signed-in page's rendering, yet its
    answer depends only on the path and the URL configuration (fixed for the process). Bounded: any
    number of distinct query strings evicts old entries, never grows memory."""
    return tuple(
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(here, code),
            "switch_url": reverse("switch_language", args=[code]),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    )
