"""Public pack URLs; no login needed. Included by modules/urls.py: the pages in every language,
the endpoints (feed, downloads, JSON API) once, whatever the language."""

from django.urls import path

from . import views

urlpatterns = [
    path("packs/", views.catalogue, name="pack_catalogue"),
    path("packs/<slug:kit_slug>/compare/", views.compare, name="pack_compare"),
]

endpoint_urlpatterns = [
    path("packs/feed.atom", views.release_feed, name="pack_feed"),
    path("packs/<slug:kit_slug>/<str:version>/<str:filename>", views.download, name="pack_download"),
    path("api/packs/", views.catalogue_api, name="pack_api"),
]
