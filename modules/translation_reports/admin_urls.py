"""Admin URLs of translation reports, in the "translation_reports" namespace (see modules/wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("", admin_views.index, name="index"),
]
