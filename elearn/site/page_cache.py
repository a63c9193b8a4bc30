"""The anonymous page cache (issue 19.2): the whole HTML of a kit, module, lesson or quiz page as an
anonymous visitor sees it, kept in Django's cache (CACHES["default"], shared by every app server) and
served again without running the view.

What may be cached is decided by the page, never guessed: a route marks its response with
`share_with_anonymous(request, response)`, which does so only for a visitor who is not signed in.
The middleware then stores it only when nothing in it belongs to the visitor: a GET or HEAD without
a session or messages cookie, status 200, no cookie set, no CSRF token used, no session written, no
`private`/`no-store` Cache-Control, no CSP nonce. It serves a stored page only to a request that
meets the same conditions, keyed by scheme, host, full path (query string included) and the active
language (set by LocaleMiddleware before this middleware runs, from the URL prefix).

Invalidation: every entry carries the content version it was rendered under; a change to pages,
sites, locales, site settings, kit links, releases, imports or translation credits (connected in
elearn/site/apps.py) draws a new version, so every older entry is ignored from the next request on,
on every app server. ELEARN_PAGE_CACHE_SECONDS (default 300, 0 turns the cache off) bounds how long
an entry lives in any case.

Content values (`cached_content`) are also kept in the process, beside the shared cache: a request
reads the content version once (AnonymousPageCacheMiddleware, for every request), and every value
stored under that version is then served from the process's memory without a cache read. The shared version stays the only
truth: a publish on any app server draws a new one, and from the next request on every process
ignores what it kept under the old one.

A shared leaf: it imports nothing from the project, so page models may mark their responses."""

import contextvars
import hashlib
import os
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpResponse
from django.utils import translation

VERSION_KEY = "elearn:page-cache:version"
MARK = "_elearn_share_with_anonymous"
# Headers a stored page must not carry to another visitor (cookies are refused outright).
DROPPED_HEADERS = {"set-cookie", "date"}


def seconds():
    return getattr(settings, "ELEARN_PAGE_CACHE_SECONDS", 300)


def _new_version():
    _request_version.set(None)
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


# The content version this request read at its start (None outside a request, or once the request
# itself changed content): values kept in the process under it are current.
_request_version = contextvars.ContextVar("elearn_content_version", default=None)


class KeptValues:
    """A bounded, thread-safe LRU of key -> (version, expiry, value) in this process."""

    def __init__(self, size):
        self.size, self.values, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key, version):
        with self.lock:
            entry = self.values.get(key)
            if entry is None or entry[0] != version or entry[1] < time.monotonic():
                return None
            self.values.move_to_end(key)
            return entry

    def put(self, key, version, value):
        with self.lock:
            self.values[key] = (version, time.monotonic() + seconds(), value)
            self.values.move_to_end(key)
            while len(self.values) > self.size:
                self.values.popitem(last=False)

    def clear(self):
        with self.lock:
            self.values.clear()


kept = KeptValues(1024)


# Set while `migrate` runs: migrations save pages, groups and permissions, and the database cache's
# table may not exist yet (createcachetable comes after migrate on a new site).
_migrating = False


def bump_content_version(**kwargs):
    """A new content version: every page stored before it is stale (a signal receiver, hence **kwargs).
    Now, and again when the transaction commits: a page rendered by another request between the two
    (from the data before the commit) would otherwise be stored under the new version. During
    `migrate`, once at its end instead (migration_ended)."""
    if _migrating:
        return
    _new_version()
    transaction.on_commit(_new_version)


def migration_started(**kwargs):
    global _migrating
    _migrating = True


def migration_ended(**kwargs):
    """After `migrate` (post_migrate): what the migrations changed makes one new content version. On a
    new site the database cache's table does not exist yet; nothing can have been stored in it."""
    global _migrating
    _migrating = False
    try:
        _new_version()
    except DatabaseError:
        pass


def _current(found):
    """The content version in `found` (a get_many result), created when the cache has none yet."""
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    return version


_code = None


