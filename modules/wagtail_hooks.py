"""All admin wiring lives here: menu items and URLs for releases and pack imports."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from . import admin_views
from .h5p import admin_views as h5p_admin


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("kit-releases/", admin_views.releases, name="elearn_releases"),
        path("kit-packs/import/", admin_views.import_pack, name="elearn_import_pack"),
        path("kit-packs/imported/", admin_views.imported_kits, name="elearn_imported_kits"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


packs_menu = Menu(items=[
    PermissionMenuItem(_("Releases"), "/admin/kit-releases/", icon_name="tag", permission="modules.view_kitrelease", order=100),
    PermissionMenuItem(_("Import a pack"), "/admin/kit-packs/import/", icon_name="upload", permission="modules.add_importedkit", order=200),
    PermissionMenuItem(_("Imported kits"), "/admin/kit-packs/imported/", icon_name="download", permission="modules.view_importedkit", order=300),
])


@hooks.register("register_admin_menu_item")
def register_packs_menu():
    return SubmenuMenuItem(_("Kit packs"), packs_menu, icon_name="folder-inverse", order=250)


# H5P activities (snippets: upload, replace, choose in lessons) and library approval.
register_snippet(h5p_admin.H5PActivityViewSet)


@hooks.register("register_admin_urls")
def register_h5p_urls():
    return [path("h5p-libraries/", h5p_admin.libraries, name="elearn_h5p_libraries")]


@hooks.register("register_admin_menu_item")
def register_h5p_libraries_menu():
    return PermissionMenuItem(_("H5P libraries"), "/admin/h5p-libraries/", icon_name="code", permission="modules.view_h5plibrary", order=270)


@hooks.register("register_admin_urls")
def register_results_urls():
    # Trainers see quiz and H5P results side by side; the view itself checks access_admin.
    from .h5p.views import results_overview

    return [path("results/", results_overview, name="elearn_results")]


@hooks.register("register_admin_menu_item")
def register_results_menu():
    return PermissionMenuItem(_("Results"), "/admin/results/", icon_name="list-ul", permission="wagtailadmin.access_admin", order=260)


@hooks.register("register_admin_urls")
def register_analytics_urls():
    # Per kit, module and quiz: enrolments, funnel, scores, item analysis, CSV export.
    from .analytics.views import analytics

    return [path("results/analytics/", analytics, name="elearn_analytics")]


@hooks.register("register_admin_menu_item")
def register_analytics_menu():
    return PermissionMenuItem(_("Analytics"), "/admin/results/analytics/", icon_name="table", permission="wagtailadmin.access_admin", order=261)


@hooks.register("register_admin_urls")
def register_module_library_urls():
    # Trainer workspace: the module library across kits. Views check access_admin and page permissions.
    from .library import views as library_views

    return [
        path("module-library/", library_views.module_library, name="elearn_module_library"),
        path("module-library/<int:module_id>/add-to-kit/", library_views.add_to_kit, name="elearn_module_library_add"),
        path("module-library/<int:module_id>/copy/", library_views.copy_module, name="elearn_module_library_copy"),
        path("module-library/<int:module_id>/replace-in-kit/", library_views.replace_in_kit, name="elearn_module_library_replace"),
    ]


@hooks.register("register_admin_menu_item")
def register_module_library_menu():
    return PermissionMenuItem(_("Module library"), "/admin/module-library/", icon_name="doc-full-inverse", permission="wagtailadmin.access_admin", order=240)
