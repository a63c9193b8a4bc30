"""Admin URLs of certificates, in the "certificates" namespace (see modules/wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<str:code>/revoke/", admin_views.revoke, name="revoke"),
]
