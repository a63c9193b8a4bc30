"""All admin wiring lives here: one hook for the admin URLs of every area (each in its namespace,
the Wagtail contrib pattern), the menu items (links built with reverse, shown by the same permission
test as the view behind them, modules/permissions.py), and the menu placement of the screens
Wagtail's viewsets make (H5P activities, the glossary, LTI platforms and registration links)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .credentials.admin_views import REVOKE
from .dashboard import add_panels
from .h5p import admin_views as h5p_admin
from .lti.admin import LtiPlatformViewSet, LtiRegistrationLinkViewSet
from .models import GlossaryTerm
from .permissions import ACCESS_ADMIN, SUPERUSER, PermissionMenuItem
from .review import submissions
from .review.approvals import module_of
from .review.views import submitted_message


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


# Every elearn screen's menu item: label, URL name, icon, the permission its view checks, order
# (with VIEWSET_MENU_ITEMS below: one sequence of orders, no two alike).
ADMIN_MENU_ITEMS = [
    (_("Module library"), "library:index", "doc-full-inverse", ACCESS_ADMIN, 240),
    (_("Results"), "analytics:results", "list-ul", ACCESS_ADMIN, 260),
    (_("Analytics"), "analytics:index", "table", ACCESS_ADMIN, 261),
    (_("H5P libraries"), "h5p:libraries", "code", h5p_admin.VIEW_LIBRARIES, 270),
    # Changes to a live activity's package or required score wait here for a maintainer (h5p/review.py).
    (_("H5P changes"), "h5p:changes", "tasks", h5p_admin.VIEW_CHANGES, 271),
    (_("Translation reports"), "translation_reports:index", "comment", "modules.view_translationreport", 272),
    (_("LTI refused scores"), "lti:refused_scores", "warning", "modules.view_ltiscore", 277),
    (_("Certificates"), "certificates:index", "success", REVOKE, 285),
    # Back up the site as a background job and download the archives: administrators only.
    (_("Backups"), "jobs:backups", "download", SUPERUSER, 290),
]


def _register_menu_item(label, url_name, icon, permission, order):
    @hooks.register("register_admin_menu_item")
    def menu_item():
        return PermissionMenuItem(label, reverse(url_name), icon_name=icon, permission=permission, order=order)


for _item in ADMIN_MENU_ITEMS:
    _register_menu_item(*_item)


# The dashboard panels that start a trainer's day (modules/dashboard.py).
hooks.register("construct_homepage_panels", add_panels)


@hooks.register("insert_global_admin_css")
def quiz_editor_css():
    return format_html('<link rel="stylesheet" href="{}">', static("admin-elearn/quiz-editor.css"))


class GlossaryTermViewSet(SnippetViewSet):
    # Trainers edit the glossary beside the kits; wagtail-localize adds "Translate" to each term.
    model = GlossaryTerm
    list_display = ["term", "slug", "lesson"]
    search_fields = ["term", "aliases", "definition"]


# The screens Wagtail's viewsets make (list, add, edit; their menu items shown by the model's
# permissions): viewset, label, icon, order. Snippets can also be chosen in lessons.
VIEWSET_MENU_ITEMS = [
    # H5P activities: upload, replace, choose in lessons; the libraries they use wait for approval.
    (h5p_admin.H5PActivityViewSet, _("H5P activities"), "media", 255),
    (GlossaryTermViewSet, _("Glossary"), "help", 273),
    (LtiPlatformViewSet, _("LTI platforms"), "link", 275),
    # One-time addresses for LTI Dynamic Registration (modules/lti/registration.py).
    (LtiRegistrationLinkViewSet, _("LTI registration links"), "link-external", 276),
]


def _register_viewset(viewset_class, label, icon, order):
    viewset = viewset_class(menu_label=label, icon=icon, menu_order=order, add_to_admin_menu=True)
    if isinstance(viewset, SnippetViewSet):
        register_snippet(viewset)
    else:
        hooks.register("register_admin_viewset", lambda: viewset)


for _item in VIEWSET_MENU_ITEMS:
    _register_viewset(*_item)


# One submission for a module's change (modules/review/submissions.py): in the editor of a module, lesson
# or quiz, "Submit module changes for review" saves this page's draft (Wagtail's own save: the button's name
# is not one of Wagtail's actions) and then starts the review of every draft of the module.
SUBMIT_MODULE = "action-submit-module"


class SubmitModuleChangesMenuItem(ActionMenuItem):
    label = _("Submit module changes for review")
    name = SUBMIT_MODULE
    icon_name = "resubmit"

    def is_shown(self, context):
        if context["view"] not in ("create", "edit") or context.get("locked_for_user"):
            return False
        page = context.get("page")
        if context["view"] == "create":
            parent = context["parent_page"]
            return module_of(parent) is not None and parent.has_workflow and parent.permissions_for_user(context["request"].user).can_add_subpage()
        return module_of(page) is not None and self.get_user_page_permissions_tester(context).can_submit_for_moderation()


@hooks.register("register_page_action_menu_item")
def register_submit_module_changes():
    return SubmitModuleChangesMenuItem(order=65)  # after Wagtail's "Submit to Kit review" (60)


@hooks.register("construct_page_action_menu")
def submit_first_for_those_who_cannot_publish(menu_items, request, context):
    """A trainer's way forward with a change is review, so submitting is the editor's main button for anyone
    who may not publish ("Save draft" moves into the menu): "Submit module changes for review" in a module,
    else "Submit to Kit review"; publishers keep Wagtail's order."""
    names = [item.name for item in menu_items]
    if "action-publish" in names:
        return
    for name in (SUBMIT_MODULE, "action-submit"):
        if name in names:
            menu_items.insert(0, menu_items.pop(names.index(name)))
            return


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def save_lesson_questions_and_submit_module(request, page):
    """After Wagtail saved the page: the questions written in a lesson's editor go into the module's quiz;
    "Submit module changes for review" then submits every draft of the module; Wagtail's "Submit to Kit
    review" of a lesson takes the quiz it just added questions to along."""
    html = request.accepts("text/html")  # not an autosave
    quiz, questions = getattr(page, "new_quiz_questions", None) or (None, None)
    added = bool(questions) and submissions.do_add_questions_to_quiz(request.user, quiz, questions)
    if added and html:
        messages.success(request, ngettext("%(count)s question saved in “%(quiz)s”.", "%(count)s questions saved in “%(quiz)s”.", len(questions))
                         % {"count": len(questions), "quiz": quiz.title})
    module = module_of(page)
    if request.POST.get(SUBMIT_MODULE) and module is not None and html:
        try:
            pages = submissions.check_submit_module_changes(request.user, module)
        except submissions.SubmissionError as error:
            messages.error(request, error.message)
            return redirect("wagtailadmin_pages:edit", page.pk)
        submissions.do_submit_pages(request.user, pages)
        messages.success(request, submitted_message(module, pages))
        return redirect("wagtailadmin_explore", module.pk)
    if added and request.POST.get("action-submit"):
        quiz = type(quiz).objects.get(pk=quiz.pk)
        if quiz in submissions.drafts_to_submit(request.user, module):
            submissions.do_submit_pages(request.user, [quiz])
    return None


@hooks.register("register_page_header_buttons")
def submit_module_changes_button(page, user, view_name, next_url=None):
    module = module_of(page)
    if module is not None and module.pk == page.pk and page.permissions_for_user(user).can_edit():
        yield Button(_("Submit module changes for review"), reverse("review:submit_module", args=[page.pk]), icon_name="resubmit", priority=35)
