"""Admin URLs of results, in the "analytics" namespace under /admin/results/ (see modules/wagtail_hooks.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.results_overview, name="results"),
    path("analytics/", views.analytics, name="index"),
]
