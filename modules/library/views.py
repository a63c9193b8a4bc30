"""Module library admin views: parse the request, call a check_/do_ function, render or redirect.
Every view is a `staff_view` (wagtailadmin.access_admin); the actions further need page
permissions, which their check_ function tests: edit on the kit to add or replace a module, add
under the library to copy one. A refused action comes back as a message on the page it came from."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..errors import ElearnError
from ..models import KitPage, ModulePage
from ..permissions import staff_view
from .actions import check_add_to_kit, check_copy, check_replace_in_kit, do_add_to_kit, do_copy, do_replace_in_kit
from .queries import LibraryFilterForm, build_module_library, editable_kits, get_library


def _back(request):
    target = request.POST.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("library:index")


def _library_module(module_id):
    library = get_library()
    if library is None:
        raise Http404
    module = get_object_or_404(ModulePage.objects.child_of(library), pk=module_id)
    return library, module


def _posted_page(request, model, field):
    """The page a form field names by id; 404 for a missing or malformed id."""
    value = request.POST.get(field) or ""
    return get_object_or_404(model, pk=value if value.isdigit() else None)


def library_action(view):
    """A staff POST action whose check_ refusal (LibraryActionError) is a message on the page it came
    from, or a 403 when the user lacks the page permission."""

    @staff_view()
    @require_POST
    @wraps(view)
    def action(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ElearnError as error:
            if error.status == 403:
                raise PermissionDenied(error.message) from error
            messages.error(request, error.message)
            return _back(request)

    return action


def _saved_message(request, revision_published, text):
    if revision_published:
        messages.success(request, text + " " + _("The kit is published."))
    else:
        messages.warning(request, text + " " + _("Saved as a draft of the kit and submitted for review: a kit maintainer publishes it."))


@staff_view()
@require_GET
def module_library(request):
    library = get_library()
    form = LibraryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    kits = editable_kits(request.user)
    entries = build_module_library(library, data, addable_kits=kits)
    can_copy = library is not None and library.permissions_for_user(request.user).can_add_subpage()
    context = {
        "page_title": _("Module library"), "header_icon": "doc-full-inverse", "form": form, "entries": entries, "library": library, "can_copy": can_copy, "editable_kits": kits,
        "filtered": bool(data and any(data.values())), "next": request.get_full_path(),
    }
    return TemplateResponse(request, "modules/admin/library/index.html", context, status=200 if not form.errors else 400)


@library_action
def add_to_kit(request, module_id):
    _library, module = _library_module(module_id)
    kit = _posted_page(request, KitPage, "kit")
    check_add_to_kit(request.user, module, kit)
    _revision, published = do_add_to_kit(request.user, module, kit)
    _saved_message(request, published, _("“%(module)s” is added to “%(kit)s” (shared, not copied).") % {"module": module.title, "kit": kit.title})
    return _back(request)


@library_action
def copy_module(request, module_id):
    library, module = _library_module(module_id)
    title = (request.POST.get("title") or "").strip() or _("%(title)s (copy)") % {"title": module.title}
    slug = (request.POST.get("slug") or "").strip() or slugify(title)
    check_copy(request.user, module, library, slug)
    copy = do_copy(request.user, module, library, title, slug)
    messages.success(request, _("“%(copy)s” is an independent draft copy of “%(module)s”. Edit and publish it, then put it in a kit in place of the original.") % {"copy": copy.title, "module": module.title})
    return redirect(reverse("wagtailadmin_pages:edit", args=[copy.pk]))


@library_action
def replace_in_kit(request, module_id):
    """Put a copy (module_id) in a kit in place of its original."""
    _library, copy = _library_module(module_id)
    kit = _posted_page(request, KitPage, "kit")
    original = _posted_page(request, ModulePage, "original")
    check_replace_in_kit(request.user, kit, original, copy)
    _revision, published = do_replace_in_kit(request.user, kit, original, copy)
    _saved_message(request, published, _("In “%(kit)s”, “%(module)s” is replaced by the copy “%(copy)s”.") % {"kit": kit.title, "module": original.title, "copy": copy.title})
    return _back(request)
