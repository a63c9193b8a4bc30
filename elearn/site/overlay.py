"""Pages rendered once and overlaid with each reader's own parts (issue 19.1): a signed-in learner's
lesson page is the same for every learner except its marked places — the module's outline with the
learner's marks, the lesson's completion footer, the messages, the header's admin link and the admin
user bar (for staff) — and the CSRF token.

`OverlaidTemplateResponse` renders its template once per content version (elearn/site/page_cache.py)
and `parts` (what else the page depends on: the page's revision, the kit, the language, the URL, the
kind of reader), with each `{% overlay "template.html" %}` left as a marker and the CSRF token as a
placeholder: the skeleton. Every response then fills the skeleton: the marked templates rendered with
this request's context (one render for all of them, so the context processors run once) and this
request's CSRF token. A miss and a hit take the same path, so what a reader gets is always the
skeleton plus their own parts; nothing of one reader is ever in the skeleton, because everything a
reader owns is rendered only inside the marked templates.

Markers carry a token derived from SECRET_KEY, so no text in a page (a trainer's HTML is bleached of
comments anyway) can pose as one. The template names in markers come from our own templates."""

import functools
import hashlib
import re

from django.conf import settings
from django.middleware.csrf import get_token
from django.template import engines
from django.template.response import TemplateResponse
from django.utils import translation

from .page_cache import cached_content

SKELETON = "_elearn_skeleton"
SEPARATOR = "\x00"


def _token():
    return _token_for(settings.SECRET_KEY)


@functools.lru_cache(maxsize=4)
def _token_for(secret):
    # Once per key, not on every request: the markers and the placeholder are read on each fill.
    return hashlib.sha256(f"elearn-overlay:{secret}".encode()).hexdigest()[:20]


def marker(name):
    """What an overlay leaves in the skeleton in place of the template `name`."""
    return f"<!--overlay-{_token()}:{name}-->"


def csrf_placeholder():
    return f"csrf-{_token()}"


def _marker_pattern():
    return _pattern_for(_token())


@functools.lru_cache(maxsize=4)
def _pattern_for(token):
    return re.compile(rf"<!--overlay-{token}:([\w./-]+)-->")


_fragments = {}


def _fragments_template(names):
    """One template that renders `names` one after the other, split by SEPARATOR (compiled once)."""
    template = _fragments.get(names)
    if template is None:
        source = SEPARATOR.join(f'{{% include "{name}" %}}' for name in names)
        template = _fragments[names] = engines["django"].from_string(source)
    return template


def fill(skeleton, context, request):
    """The skeleton with this request's overlays and CSRF token."""
    pieces = _marker_pattern().split(skeleton)
    names = tuple(pieces[1::2])
    if names:
        rendered = _fragments_template(names).render(context, request).split(SEPARATOR)
        pieces[1::2] = rendered
    page = "".join(pieces)
    placeholder = csrf_placeholder()
    if placeholder in page:
        page = page.replace(placeholder, get_token(request))
    return page


def reader_parts(request):
    """What a skeleton depends on from the request: the URL (the language switcher and the alternates
    name it), the language, and whether the reader is signed in (the switcher posts, or links)."""
    scheme = "https" if request.is_secure() else "http"
    return (scheme, request.get_host(), request.get_full_path(), translation.get_language(), request.user.is_authenticated)


def render_overlaid(template, context, request, parts):
    """`template` (a backend template) rendered for `request`: the skeleton once per content version and
    `parts`, then filled with this request's own parts."""
    def build():
        return template.render({**context, SKELETON: True, "csrf_token": csrf_placeholder(), "messages": ()}, request)

    return fill(cached_content("skeleton", (template.origin.name, *parts), build), context, request)


class OverlaidTemplateResponse(TemplateResponse):
    """A TemplateResponse rendered through `render_overlaid` when `parts` is given (else as usual)."""

    def __init__(self, request, template, context, parts=None, **kwargs):
        super().__init__(request, template, context, **kwargs)
        self.skeleton_parts = parts

    @property
    def rendered_content(self):
        if self.skeleton_parts is None:
            return super().rendered_content
        template = self.resolve_template(self.template_name)
        return render_overlaid(template, self.resolve_context(self.context_data) or {}, self._request, self.skeleton_parts)
