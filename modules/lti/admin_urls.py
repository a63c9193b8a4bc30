"""Admin URLs of the LTI tool, in the "lti" namespace under /admin/lti/ (see modules/wagtail_hooks.py).
The platforms and registration links are model viewsets, which register their own URLs."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("refused-scores/", admin_views.refused, name="refused_scores"),
]
