"""The one place a domain error becomes a response: HTML for a page, JSON for a script.

Views let a `modules.errors.ElearnError` (PackError, H5PError, XAPIError, LibraryActionError, …)
propagate; `ElearnErrorMiddleware.process_exception` answers with the error's `status` and its
message, as `{"error": message}` to a JSON or API request, else as a page (the admin's look under
the admin). Views that show the message as a form error still catch `ElearnError` themselves."""

import logging

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext as _

from modules.errors import ElearnError

from .security import is_admin_path

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"


def wants_json(request):
    """A script: it sent JSON, asked only for JSON, or called the API."""
    if request.content_type == "application/json" or request.path_info.startswith(API_PREFIX):
        return True
    accept = request.headers.get("Accept", "")
    return "json" in accept and "html" not in accept


def error_response(request, error):
    message = str(error)
    if error.status >= 500:
        logger.error("%s on %s: %s", type(error).__name__, request.path, message, exc_info=error)
    if wants_json(request):
        return JsonResponse({"error": message}, status=error.status)
    template = "modules/admin/error.html" if is_admin_path(request) else "error.html"
    headings = {403: _("Not allowed"), 404: _("Page not found")}  # the wording of 403.html and 404.html
    context = {"heading": headings.get(error.status, _("Something went wrong")), "message": message}
    return render(request, template, context, status=error.status)


class ElearnErrorMiddleware(MiddlewareMixin):
    """Only answers exceptions (Django's MiddlewareMixin passes every request through)."""

    def process_exception(self, request, exception):
        if isinstance(exception, ElearnError):
            return error_response(request, exception)
        return None
