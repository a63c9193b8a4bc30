from django import forms
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .models import User

PROFILE_FIELDS = ["first_name", "last_name", "organisation", "region", "country", "helix_role"]


class ProfileSignupForm(forms.Form):
    """Extra sign-up fields; allauth calls `signup()` after creating the user."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    region = forms.CharField(label=_("Region"), max_length=120, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", "—")] + list(User._meta.get_field("country").choices), required=False)
    helix_role = forms.ChoiceField(
        label=_("Quadruple-helix role"),
        choices=[("", "—")] + list(User._meta.get_field("helix_role").choices),
        required=False,
        help_text=_("Which of the four helices do you work in?"),
    )

    privacy = forms.BooleanField(
        label=lazy(lambda: format_html(_('I have read the <a href="{}">privacy notice</a>.'), reverse_lazy("privacy")), SafeString)(),
        error_messages={"required": _("Please confirm that you have read the privacy notice.")},
    )

    def signup(self, request, user):
        for name in PROFILE_FIELDS:
            setattr(user, name, self.cleaned_data.get(name, ""))
        user.privacy_accepted_at = timezone.now()
        user.save(update_fields=PROFILE_FIELDS + ["privacy_accepted_at"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS + ["language"]


class DeleteAccountForm(forms.Form):
    """Deleting an account asks for the password again: a session left open on a shared computer is
    not enough to erase someone's records."""

    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(label=_("I understand that my account and my certificates' names are erased and cannot be restored."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password
