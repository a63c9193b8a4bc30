"""Wagtail admin views: cut releases, import packs (preview, then apply), pin imported kits.
Each view is a `staff_view` (modules/permissions.py), parses the form and calls the same functions
as the commands; the upload waiting for confirmation is kept by staging.py."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from ..errors import ElearnError
from ..files import journal
from ..models import ImportedKit, KitPage, KitRelease, StaleTranslation
from ..permissions import has_permission, staff_view
from . import staging
from .loader import load_pack_archive, max_pack_bytes
from .releases import cut_release
from .report import HEADINGS
from .stale_segments import build_translation_changes, check_may_review, translated_page


class ReleaseForm(forms.Form):
    kit = forms.ModelChoiceField(queryset=KitPage.objects.live().order_by("title"), label=gettext_lazy("Kit"))
    version = forms.CharField(max_length=40, label=gettext_lazy("Version"), help_text=gettext_lazy("Semantic version, e.g. 1.0.0, higher than the latest release."))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label=gettext_lazy("Release notes"))


@staff_view("modules.view_kitrelease", post="modules.add_kitrelease")
def releases(request):
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = cut_release(form.cleaned_data["kit"], form.cleaned_data["version"].strip(), form.cleaned_data["notes"], user=request.user)
        except ElearnError as error:
            form.add_error("version", error.message)
        else:
            messages.success(request, _("Release %(version)s of %(kit)s is cut.") % {"version": release.version, "kit": release.kit_title})
            return redirect("packs:releases")
    listing = KitRelease.objects.defer("manifest").prefetch_related("files").order_by("kit_title", "-major", "-minor", "-patch")
    status = 400 if form.errors else 200
    context = {"page_title": _("Kit releases"), "header_icon": "tag", "form": form, "releases": listing, "can_cut": has_permission(request.user, "modules.add_kitrelease")}
    return TemplateResponse(request, "modules/admin/releases.html", context, status=status)


class ImportForm(forms.Form):
    pack = forms.FileField(label=gettext_lazy("Pack (.zip)"), help_text=gettext_lazy("A pack downloaded from an elearn catalogue."))

    def clean_pack(self):
        upload = self.cleaned_data["pack"]
        if upload.size > max_pack_bytes():
            raise forms.ValidationError(_("The file is larger than the %(limit)d bytes allowed.") % {"limit": max_pack_bytes()})
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Upload the pack's .zip file."))
        return upload


@staff_view("modules.add_importedkit")
def import_pack(request):
    """Step 1: upload and preview (a dry run). Step 2 (`token`): apply the same stored upload."""
    if request.method == "POST" and "token" in request.POST:
        return _apply(request, request.POST["token"])
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"page_title": _("Import a pack"), "header_icon": "upload", "form": form, "headings": HEADINGS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["pack"]
        try:
            report = load_pack_archive(upload, source=upload.name, dry_run=True)
            token = staging.stage(request, upload)
        except (ElearnError, journal.StorageWriteError) as error:
            form.add_error("pack", str(error))
        else:
            context.update(report=report, token=token, filename=upload.name)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "modules/admin/import_pack.html", context, status=status)


def _apply(request, token):
    pending = staging.take(request, token)
    if pending is None:
        messages.error(request, _("That upload has expired; upload the pack again."))
        return redirect("packs:import")
    filename, storage_name = pending
    try:
        handle = staging.open_staged(storage_name)
    except FileNotFoundError:
        messages.error(request, _("That upload is no longer in storage; upload the pack again."))
        return redirect("packs:import")
    try:
        with handle:
            report = load_pack_archive(handle, source=filename)
    except ElearnError as error:
        messages.error(request, str(error))
        return redirect("packs:import")
    finally:
        staging.discard(storage_name)
    messages.success(request, _("Imported %(file)s as drafts: %(summary)s.") % {"file": filename, "summary": report.summary()})
    return TemplateResponse(request, "modules/admin/import_pack.html", {
        "page_title": _("Import a pack"), "header_icon": "upload", "report": report, "applied": True, "headings": HEADINGS, "filename": filename})


@staff_view("modules.view_importedkit", post="modules.change_importedkit")
def imported_kits(request):
    if request.method == "POST":
        imported = get_object_or_404(ImportedKit, pk=request.POST.get("id"))
        imported.pinned = request.POST.get("pinned") == "1"
        imported.save(update_fields=["pinned"])
        messages.success(request, _("Pinned to %(v)s.") % {"v": imported.version} if imported.pinned else _("Unpinned."))
        return redirect("packs:imported")
    listing = ImportedKit.objects.select_related("kit").defer("manifest").order_by("source")
    return TemplateResponse(request, "modules/admin/imported_kits.html", {
        "page_title": _("Imported kits"), "header_icon": "download", "imported": listing, "stale": stale_translations()})


def stale_translations():
    """The translations flagged stale by an upgrade (translation_merge.py), each with its translated
    page: two queries, however many there are."""
    flags = list(StaleTranslation.objects.order_by("language", "flagged_at"))
    pages = {(p.translation_key, p.locale.language_code): p for p in Page.objects.filter(
        translation_key__in=[f.item_key for f in flags], locale__language_code__in={f.language for f in flags}).select_related("locale")} if flags else {}
    return [{"flag": flag, "page": pages.get((flag.item_key, flag.language))} for flag in flags]


@staff_view()
def translation_changes(request, page_id):
    """A translation's segments against its source now: changed (old and new English side by side),
    missing, current. For the trainers of the kit: whoever may edit the translated page."""
    page, source = translated_page(page_id)
    check_may_review(request.user, page)
    return TemplateResponse(request, "modules/admin/translation_changes.html", {"changes": build_translation_changes(page, source)})
