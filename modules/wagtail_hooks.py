"""All admin wiring lives here: one hook for the admin URLs of every area (each in its namespace,
the Wagtail contrib pattern), the menu items (links built with reverse, shown by the same permission
test as the view behind them, modules/permissions.py) and the H5P activity snippets."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .dashboard import add_panels
from .h5p import admin_views as h5p_admin
from .models import GlossaryTerm
from .permissions import ACCESS_ADMIN, PermissionMenuItem


@hooks.register("register_admin_urls")
def register_admin_urls():
    from .analytics import admin_urls as analytics_urls
    from .credentials import admin_urls as certificate_urls
    from .h5p import admin_urls as h5p_urls
    from .jobs import admin_urls as jobs_urls
    from .library import admin_urls as library_urls
    from .lti import admin_urls as lti_urls
    from .packs import admin_urls as packs_urls
    from .review import admin_urls as review_urls
    from .translation_reports import admin_urls as report_urls

    return [
        # /admin/kit-releases/ and /admin/kit-packs/…: paths older than the namespace, kept as they are.
        path("", include((packs_urls.urlpatterns, "packs"))),
        path("h5p-libraries/", include((h5p_urls.urlpatterns, "h5p"))),
        # Background jobs (release cutting, pack checks and imports): progress and outcome.
        path("jobs/", include((jobs_urls.urlpatterns, "jobs"))),
        # Trainers see quiz and H5P results side by side, and the analytics per kit, module and quiz.
        path("results/", include((analytics_urls.urlpatterns, "analytics"))),
        # Trainer workspace: the module library across kits.
        path("module-library/", include((library_urls.urlpatterns, "library"))),
        # Reviews: a submitted change against the live version, with the decision on the same screen.
        path("review/", include((review_urls.urlpatterns, "review"))),
        # LTI scores the platforms refused, to send again or discard.
        path("lti/", include((lti_urls.urlpatterns, "lti"))),
        # Learners' reports of translation errors, for the kit maintainers.
        path("translation-reports/", include((report_urls.urlpatterns, "translation_reports"))),
        # Certificates: look one up by its code, revoke it (kit maintainers).
        path("certificates/", include((certificate_urls.urlpatterns, "certificates"))),
    ]


@hooks.register("register_admin_menu_item")
def register_packs_menu():
    packs_menu = Menu(items=[
        PermissionMenuItem(_("Releases"), reverse("packs:releases"), icon_name="tag", permission="modules.view_kitrelease", order=100),
        PermissionMenuItem(_("Import a pack"), reverse("packs:import"), icon_name="upload", permission="modules.add_importedkit", order=200),
        PermissionMenuItem(_("Imported kits"), reverse("packs:imported"), icon_name="download", permission="modules.view_importedkit", order=300),
        PermissionMenuItem(_("Background jobs"), reverse("jobs:index"), icon_name="time", permission=("modules.add_importedkit", "modules.add_kitrelease"), order=400),
    ])
    return SubmenuMenuItem(_("Kit packs"), packs_menu, icon_name="folder-inverse", order=250)


@hooks.register("register_admin_viewset")
def register_lti_platforms():
    from .lti.admin import platform_viewset

    return platform_viewset


@hooks.register("register_admin_viewset")
def register_lti_registration_links():
    from .lti.admin import registration_link_viewset

    return registration_link_viewset


@hooks.register("register_admin_menu_item")
def register_lti_refused_scores_menu():
    return PermissionMenuItem(_("LTI refused scores"), reverse("lti:refused_scores"), icon_name="warning", permission="modules.view_ltiscore", order=277)


# H5P activities (snippets: upload, replace, choose in lessons) and library approval.
register_snippet(h5p_admin.H5PActivityViewSet)


@hooks.register("register_admin_menu_item")
def register_h5p_libraries_menu():
    return PermissionMenuItem(_("H5P libraries"), reverse("h5p:libraries"), icon_name="code", permission=h5p_admin.VIEW_LIBRARIES, order=270)


@hooks.register("register_admin_menu_item")
def register_h5p_changes_menu():
    # Changes to a live activity's package or required score wait here for a maintainer (h5p/review.py).
    return PermissionMenuItem(_("H5P changes"), reverse("h5p:changes"), icon_name="tasks", permission=h5p_admin.VIEW_CHANGES, order=271)


@hooks.register("register_admin_menu_item")
def register_results_menu():
    return PermissionMenuItem(_("Results"), reverse("analytics:results"), icon_name="list-ul", permission=ACCESS_ADMIN, order=260)


@hooks.register("register_admin_menu_item")
def register_analytics_menu():
    return PermissionMenuItem(_("Analytics"), reverse("analytics:index"), icon_name="table", permission=ACCESS_ADMIN, order=261)


@hooks.register("register_admin_menu_item")
def register_module_library_menu():
    return PermissionMenuItem(_("Module library"), reverse("library:index"), icon_name="doc-full-inverse", permission=ACCESS_ADMIN, order=240)


@hooks.register("register_admin_menu_item")
def register_certificates_menu():
    from .credentials.admin_views import REVOKE

    return PermissionMenuItem(_("Certificates"), reverse("certificates:index"), icon_name="success", permission=REVOKE, order=285)


@hooks.register("register_admin_menu_item")
def register_translation_reports_menu():
    return PermissionMenuItem(_("Translation reports"), reverse("translation_reports:index"), icon_name="comment",
                              permission="modules.view_translationreport", order=272)


# The dashboard panels that start a trainer's day (modules/dashboard.py).
hooks.register("construct_homepage_panels", add_panels)


@hooks.register("insert_global_admin_css")
def quiz_editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("admin-elearn/quiz-editor.css"))


class GlossaryTermViewSet(SnippetViewSet):
    # Trainers edit the glossary beside the kits; wagtail-localize adds "Translate" to each term.
    model = GlossaryTerm
    icon = "help"
    menu_label = _("Glossary")
    menu_order = 275
    add_to_admin_menu = True
    list_display = ["term", "slug", "lesson"]
    search_fields = ["term", "aliases", "definition"]


register_snippet(GlossaryTermViewSet)


@hooks.register("construct_page_action_menu")
def submit_first_for_those_who_cannot_publish(menu_items, request, context):
    """A trainer's way forward with a change is review, so "Submit to Kit review" is the editor's main
    button for anyone who may not publish ("Save draft" moves into the menu); publishers keep Wagtail's order."""
    names = [item.name for item in menu_items]
    if "action-submit" in names and "action-publish" not in names:
        menu_items.insert(0, menu_items.pop(names.index("action-submit")))
