"""Admin URLs of the module library, in the "library" namespace under /admin/module-library/
(see modules/wagtail_hooks.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.module_library, name="index"),
    path("<int:module_id>/add-to-kit/", views.add_to_kit, name="add"),
    path("<int:module_id>/copy/", views.copy_module, name="copy"),
    path("<int:module_id>/replace-in-kit/", views.replace_in_kit, name="replace"),
]
