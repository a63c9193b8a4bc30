"""Site-wide middleware."""

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.deprecation import MiddlewareMixin

from modules.files.errors import WRITE_ERRNOS, StorageWriteError, describe_storage_error
from modules.funding import funding_in

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_MARK = "_elearn_database_error"


def unavailable_response(storage_message=""):
    """The 503 page: a plain template rendered without a request context, so nothing on it (no
    context processor, no session, no user, no Wagtail setting) needs the database."""
    context = {"funding": funding_in(), "retry_after": RETRY_AFTER_SECONDS, "storage_message": storage_message}
    html = loader.get_template("503.html").render(context)
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _note_database_error(sender, request=None, **kwargs):
    """Django turns an exception raised in any inner middleware (sessions, auth, messages …) into a
    response before it reaches this middleware; it sends this signal first, while the exception is
    being handled. Mark the request so the middleware can answer 503 instead of 500."""
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, DATABASE_ERRORS):
        setattr(request, _MARK, error)


got_request_exception.connect(_note_database_error, dispatch_uid="elearn.database_unavailable")


class DatabaseUnavailableMiddleware(MiddlewareMixin):
    """A lost database (server down, restarting, network cut, connection killed) becomes a friendly
    503 page with Retry-After instead of a 500 (and so does a view that finds its media storage full
    or unwritable), wherever below this middleware it surfaced: in a view or template (process_exception) or in another middleware (the got_request_exception mark).
    Nothing is cached: Django opens a new connection for the next request (a connection that raised
    is closed by close_if_unusable_or_obsolete at the end of the request, whatever CONN_MAX_AGE is),
    so the site recovers as soon as the database is back, without a restart."""

    def process_response(self, request, response):
        error = getattr(request, _MARK, None)
        if error is not None:
            log.error("Database unavailable: answered %s with 503: %s", request.path, error)
            return unavailable_response()
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            log.error("Database unavailable: answered %s with 503: %s", request.path, exception)
            return unavailable_response()
        message = _storage_message(exception)
        if message:
            # A view without its own handling (Wagtail's image and document uploads) hit a full disk or
            # an unwritable media folder: say so plainly. The row is never saved (the file comes first).
            log.error("Media storage cannot be written: answered %s with 503", request.path, exc_info=exception)
            return unavailable_response(message)
        return None


def _storage_message(exception):
    if isinstance(exception, StorageWriteError):
        return str(exception)
    if isinstance(exception, OSError) and exception.errno in WRITE_ERRNOS:
        return describe_storage_error(exception)
    return ""
