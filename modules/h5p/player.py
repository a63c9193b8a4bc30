"""The sandboxed H5P player page and the files it loads.

How the pieces fit:
- A lesson's H5P block (templates/modules/blocks/h5p.html) renders
  <iframe sandbox="allow-scripts" src="{H5P_CONTENT_ORIGIN}/h5p/play/<token>/">. Without
  allow-same-origin the player has an opaque origin: no cookies, no storage, no access to the lesson.
  The player's own CSP carries `sandbox allow-scripts` too, so opening its URL directly is no escape.
- The player page loads three static scripts, nothing inline: h5p/storage.js (in-memory
  localStorage/sessionStorage: an opaque origin throws on the real ones, and h5p-standalone uses them),
  h5p-standalone's main.bundle.js, and h5p/player.js, which starts h5p-standalone from the JSON data
  block and forwards xAPI statements and its height to the lesson page by postMessage
  (static/h5p/lesson.js listens there).
- h5p-standalone fetches h5p.json, content/content.json and libraries/<Folder>/library.json, then adds
  the libraries' scripts and styles: all under /h5p/files/<token>/, streamed from default_storage.
- The token (signing.py) is the only credential, since the sandbox sends no cookies. With
  H5P_CONTENT_ORIGIN set, player and files are served only on that second hostname, and that hostname
  serves nothing else (ContentOriginMiddleware)."""

import posixpath
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.deprecation import MiddlewareMixin
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from ..models import H5PActivity
from .signing import check_token, sign_activity

PLAYER_PATHS = ("/h5p/play/", "/h5p/files/")

# Files served inline, by extension. Anything else goes out as an attachment: the browser saves it
# instead of rendering it (HTML, XML and other formats that can carry script never render here).
MIME_TYPES = {
    "json": "application/json", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp",
    "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf", "eot": "application/vnd.ms-fontobject",
    "mp3": "audio/mpeg", "m4a": "audio/mp4", "wav": "audio/wav", "ogg": "audio/ogg", "oga": "audio/ogg",
    "mp4": "video/mp4", "webm": "video/webm", "ogv": "video/ogg", "vtt": "text/vtt; charset=utf-8", "pdf": "application/pdf",
}
# SVG can carry script when opened as a document: inline only from libraries a maintainer approved,
# never from content a trainer uploaded.
LIBRARY_ONLY_TYPES = {"svg": "image/svg+xml"}

# Every content file is data for the player, never a document of its own: opened directly, it runs
# nothing and loads nothing.
FILES_CSP = "default-src 'none'; sandbox"


def content_host():
    return urlsplit(settings.H5P_CONTENT_ORIGIN).netloc.lower() if settings.H5P_CONTENT_ORIGIN else ""


def serves_player(request):
    """The player and its files are served on the content host if there is one, else beside the site."""
    host = content_host()
    return not host or request.get_host().lower() == host


def site_origin(request):
    """The origin of the lesson pages that frame the player (its CSP frame-ancestors)."""
    if settings.H5P_CONTENT_ORIGIN:
        parts = urlsplit(settings.SITE_BASE_URL)
        return f"{parts.scheme}://{parts.netloc}"
    return f"{request.scheme}://{request.get_host()}"


def object_iri(activity):
    """The xAPI object id of an activity: stable, absolute, the same wherever it is placed."""
    return f"{settings.SITE_BASE_URL}/h5p/activities/{activity.key}/"


def xapi_url(activity):
    """Where lesson pages post the activity's statements (on the site, with the learner's session)."""
    return f"/h5p/activities/{activity.key}/xapi/"


def player_src(activity, user):
    """The iframe src for `user`: a fresh token, on the content origin when one is configured."""
    return player_src_for_token(sign_activity(activity, user))


def player_src_for_token(token):
    return settings.H5P_CONTENT_ORIGIN + reverse("h5p_player", args=[token])


class ContentOriginMiddleware(MiddlewareMixin):
    """With H5P_CONTENT_ORIGIN set, its host serves only the player and its files (and static files),
    and the site's own host never serves those: a page of the site on the content host would run in
    the same origin as untrusted H5P code."""

    def process_request(self, request):
        host = content_host()
        if host and not request.path_info.startswith(settings.STATIC_URL):
            on_content_host = request.get_host().lower() == host
            if on_content_host != request.path_info.startswith(PLAYER_PATHS):
                return refusal(404, "Not found.")
        return None


