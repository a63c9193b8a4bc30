"""The admin form for H5P activities: upload (or replace) the package, edit title, licence,
authors and the score needed. The package is validated in clean(); nothing is stored before."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .types import H5PError
from .upload import apply_package, check_not_duplicate, validate_upload


class H5PActivityForm(WagtailAdminModelForm):
    package = forms.FileField(
        label=_("H5P package (.h5p)"), required=False,
        help_text=_("Export it from an H5P editor (h5p.org, Lumi, Moodle). Uploading a new file replaces the activity's content; its id, "
                    "and learners' progress, stay."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Leave empty to use the title from the package.")
        if self.instance.pk is None:
            self.fields["package"].required = True
        self.validated = None
        self.package_bytes = None

    def clean_package(self):
        upload = self.cleaned_data.get("package")
        if not upload:
            return upload
        if upload.size > settings.H5P_MAX_PACKAGE_BYTES:
            raise forms.ValidationError(_("The file is larger than the %(n)d bytes allowed.") % {"n": settings.H5P_MAX_PACKAGE_BYTES})
        if not upload.name.lower().endswith(".h5p"):
            raise forms.ValidationError(_("Upload an .h5p file."))
        data = upload.read()
        try:
            package = validate_upload(data)
            check_not_duplicate(package, self.instance)
        except H5PError as error:
            where = f" ({error.entry})" if error.entry else ""
            raise forms.ValidationError(_("The package was refused%(where)s: %(message)s") % {"where": where, "message": error.message}) from error
        self.validated, self.package_bytes = package, data
        return upload

    def clean_required_score(self):
        value = self.cleaned_data.get("required_score")
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("A percentage between 0 and 100."))
        return value

    def save(self, commit=True):
        activity = super().save(commit=False)
        if self.validated is not None:
            apply_package(activity, self.validated, self.package_bytes, user=self.for_user)
        elif commit:
            activity.save()
        return activity
