"""The only importer of bleach. Every piece of HTML we did not produce ourselves passes through one
of the named allow-lists below: quiz feedback typed by a trainer, lesson text loaded from a pack,
anything imported. Allow-lists are deliberately small; widen them here, nowhere else.

Plain-text fields (titles, prompts, answer texts) are never treated as HTML: templates escape them."""

import bleach

SAFE_PROTOCOLS = ["http", "https", "mailto"]

# What Wagtail's rich-text editor can produce for lesson text (headings, lists, emphasis, links).
RICH_TEXT_TAGS = ["p", "br", "h2", "h3", "h4", "ul", "ol", "li", "b", "strong", "i", "em", "a", "blockquote", "hr"]
RICH_TEXT_ATTRIBUTES = {"a": ["href", "title"]}

# Short texts such as quiz feedback: emphasis and links only.
INLINE_TAGS = ["b", "strong", "i", "em", "a", "br"]
INLINE_ATTRIBUTES = {"a": ["href", "title"]}


def clean_rich_text(html):
    """Lesson-level HTML: block structure allowed; no scripts, styles, event handlers or iframes."""
    return bleach.clean(
        html or "", tags=RICH_TEXT_TAGS, attributes=RICH_TEXT_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS, strip=True, strip_comments=True,
    ).strip()


def clean_inline(html):
    """Inline HTML for short texts (feedback). Block tags are stripped, their text kept."""
    return bleach.clean(
        html or "", tags=INLINE_TAGS, attributes=INLINE_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS, strip=True, strip_comments=True,
    ).strip()