def lock_down(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"  # URLs here carry tokens
    response.setdefault("Content-Security-Policy", FILES_CSP)
    return response


def refusal(status, reason):
    # Plain text rather than the site's error pages: nothing of the site renders on the content host.
    return lock_down(HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8"))


def granted_activity(request, token):
    """(activity, None) when the token grants a playable activity on this host, else (None, refusal)."""
    if not serves_player(request):
        return None, refusal(404, "Not found.")
    try:
        key = check_token(token)
    except signing.SignatureExpired:
        return None, refusal(403, "This link has expired: reload the lesson page.")
    except signing.BadSignature:
        return None, refusal(403, "Invalid link.")
    activity = H5PActivity.objects.filter(key=key).first()
    if activity is None or not activity.is_playable:
        return None, refusal(404, "Not found.")
    return activity, None


def player_csp(request, files_base):
    """Only what h5p-standalone needs, each source narrowed to a path: static/h5p-standalone/ (player
    code, its CSS, fonts and images), static/h5p/ (our three files) and this token's files."""
    static_base = request.build_absolute_uri(settings.STATIC_URL)
    standalone, ours, files = static_base + "h5p-standalone/", static_base + "h5p/", files_base + "/"
    directives = [
        ("default-src", "'none'"),
        # 'unsafe-eval': H5P.QuestionSet (every version) renders through the EJS template library,
        # which compiles templates with Function(). It adds nothing a package's own scripts cannot
        # already do: the frame is sandboxed in an opaque origin and may fetch only its own files.
        # Inline script stays forbidden.
        ("script-src", f"{standalone} {ours} {files} 'unsafe-eval'"),
        # H5P core (jQuery) and the content types build markup with style attributes: inline styles
        # are allowed, style sheets only from the player and the activity's libraries.
        ("style-src", f"{standalone} {ours} {files} 'unsafe-inline'"),
        ("img-src", f"{standalone} {files} data: blob:"),
        ("font-src", f"{standalone} {files} data:"),
        ("media-src", f"{files} blob:"),
        ("connect-src", files),
        ("frame-ancestors", site_origin(request)),
        ("base-uri", "'none'"),
        ("form-action", "'none'"),
        ("sandbox", "allow-scripts"),
    ]
    return "; ".join(f"{name} {value}" for name, value in directives)


@xframe_options_exempt  # framing is governed by the CSP's frame-ancestors instead
@require_safe
def player(request, token):
    activity, refused = granted_activity(request, token)
    if refused:
        return refused
    files_base = request.build_absolute_uri(reverse("h5p_file", args=[token, "h5p.json"])).removesuffix("/h5p.json")
    config = {
        "player": {
            "h5pJsonPath": files_base,
            "librariesPath": files_base + "/libraries",
            # Absolute URLs: h5p-standalone resolves relative ones against window.location.origin.
            "frameJs": request.build_absolute_uri(static("h5p-standalone/frame.bundle.js")),
            "frameCss": request.build_absolute_uri(static("h5p-standalone/styles/h5p.css")),
            "embedType": "div",
            "id": activity.key.hex,
            "xAPIObjectIRI": object_iri(activity),
        },
        # postMessage goes to the lesson pages' origin only, the one frame-ancestors allows.
        "parentOrigin": site_origin(request),
    }
    context = {
        "activity": activity, "config": config,
        "css": request.build_absolute_uri(static("h5p/player.css")),
        "scripts": [request.build_absolute_uri(static(name))
                    for name in ("h5p/storage.js", "h5p-standalone/main.bundle.js", "h5p/player.js")],
    }
    # No RequestContext: the player never touches the session, so it sets no cookie on its host.
    response = HttpResponse(render_to_string("modules/h5p/player.html", context))
    response["Content-Security-Policy"] = player_csp(request, files_base)
    response["Cache-Control"] = "no-store"
    return lock_down(response)


def storage_name(activity, file_path):
    """(storage name, from a library) for a path under the activity's files, or (None, False)."""
    parts = file_path.split("/")
    if any(part in {"", ".", ".."} or part.startswith(".") or "\\" in part or "\x00" in part for part in parts):
        return None, False
    if parts == ["h5p.json"]:
        return f"{activity.content_storage_prefix}/h5p.json", False
    if parts[0] == "content" and len(parts) > 1:
        return f"{activity.content_storage_prefix}/{file_path}", False
    if parts[0] == "libraries" and len(parts) > 2:
        # Only libraries this activity depends on (highest patch first, by the model's ordering).
        library = next((lib for lib in activity.libraries.filter(approved=True) if lib.folder_name == parts[1]), None)
        if library is not None:
            return f"{library.storage_prefix}/{'/'.join(parts[2:])}", True
    return None, False


@require_safe
def content_file(request, token, file_path):
    activity, refused = granted_activity(request, token)
    if refused:
        return refused
    name, from_library = storage_name(activity, file_path)
    if name is None:
        return refusal(404, "Not found.")
    extension = posixpath.splitext(name)[1].lstrip(".").lower()
    content_type = MIME_TYPES.get(extension) or (LIBRARY_ONLY_TYPES.get(extension) if from_library else None)
    try:
        # No exists() first: on object storage that is one more request per file, and open() says it
        # too (FileNotFoundError; a folder on disk raises IsADirectoryError, on S3 it is no key at all).
        handle = default_storage.open(name, "rb")
    except OSError:
        return refusal(404, "Not found.")
    if content_type:
        response = FileResponse(handle, content_type=content_type)
    else:
        response = FileResponse(handle, as_attachment=True, filename=posixpath.basename(name), content_type="application/octet-stream")
    # The player's origin is opaque, so its fetches are cross-origin. Any origin may read: the
    # token in the URL is the credential, and no cookie is ever sent or needed.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = f"private, max-age={settings.H5P_URL_MAX_AGE}"
    return lock_down(response)


urlpatterns = [
    path("play/<str:token>/", player, name="h5p_player"),
    path("files/<str:token>/<path:file_path>", content_file, name="h5p_file"),
]
