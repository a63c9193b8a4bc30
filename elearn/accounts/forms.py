from django import forms
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

    def signup(self, request, user):
        for name in PROFILE_FIELDS:
            setattr(user, name, self.cleaned_data.get(name, ""))
        user.save(update_fields=PROFILE_FIELDS)


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS + ["language"]
