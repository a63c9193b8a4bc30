"""Clean content/content.json the way H5P's own H5PContentValidator does: by walking the libraries'
semantics.json next to the content, so each value is treated as what its field says it is.

- `text` with `widget: html` (or a `tags` list, H5P's own test) -> bleach with the field's tags
  (plus H5P's defaults div/span/p/br and related tags), intersected with sanitize.H5P_SAFE_TAGS;
  links http/https/mailto only. Other `text` -> plain text: tags stripped when there are any.
- `group` with a single field is flattened by H5P (the content holds that field's value directly,
  not an object), unless the group is `isSubContent`. The top level is never flattened.
- `list` -> each item by its `field`; `library` -> the sub-content's `params` by the semantics of
  the library its "library" value names ("H5P.X 1.2").
- Keys the semantics do not know are kept, their strings stripped of tags when they hold a '<'.
- A library without semantics (or installed but not in the package): every string holding a '<'
  is cleaned with a conservative inline allow-list.

Media: every "path" must be an http(s) URL (external media, e.g. YouTube in Interactive Video) or a
plain relative path to a file that is in the package under content/."""

import re
import unicodedata
from urllib.parse import unquote

from ..sanitize import INLINE_TAGS, clean_h5p_html, strip_tags
from .types import H5PError, LibraryRef

CONTENT_JSON = "content/content.json"
MAX_DEPTH = 150  # nesting of the content walk; real content (Interactive Book…) stays far below
HTML_DEFAULT_TAGS = ("div", "span", "p", "br")
LIBRARY_STRING = re.compile(r"^([\w\-.]{1,255}) ([0-9]{1,5})\.([0-9]{1,5})\Z", re.ASCII)
EXTERNAL = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


def parse_library_string(value):
    """LibraryRef for "H5P.MultiChoice 1.16", or None."""
    match = LIBRARY_STRING.match(value) if isinstance(value, str) else None
    return LibraryRef(match.group(1), int(match.group(2)), int(match.group(3))) if match else None


def sanitize_content(content, main, semantics):
    """Cleaned copy of `content` (content.json of library `main`, a LibraryRef). `semantics` maps a
    LibraryRef to its parsed semantics.json list, or to None when the library has none."""
    return _Walker(semantics).library_params(content, main, 0)


class _Walker:
    def __init__(self, semantics):
        self.semantics = semantics

    def library_params(self, params, ref, depth):
        fields = self.semantics.get(ref)
        if not isinstance(fields, list):
            return self.conservative(params, depth)
        return self.group(params, {"type": "group", "fields": fields}, depth, flatten=False)

    def field(self, value, field, depth):
        if depth > MAX_DEPTH:
            raise H5PError("content.json is nested too deeply to be checked.", entry=CONTENT_JSON, rule="content-too-deep")
        kind = field.get("type") if isinstance(field, dict) else None
        if kind == "text" and isinstance(value, str):
            if field.get("widget") == "html" or "tags" in field:
                return clean_h5p_html(value, _html_tags(field.get("tags")))
            return strip_tags(value) if "<" in value else value
        if kind == "group" and isinstance(field.get("fields"), list):
            return self.group(value, field, depth, flatten=True)
        if kind == "list" and isinstance(value, list):
            return [self.field(item, field.get("field"), depth + 1) for item in value]
        if kind == "library" and isinstance(value, dict):
            return self.library(value, depth)
        # number, boolean, select, file, image, video, audio, or a value of an unexpected shape.
        return self.unknown(value, depth)

    def group(self, value, field, depth, flatten):
        fields = [f for f in field["fields"] if isinstance(f, dict)]
        if flatten and len(fields) == 1 and not field.get("isSubContent"):
            # H5P's editor stores a one-field group as the bare value of that field.
            return self.field(value, fields[0], depth + 1)
        if not isinstance(value, dict):
            return self.unknown(value, depth)
        by_name = {f.get("name"): f for f in fields}
        return {key: self.field(item, by_name[key], depth + 1) if key in by_name else self.unknown(item, depth + 1)
                for key, item in value.items()}

    def library(self, value, depth):
        # Sub-content: {"library": "H5P.X 1.2", "params": {...}, "metadata": {...}, "subContentId": "..."}.
        # The options list in the semantics is not enforced here: rules.py already requires the named
        # library to be in the package or installed, and an unknown one is cleaned conservatively.
        ref = parse_library_string(value.get("library"))
        cleaned = {}
        for key, item in value.items():
            if key == "params" and ref is not None:
                cleaned[key] = self.library_params(item, ref, depth + 1)
            elif key == "params":
                cleaned[key] = self.conservative(item, depth + 1)
            else:
                cleaned[key] = self.unknown(item, depth + 1)
        return cleaned

    def unknown(self, value, depth):
        return self._each_string(value, depth, lambda text: strip_tags(text) if "<" in text else text)

    def conservative(self, value, depth):
        return self._each_string(value, depth, lambda text: clean_h5p_html(text, INLINE_TAGS) if "<" in text else text)

    def _each_string(self, value, depth, clean):
        if depth > MAX_DEPTH:
            raise H5PError("content.json is nested too deeply to be checked.", entry=CONTENT_JSON, rule="content-too-deep")
        if isinstance(value, str):
            return clean(value)
        if isinstance(value, list):
            return [self._each_string(item, depth + 1, clean) for item in value]
        if isinstance(value, dict):
            return {key: self._each_string(item, depth + 1, clean) for key, item in value.items()}
        return value


