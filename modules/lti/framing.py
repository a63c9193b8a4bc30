"""LTI launches inside the platform's frame (Moodle's and Canvas's default "embed" container).

Every page of the site refuses to be framed (X-Frame-Options DENY, CSP frame-ancestors 'none') and its
cookies are SameSite=Lax. A launch that arrives in a frame (`Sec-Fetch-Dest: iframe`, or, from a browser
that sends no such header, the platform's `document_target` claim) is the one exception, and only for:

- whom: the launching platform's origin, the `Origin` of the launch POST, accepted only when it is one
  of that platform's own origins (its issuer, its authorisation URL, or the `return_url` it signed in the
  launch). Never a wildcard, never another platform;
- what: the launch target (the module and what lies under its address: lessons, quiz), the learner's
  own quiz attempts and results (`LEARNING_ROUTES`), for the
  session the launch signed in. Every other page and every other session stays unframeable;
- cookies: that session's responses set their cookies SameSite=None; Secure; Partitioned (CHIPS), so
  a browser phasing out third-party cookies still keeps them inside the frame. Other sessions keep Lax.

Where the browser refuses cookies in frames altogether (Safari), the OIDC login answers a framed
request with a page that checks for a test cookie and, when it is missing, offers to open the launch in
a new window (`cookie_check_page`). `FrameAncestorsMiddleware` and `ThirdPartyCookieMiddleware` apply
the headers and the cookie flags."""

from urllib.parse import urlencode, urlsplit

from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin

from .launch import PRESENTATION_CLAIM

FRAME_SESSION = "lti-frame"
FRAMED_LOGIN = "lti-framed-login"
COOKIE_CHECK = "elearn-lti-cookie-check"
NEW_WINDOW_PARAM = "new_window"
FRAME_DESTINATIONS = ("iframe", "frame")
# The learner's own steps of the module that live outside its address (modules/urls.py): starting
# the quiz, its attempt and result page, marking a lesson read. Their views check whose they are.
LEARNING_ROUTES = {"start_attempt", "attempt", "complete_lesson", "self_assessment_result"}


def origin_of(url):
    """`scheme://host[:port]` of an http(s) URL, lower case; None for anything else."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return None
    return f"{parts.scheme}://{parts.netloc.lower()}"


def platform_origins(registration, data=None):
    """The origins this platform is known by: its issuer and authorisation URL (registered), and the
    return URL it signed in this launch (Canvas frames from the school's own host)."""
    urls = [registration.issuer, registration.auth_url]
    presentation = (data or {}).get(PRESENTATION_CLAIM)
    if isinstance(presentation, dict):
        urls.append(presentation.get("return_url"))
    return {origin for origin in map(origin_of, urls) if origin}


def is_framed_request(request, data=None):
    destination = request.headers.get("Sec-Fetch-Dest")
    if destination:
        return destination in FRAME_DESTINATIONS
    presentation = (data or {}).get(PRESENTATION_CLAIM)
    return isinstance(presentation, dict) and presentation.get("document_target") in FRAME_DESTINATIONS


def frame_origin(request, registration, data):
    """The origin that may frame this launch's pages, or None (not framed, or framed by a stranger)."""
    if not is_framed_request(request, data):
        return None
    origin = origin_of(request.headers.get("Origin"))
    return origin if origin in platform_origins(registration, data) else None


def do_allow_frame(request, origin, path):
    """Record in the learner's (new) session that `origin` may frame the pages under `path`."""
    request.session[FRAME_SESSION] = {"origin": origin, "path": path}


def allowed_frame_origin(request):
    """The origin that may frame this request's page, or None."""
    session = getattr(request, "session", None)
    frame = session.get(FRAME_SESSION) if session is not None else None
    if not isinstance(frame, dict) or not getattr(request, "user", None) or not request.user.is_authenticated:
        return None
    path, origin = frame.get("path"), frame.get("origin")
    match = getattr(request, "resolver_match", None)
    on_target = isinstance(path, str) and path.startswith("/") and request.path.startswith(path)
    if not on_target and (match is None or match.url_name not in LEARNING_ROUTES):
        return None
    return origin_of(origin)


def is_framed_session(request):
    session = getattr(request, "session", None)
    return session is not None and isinstance(session.get(FRAME_SESSION), dict)


def cookie_check_page(request, registration, auth_url, params):
    """The login's answer inside a frame: continue to the platform when a test cookie sticks, else offer
    the same login in a new window (a first-party context, where cookies work)."""
    new_window = request.build_absolute_uri(request.path) + "?" + urlencode({**params, NEW_WINDOW_PARAM: "1"})
    response = render(request, "modules/lti/cookie_check.html", {"continue_url": auth_url, "new_window_url": new_window})
    response.set_cookie(COOKIE_CHECK, "1", max_age=300, path="/", httponly=False)
    response._lti_frame_cookies = True
    origin = origin_of(request.headers.get("Origin"))
    origins = sorted(platform_origins(registration))
    # A login posted by the platform's page names it; the check page may be framed by it, or by the
    # platform's registered origins (a GET login carries no Origin).
    response._lti_frame_ancestors = [origin] if origin else origins
    return response


class FrameAncestorsMiddleware(MiddlewareMixin):
    """Inside the CSP and X-Frame-Options middleware (listed after them): the launch target of a framed
    LTI session, or a response that asks for it (`_lti_frame_ancestors`), may be framed by the
    platform's origin, and by nothing else."""

    def process_response(self, request, response):
        ancestors = getattr(response, "_lti_frame_ancestors", None)
        if ancestors is None:
            origin = allowed_frame_origin(request)
            ancestors = [origin] if origin else None
        if ancestors:
            response._csp_replace = {**(getattr(response, "_csp_replace", None) or {}), "frame-ancestors": ancestors}
            response.xframe_options_exempt = True
        return response


class ThirdPartyCookieMiddleware(MiddlewareMixin):
    """Outside the session and CSRF middleware (listed before them, so it sees the cookies they set):
    a framed LTI session's cookies, and those of a response that asks for it (`_lti_frame_cookies`),
    become SameSite=None; Secure; Partitioned. Every other session keeps its SameSite=Lax cookies."""

    def process_response(self, request, response):
        if getattr(response, "_lti_frame_cookies", False) or is_framed_session(request):
            for morsel in response.cookies.values():
                make_third_party(morsel)
        return response


def make_third_party(morsel):
    """SameSite=None; Secure; Partitioned. Python 3.11's Morsel knows no `partitioned` attribute (3.14
    does), so it rides on the SameSite value, which Morsel writes out unquoted."""
    morsel["secure"] = True
    morsel["samesite"] = "None; Partitioned"