def code_fingerprint():
    """A digest of this checkout's Python code and templates: every stored entry is keyed with it, so
    after a deploy an app server never takes a page, body or skeleton that older code rendered (nor
    a skeleton naming a template that is gone), even before `migrate` draws a new content version.
    App servers running the same code share entries; during a rolling deploy each code keeps its own."""
    global _code
    if _code is None:
        digest = hashlib.sha256()
        base = Path(settings.BASE_DIR)
        for top in ("elearn", "modules", "templates"):
            for root, dirs, files in os.walk(base / top):
                dirs[:] = sorted(name for name in dirs if name != "__pycache__")
                for name in sorted(files):
                    if name.endswith((".py", ".html")):
                        path = Path(root) / name
                        digest.update(str(path.relative_to(base)).encode() + b"\0" + path.read_bytes())
        _code = digest.hexdigest()[:12]
    return _code


def cached_content(name, parts, build, keep=None):
    """`build()` once per content version (issue 19.1), for what is the same for every reader of the
    same content: outlines of pages, never a learner's own data. `parts` name what the value depends
    on besides the content (language, page ids). One cache read when stored. With `keep`, a value
    is stored only when `keep(value)` is true."""
    if seconds() <= 0:
        return build()
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"elearn:page-cache:{name}:{code_fingerprint()}:{digest}"
    version = _request_version.get()
    if version is not None:
        here = kept.get(key, version)
        if here is not None:
            return here[2]
        entry = cache.get(key)
    else:
        found = cache.get_many([VERSION_KEY, key])
        version, entry = _current(found), found.get(key)
    if entry is not None and entry[0] == version:
        kept.put(key, version, entry[1])
        return entry[1]
    value = build()
    if version is not None and (keep is None or keep(value)):
        cache.set(key, (version, value), seconds())
        kept.put(key, version, value)
    return value


def share_with_anonymous(request, response):
    """Mark `response` as the same for every anonymous visitor, when this visitor is one."""
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        setattr(response, MARK, True)
    return response


def _visitor_is_anonymous(request):
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return False
    return not ({settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages")} & set(request.COOKIES))


def _key(request):
    """Hashed: URLs can be longer than a cache key may be (250 characters for memcached, 255 in the table)."""
    scheme = "https" if request.is_secure() else "http"
    page = f"{scheme}://{request.get_host()}{request.get_full_path()} {translation.get_language()}"
    return f"elearn:page-cache:page:{code_fingerprint()}:{hashlib.sha256(page.encode()).hexdigest()}"


def _storable(request, response):
    if not getattr(response, MARK, False) or response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(getattr(request, "session", None), "modified", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    return "nonce-" not in response.get("Content-Security-Policy", "")


class AnonymousPageCacheMiddleware:
    """Serves and stores the pages marked with `share_with_anonymous` (see the module's docstring).
    Sits after LocaleMiddleware (the language is known) and before the middleware that add the
    security headers, so a stored page keeps them. For every other request it reads the content
    version once, so the values of `cached_content` come from the process's memory (one cache read
    per request instead of one per value)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if seconds() <= 0:
            return self.get_response(request)
        if not _visitor_is_anonymous(request):
            return _with_version(_current(cache.get_many([VERSION_KEY])), self.get_response, request)
        key = _key(request)
        found = cache.get_many([VERSION_KEY, key])
        version, entry = _current(found), found.get(key)
        if entry is not None and entry["version"] == version:
            response = HttpResponse(entry["content"], status=200)
            for name, value in entry["headers"]:
                response[name] = value
            response["X-Elearn-Page-Cache"] = "hit"
            return response
        response = _with_version(version, self.get_response, request)
        if version is not None and _storable(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in DROPPED_HEADERS]
            cache.set(key, {"version": version, "content": response.content, "headers": headers}, seconds())
            response["X-Elearn-Page-Cache"] = "miss"
        return response


def _with_version(version, get_response, request):
    """The rest of the request with `version` as the content version it read (see the docstring)."""
    token = _request_version.set(version)
    try:
        return get_response(request)
    finally:
        _request_version.reset(token)
