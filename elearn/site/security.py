"""Response hardening shared by every page: body size cap, Content-Security-Policy, Permissions-Policy."""

import base64
import hashlib
import re

from django.conf import settings
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from csp.middleware import CSPMiddleware, PolicyParts

# Wagtail's date and time widgets still start with one inline call each. Only a script that is
# exactly such a call (a field id and a JSON options object) gets its hash allowed; any other
# inline script in the admin stays blocked.
WAGTAIL_INLINE_INIT = re.compile(r'<script>(init(?:DateTime|Date|Time)Chooser\("[A-Za-z0-9_-]+", \{[^<>{}]*\}\);)</script>')


class RequestSizeLimitMiddleware(MiddlewareMixin):
    """Answers 413 to a body larger than ELEARN_MAX_REQUEST_BYTES before anything reads it.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but spools any file upload to disk whatever
    its size; this stops a multi-gigabyte body at the door. Each upload form has its own, smaller limit.
    """

    def process_request(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.ELEARN_MAX_REQUEST_BYTES:
            limit_mb = settings.ELEARN_MAX_REQUEST_BYTES // 1024**2
            message = _("The request is too large: at most %(limit)s MB can be sent at once.") % {"limit": limit_mb}
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return None


class SiteCSPMiddleware(CSPMiddleware):
    """The strict site policy everywhere, the admin variant under the admin (Wagtail sets inline styles)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and is_admin_path(request):
            policy = {**settings.ELEARN_ADMIN_CSP, "script-src": ["'self'", *wagtail_init_hashes(response)]}
            return PolicyParts(policy, parts.update, parts.replace, parts.nonce)
        return parts


def is_admin_path(request):
    """Under the Wagtail admin, wherever elearn/urls.py mounts it (read from the URLconf, not repeated)."""
    try:
        prefix = reverse("wagtailadmin_home", urlconf=getattr(request, "urlconf", None))
    except NoReverseMatch:
        return False
    return request.path.startswith(prefix)


def wagtail_init_hashes(response):
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return []
    scripts = WAGTAIL_INLINE_INIT.findall(response.content.decode(response.charset or "utf-8", "replace"))
    digests = {base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() for script in scripts}
    return [f"'sha256-{digest}'" for digest in sorted(digests)]


class PermissionsPolicyMiddleware(MiddlewareMixin):
    """No page of this site needs the camera, microphone, location or payment APIs."""

    def process_response(self, request, response):
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
