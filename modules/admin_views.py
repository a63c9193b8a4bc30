"""Wagtail admin views: cut releases, import packs (preview, then apply), pin imported kits.
Each view checks its permission, parses the form and calls the same functions as the commands."""

import uuid
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import ImportedKit, KitPage, KitRelease
from .packs import journal
from .packs.errors import PackError
from .packs.loader import load_pack_archive, max_pack_bytes, open_stored_pack
from .packs.report import HEADINGS

UPLOAD_DIR = "pack-uploads"


def require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


class ReleaseForm(forms.Form):
    kit = forms.ModelChoiceField(queryset=KitPage.objects.live().order_by("title"), label=gettext_lazy("Kit"))
    version = forms.CharField(max_length=40, label=gettext_lazy("Version"), help_text=gettext_lazy("Semantic version, e.g. 1.0.0, higher than the latest release."))
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False, label=gettext_lazy("Release notes"))


def releases(request):
    require(request, "modules.view_kitrelease")
    form = ReleaseForm(request.POST or None)
    if request.method == "POST":
        require(request, "modules.add_kitrelease")
        if form.is_valid():
            from .packs.releases import cut_release

            try:
                release = cut_release(form.cleaned_data["kit"], form.cleaned_data["version"].strip(), form.cleaned_data["notes"], user=request.user)
            except PackError as error:
                form.add_error("version", error.message)
            else:
                messages.success(request, _("Release %(version)s of %(kit)s is cut.") % {"version": release.version, "kit": release.kit_title})
                return redirect("elearn_releases")
    listing = KitRelease.objects.defer("manifest").prefetch_related("files").order_by("kit_title", "-major", "-minor", "-patch")
    status = 400 if form.errors else 200
    return TemplateResponse(request, "modules/admin/releases.html", {"form": form, "releases": listing, "can_cut": request.user.has_perm("modules.add_kitrelease")}, status=status)


class ImportForm(forms.Form):
    pack = forms.FileField(label=gettext_lazy("Pack (.zip)"), help_text=gettext_lazy("A pack downloaded from an elearn catalogue."))

    def clean_pack(self):
        upload = self.cleaned_data["pack"]
        if upload.size > max_pack_bytes():
            raise forms.ValidationError(_("The file is larger than the %(limit)d bytes allowed.") % {"limit": max_pack_bytes()})
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Upload the pack's .zip file."))
        return upload


def import_pack(request):
    """Step 1: upload and preview (a dry run). Step 2 (`confirm`): apply the same stored upload."""
    require(request, "modules.add_importedkit")
    if request.method == "POST" and "token" in request.POST:
        return _apply(request, request.POST["token"])
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "headings": HEADINGS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["pack"]
        try:
            # The preview reads the upload itself (memory or a local temporary file); only a pack that
            # passed is stored, so the confirming request (maybe on another app server) can apply it.
            report = load_pack_archive(upload, source=upload.name, dry_run=True)
        except PackError as error:
            form.add_error("pack", f"{error.entry}: {error.message}" if error.entry else error.message)
        else:
            sweep_abandoned_uploads()
            token = uuid.uuid4().hex
            upload.seek(0)
            name = f"{UPLOAD_DIR}/{token}.zip"
            try:
                stored = journal.write(default_storage, name, upload)
            except journal.StorageWriteError as error:
                _delete_quietly(name)  # a write cut short by a full disk leaves a partial file
                form.add_error("pack", str(error))
            else:
                request.session[f"pack-upload-{token}"] = {"name": upload.name, "storage": stored}
                context.update(report=report, token=token, filename=upload.name)
    status = 400 if form.errors else 200
    return TemplateResponse(request, "modules/admin/import_pack.html", context, status=status)


def sweep_abandoned_uploads():
    """Previewed packs nobody confirmed: their session (the only way to apply them) has expired."""
    cutoff = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    try:
        _folders, names = default_storage.listdir(UPLOAD_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in names:
        path = f"{UPLOAD_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (OSError, NotImplementedError):
            continue


def _delete_quietly(name):
    try:
        default_storage.delete(name)
    except OSError:
        pass


def _apply(request, token):
    pending = request.session.pop(f"pack-upload-{token}", None)
    if pending is None:
        messages.error(request, _("That upload has expired; upload the pack again."))
        return redirect("elearn_import_pack")
    try:
        handle = open_stored_pack(default_storage, pending["storage"])
    except FileNotFoundError:
        messages.error(request, _("That upload is no longer in storage; upload the pack again."))
        return redirect("elearn_import_pack")
    try:
        with handle:
            report = load_pack_archive(handle, source=pending["name"])
    except PackError as error:
        messages.error(request, f"{error.entry}: {error.message}" if error.entry else error.message)
        return redirect("elearn_import_pack")
    finally:
        default_storage.delete(pending["storage"])
    messages.success(request, _("Imported %(file)s as drafts: %(summary)s.") % {"file": pending["name"], "summary": report.summary()})
    return TemplateResponse(request, "modules/admin/import_pack.html", {"report": report, "applied": True, "headings": HEADINGS, "filename": pending["name"]})


def imported_kits(request):
    require(request, "modules.view_importedkit")
    if request.method == "POST":
        require(request, "modules.change_importedkit")
        imported = get_object_or_404(ImportedKit, pk=request.POST.get("id"))
        imported.pinned = request.POST.get("pinned") == "1"
        imported.save(update_fields=["pinned"])
        messages.success(request, _("Pinned to %(v)s.") % {"v": imported.version} if imported.pinned else _("Unpinned."))
        return redirect("elearn_imported_kits")
    listing = ImportedKit.objects.select_related("kit").defer("manifest").order_by("source")
    return TemplateResponse(request, "modules/admin/imported_kits.html", {"imported": listing})
