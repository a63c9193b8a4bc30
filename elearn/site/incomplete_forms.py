"""Wagtail's admin forms read some fields (a StreamField's `body-count`) with `request.POST[...]`, so a
hand-made or truncated edit or revision-revert POST raised MultiValueDictKeyError: a 500 and an alert
for what is bad input. Such a POST to the admin is answered 400; nothing was saved (the form fails
while it is being validated, before any write)."""

from django.urls import reverse
from django.utils.datastructures import MultiValueDictKeyError
from django.utils.deprecation import MiddlewareMixin
from django.views.defaults import bad_request


class IncompleteAdminFormMiddleware(MiddlewareMixin):
    """Only answers exceptions (Django's MiddlewareMixin passes every request through)."""

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError) and request.method == "POST" and request.path_info.startswith(reverse("wagtailadmin_home")):
            return bad_request(request, exception)
        return None
