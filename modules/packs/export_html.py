"""Lesson HTML as every export writes it (SCORM package, offline copy, Common Cartridge).

The HTML is cleaned again with the site's allow-lists (it was sanitised on the way in; cleaning
again also drops Wagtail's internal markup, which means nothing outside the site), then every link
to the web opens in a new tab. Inside an LMS frame a plain link replaces the SCO: the page unloads,
the session ends, and Back reloads a SCO whose session is over, so the learner's result is lost."""

import re

from django.utils.safestring import mark_safe

from ..sanitize import clean_inline, clean_rich_text

NEW_TAB = ' target="_blank" rel="noopener"'
# bleach serialises every attribute value in double quotes (a '"' inside becomes &quot;), but keeps
# '>' as it is, so a tag is matched quoted value by quoted value rather than up to the first '>'.
_A_TAG = re.compile(r'<a((?:\s+[^\s"=>]+(?:="[^"]*")?)*)\s*>')
_HREF = re.compile(r'\shref="(https?://[^"]*)"', re.IGNORECASE)


def external_links_in_new_tab(cleaned_html):
    """`cleaned_html` must come from sanitize.clean_*: links to http(s) get target=_blank rel=noopener."""
    return _A_TAG.sub(lambda m: f"<a{m[1]}{NEW_TAB}>" if _HREF.search(m[1]) else m[0], cleaned_html)


def lesson_html(html):
    """Block-level lesson HTML (text, callouts, transcripts), safe to insert as it is."""
    return mark_safe(external_links_in_new_tab(clean_rich_text(html)))  # noqa: S308 - cleaned by bleach


def inline_html(html):
    """Inline HTML (answer feedback), safe to insert as it is."""
    return mark_safe(external_links_in_new_tab(clean_inline(html)))  # noqa: S308 - cleaned by bleach
