"""The admin form for H5P activities: upload (or replace) the package, edit title, licence,
authors and the score needed. The package is validated in clean(); nothing is stored before.

For an existing activity, a new package or another required score is proposed for review
(review.py) instead of applied: learners keep the current content and score until a maintainer
approves. The form shows the pending proposal's score, so a second edit continues from it."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .review import pending_change, propose_change
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
        else:
            self.fields["package"].help_text = _(
                "Uploading a new file proposes new content: learners keep the current content until a maintainer approves "
                "the change. The activity's id, and learners' progress, stay.")
            self.fields["required_score"].help_text = _(
                "Percent of the maximum score a learner needs for the activity to count as done. A change waits for a "
                "maintainer's review.")
            self.pending = pending_change(self.instance)
            if self.pending is not None and self.pending.required_score is not None:
                self.initial["required_score"] = self.pending.required_score
        self.validated = None
        self.package_bytes = None
        self.proposed_change = None

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
        if activity.pk is None:
            if self.validated is not None:
                apply_package(activity, self.validated, self.package_bytes, user=self.for_user)
            elif commit:
                activity.save()
            return activity
        # An existing activity: package and score are proposed, never applied here (review.py).
        live_score = type(activity).objects.values_list("required_score", flat=True).get(pk=activity.pk)
        proposed_score, activity.required_score = activity.required_score, live_score
        self.proposed_change = propose_change(activity, self.for_user, package=self.validated, data=self.package_bytes,
                                              required_score=proposed_score)
        activity.save()
        return activity
