"""Wagtail admin views: cut releases, import packs (check, then apply), pin imported kits.
Each view is a `staff_view` (modules/permissions.py) and parses the form; the long work (cutting a
release, checking and importing a pack) runs as a background job (modules/jobs) calling the same
functions as the commands, and the view sends the person to the job's page. The upload waiting for
its check is kept by staging.py."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from ..errors import ElearnError
from ..files import journal
from ..jobs import service as jobs
from ..models import ImportedKit, KitPage, KitRelease, StaleTranslation
from ..permissions import has_permission, staff_view
from . import staging
from .loader import max_pack_bytes
from .releases import check_new_version
from .urlcheck import check_pack_url
from .stale_segments import build_translation_changes, check_may_review, translated_page


class ReleaseForm(forms.Form):
    kit = forms.ModelChoiceField(queryset=KitPage.objects.live().in_source_language().order_by("title"), label=gettext_lazy("Kit"))
    version = forms.CharField(max_length=40, label=gettext_lazy("Version"), help_text=gettext_lazy("Semantic version, e.g. 1.0.0, higher than the latest release."))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label=gettext_lazy("Release notes"))


@staff_view("modules.view_kitrelease", post="modules.add_kitrelease")
def releases(request):
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kit, version = form.cleaned_data["kit"], form.cleaned_data["version"].strip()
        try:
            _semver, version = check_new_version(kit, version)  # quick: a wrong version is refused at once
        except ElearnError as error:
            form.add_error("version", error.message)
        else:
            job = jobs.enqueue_release(kit, version, form.cleaned_data["notes"], request.user)
            return redirect("jobs:detail", job.pk)
    listing = KitRelease.objects.defer("manifest").prefetch_related("files").order_by("kit_title", "-major", "-minor", "-patch")
    status = 400 if form.errors else 200
    context = {"page_title": _("Kit releases"), "header_icon": "tag", "form": form, "releases": listing, "can_cut": has_permission(request.user, "modules.add_kitrelease")}
    return TemplateResponse(request, "modules/admin/releases.html", context, status=status)


class ImportForm(forms.Form):
    pack = forms.FileField(label=gettext_lazy("Pack (.zip)"), required=False, help_text=gettext_lazy("A pack downloaded from an elearn catalogue."))
    url = forms.URLField(label=gettext_lazy("Or the pack's address"), required=False, assume_scheme="https", max_length=2000,
                         help_text=gettext_lazy("An http:// or https:// address of a pack zip on another elearn server."))

    def clean_pack(self):
        upload = self.cleaned_data["pack"]
        if upload is None:
            return None
        if upload.size > max_pack_bytes():
            raise forms.ValidationError(_("The file is larger than the %(limit)d bytes allowed.") % {"limit": max_pack_bytes()})
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Upload the pack's .zip file."))
        return upload

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url:
            try:
                check_pack_url(url)
            except ElearnError as error:
                raise forms.ValidationError(error.message) from error
        return url

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("pack")) == bool(data.get("url")):
            raise forms.ValidationError(_("Upload a pack or give its address (one of the two)."))
        return data


@staff_view("modules.add_importedkit")
def import_pack(request):
    """Upload a pack or give its address: a background job checks it (a dry run, shown on the job's
    page), and from there the person who checked it applies it (another job)."""
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    context = {"page_title": _("Import a pack"), "header_icon": "upload", "form": form}
    if request.method == "POST" and form.is_valid():
        upload, url = form.cleaned_data["pack"], form.cleaned_data["url"]
        if url:
            return redirect("jobs:detail", jobs.enqueue_import_preview(request.user, url=url).pk)
        try:
            staged = staging.store(upload)
        except journal.StorageWriteError as error:
            form.add_error("pack", str(error))
        else:
            return redirect("jobs:detail", jobs.enqueue_import_preview(request.user, filename=upload.name, staged=staged).pk)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "modules/admin/import_pack.html", context, status=status)


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
