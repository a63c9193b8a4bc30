"""Admin URLs of packs, in the "packs" namespace under /admin/ (see modules/wagtail_hooks.py)."""

from django.urls import path

from . import admin_views

urlpatterns = [
    path("kit-releases/", admin_views.releases, name="releases"),
    path("kit-packs/import/", admin_views.import_pack, name="import"),
    path("kit-packs/imported/", admin_views.imported_kits, name="imported"),
    path("kit-translations/<int:page_id>/changes/", admin_views.translation_changes, name="translation_changes"),
]
