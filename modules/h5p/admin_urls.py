"""Admin URLs of H5P, in the "h5p" namespace under /admin/h5p-libraries/ (see modules/wagtail_hooks.py).
The H5P activities are a snippet viewset, which registers its own URLs."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.libraries, name="libraries"),
    path("changes/", admin_views.changes, name="changes"),
]