def _html_tags(tags):
    """H5P's validateText: its defaults plus the field's tags, and the tags those imply."""
    chosen = set(HTML_DEFAULT_TAGS) | {t for t in (tags or []) if isinstance(t, str)}
    if "table" in chosen:
        chosen |= {"tr", "td", "th", "colgroup", "thead", "tbody", "tfoot"}
    if "b" in chosen:
        chosen.add("strong")
    if "i" in chosen:
        chosen.add("em")
    if chosen & {"ul", "ol"}:
        chosen.add("li")
    if chosen & {"del", "strike"}:
        chosen.add("s")
    return chosen


def check_media_paths(content, content_files):
    """Every "path" in content.json: an http(s) URL, or an existing file under content/ (`content_files`
    is keyed by the path below content/). Refuses with rule "content-path"."""
    for path in _paths(content, 0):
        if EXTERNAL.match(path):
            continue  # external media (YouTube, Vimeo, a web page) is fetched by the browser, not by us
        local = path.removesuffix("#tmp")  # H5P's editor marks freshly uploaded files so
        if not is_plain_relative(local):
            raise H5PError(f"The media path {path!r} is neither an http(s) address nor a plain relative path under content/.",
                           entry=CONTENT_JSON, rule="content-path")
        if local not in content_files:
            raise H5PError(f"The media file {path!r} named in content.json is not in the package's content/ folder.",
                           entry=CONTENT_JSON, rule="content-path")


def is_plain_relative(path):
    """No scheme, drive, backslash, control character, percent-escape, '.'/'..' or empty segment,
    also after Unicode compatibility folding (fullwidth dots)."""
    if not path or any(ord(c) < 32 or ord(c) == 127 for c in path):
        return False
    for form in {path, unquote(path), unicodedata.normalize("NFKC", path)}:
        if ":" in form or "\\" in form or form.startswith("/") or re.search(r"%[0-9a-fA-F]{2}", form):
            return False
        if any(part.strip(" .") == "" for part in form.split("/")):
            return False
    return True


def _paths(value, depth):
    if depth > MAX_DEPTH:
        raise H5PError("content.json is nested too deeply to be checked.", entry=CONTENT_JSON, rule="content-too-deep")
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "path" and isinstance(item, str):
                yield item
            else:
                yield from _paths(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _paths(item, depth + 1)
