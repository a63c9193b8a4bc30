"""The only importer of bleach. Every piece of HTML we did not produce ourselves passes through one
of the named allow-lists below: quiz feedback typed by a trainer, lesson text loaded from a pack,
anything imported. Allow-lists are deliberately small; widen them here, nowhere else.

Plain-text fields (titles, prompts, answer texts) are never treated as HTML: templates escape them."""

import re

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


# H5P content.json (modules/h5p/content_sanitize.py). An html text field may use the tags its
# library's semantics list, but never more than this set: no images, media, frames, forms or styles.
H5P_SAFE_TAGS = frozenset({
    "p", "br", "div", "span", "b", "strong", "i", "em", "u", "s", "del", "strike", "sub", "sup", "code", "pre",
    "a", "ul", "ol", "li", "blockquote", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "caption", "colgroup", "thead", "tbody", "tfoot", "tr", "th", "td",
})
H5P_ATTRIBUTES = {"a": ["href", "title"], "th": ["colspan", "rowspan"], "td": ["colspan", "rowspan"]}
# bleach keeps the text inside a stripped element; for these the text is code or markup, so it goes too.
_SCRIPT_LIKE = re.compile(r"<(script|style|template|noscript|iframe|object|embed|svg|math)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)


def clean_h5p_html(html, tags):
    """An H5P html field: `tags` (from semantics) intersected with H5P_SAFE_TAGS; links http(s)/mailto only.
    Whitespace is kept as it is: H5P content types lay text out themselves."""
    allowed = sorted(set(tags) & H5P_SAFE_TAGS)
    return bleach.clean(_SCRIPT_LIKE.sub("", html or ""), tags=allowed, attributes=H5P_ATTRIBUTES,
                        protocols=SAFE_PROTOCOLS, strip=True, strip_comments=True)


def strip_tags(text):
    """Plain text: every tag removed; what is left is escaped (as H5P escapes its non-html fields)."""
    return bleach.clean(_SCRIPT_LIKE.sub("", text or ""), tags=[], attributes={}, strip=True, strip_comments=True)
