"""Admin: H5P activities as snippets (upload, replace, choose in lessons) and library approval."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet

from ..files.errors import StorageWriteError
from ..errors import ElearnError
from ..models import H5PActivity, H5PActivityChange, H5PLibrary
from ..permissions import has_permission, staff_view
from .forms import H5PActivityForm
from .review import REVIEW_PERMISSION, can_review, do_approve_change, do_reject_change
from .upload import APPROVE_PERMISSION, do_approve_libraries, do_approve_library

# Who sees the H5P libraries page (and its menu item): trainers view, maintainers approve.
VIEW_LIBRARIES = ("modules.view_h5plibrary", APPROVE_PERMISSION)


class StorageErrorMixin:
    """A full disk or unwritable media folder while storing the package: a form error, nothing saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except StorageWriteError as error:
            form.add_error("package", str(error))
            self.produced_error_message = str(error)
            return self.form_invalid(form)


class WaitingMessageMixin:
    """An upload that brought content types the site does not run yet says so, and who can release it."""

    def get_success_message(self, instance=None):
        instance = instance or self.object
        if instance.is_playable:
            return super().get_success_message(instance)
        waiting = ", ".join(sorted(str(library) for library in instance.libraries.filter(approved=False)))
        return _("H5P activity “%(title)s” saved. It uses content types this site does not run yet (%(libraries)s): "
                 "it will play once a maintainer approves them under H5P libraries.") % {"title": instance.title, "libraries": waiting}


class H5PActivityCreateView(WaitingMessageMixin, StorageErrorMixin, CreateView):
    pass


class H5PActivityEditView(WaitingMessageMixin, StorageErrorMixin, EditView):
    def get_success_message(self, instance=None):
        if getattr(self.form, "proposed_change", None) is not None:
            return _("Your change waits for a maintainer's review: learners keep the current content and required score "
                     "of “%(title)s” until it is approved.") % {"title": (instance or self.object).title}
        return super().get_success_message(instance)


class H5PActivityViewSet(SnippetViewSet):
    model = H5PActivity
    add_view_class = H5PActivityCreateView
    edit_view_class = H5PActivityEditView
    list_display = ["title", "main_library", "status", "required_score", "updated_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [FieldPanel("package"), FieldPanel("title"), FieldPanel("licence"), FieldPanel("authors"), FieldPanel("required_score")],
        base_form_class=H5PActivityForm,
    )


def playable_now(released):
    return ngettext("%(n)d activity can now be played.", "%(n)d activities can now be played.", len(released)) % {"n": len(released)}


@staff_view(VIEW_LIBRARIES, post=APPROVE_PERMISSION)
def libraries(request):
    if request.method == "POST":
        if request.POST.get("activity"):
            activity = get_object_or_404(H5PActivity, pk=request.POST["activity"], status=H5PActivity.PENDING)
            waiting = list(activity.libraries.filter(approved=False))
            released = do_approve_libraries(waiting, request.user)
            approved = ngettext(
                "%(n)d content type of “%(title)s” approved. %(playable)s",
                "%(n)d content types of “%(title)s” approved. %(playable)s",
                len(waiting),
            )
            messages.success(request, approved % {"n": len(waiting), "title": activity.title, "playable": playable_now(released)})
        else:
            library = get_object_or_404(H5PLibrary, pk=request.POST.get("id"), approved=False)
            released = do_approve_library(library, request.user)
            messages.success(request, _("%(lib)s approved. %(playable)s") % {"lib": library, "playable": playable_now(released)})
        return redirect("h5p:libraries")
    rows = H5PLibrary.objects.annotate(activity_count=Count("activities")).order_by("approved", "machine_name", "-major_version", "-minor_version")
    waiting = H5PActivity.objects.filter(status=H5PActivity.PENDING).order_by("created_at").prefetch_related(
        Prefetch("libraries", queryset=H5PLibrary.objects.filter(approved=False).order_by("machine_name"), to_attr="waiting_libraries"))
    return TemplateResponse(request, "modules/admin/h5p_libraries.html", {
        "page_title": _("H5P libraries"), "header_icon": "code", "libraries": rows, "waiting": waiting, "can_approve": has_permission(request.user, APPROVE_PERMISSION)})


# Who sees the changes waiting for review: whoever may see activities; only reviewers decide.
VIEW_CHANGES = ("modules.view_h5pactivity", REVIEW_PERMISSION)


@staff_view(VIEW_CHANGES, post=REVIEW_PERMISSION)
def changes(request):
    """Changes to H5P activities waiting for review (review.py), with approve and reject (POST, CSRF)."""
    if request.method == "POST":
        decision = request.POST.get("decision")
        change_id = request.POST.get("change", "")
        if decision not in ("approve", "reject") or not change_id.isdigit():
            messages.error(request, _("Choose a change and approve or reject it."))
            return redirect("h5p:changes")
        change = get_object_or_404(H5PActivityChange.objects.select_related("activity"), pk=int(change_id))
        try:
            if decision == "approve":
                activity = do_approve_change(change, request.user)
                note = "" if activity.is_playable else " " + _("It plays once a maintainer approves its new content types under H5P libraries.")
                messages.success(request, _("Change to “%(title)s” approved: learners get it now.") % {"title": activity.title} + note)
            else:
                do_reject_change(change, request.user)
                messages.success(request, _("Change to “%(title)s” rejected: learners keep the current version.") % {"title": change.activity.title})
        except ElearnError as error:
            messages.error(request, error.message)
        return redirect("h5p:changes")
    rows = H5PActivityChange.objects.select_related("activity", "proposed_by", "decided_by").prefetch_related(
        Prefetch("libraries", queryset=H5PLibrary.objects.order_by("machine_name")))
    return TemplateResponse(request, "modules/admin/h5p_changes.html", {
        "page_title": _("H5P changes"), "header_icon": "tasks",
        "pending": rows.filter(status=H5PActivityChange.PENDING).order_by("created_at"),
        "decided": rows.exclude(status=H5PActivityChange.PENDING).order_by("-decided_at")[:20],
        "can_review": can_review(request.user),
    })
