from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 64_000


class LookupForm(forms.Form):
    code = forms.CharField(label=_("Certificate code"), max_length=64, strip=True,
                           help_text=_("As printed on the certificate, e.g. 7KQD-M3XA-RT9F. Upper or lower case, with or without dashes."),
                           widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}))


class CredentialForm(forms.Form):
    credential = forms.CharField(label=_("Paste the credential"), required=False, max_length=MAX_UPLOAD_BYTES,
                                 widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}))
    file = forms.FileField(label=_("or upload the credential file (.jwt)"), required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(_("This file is too large to be a credential."))
            try:
                cleaned["token"] = upload.read().decode("ascii").strip()
            except UnicodeDecodeError:
                raise forms.ValidationError(_("This file is not a credential.")) from None
        else:
            cleaned["token"] = (cleaned.get("credential") or "").strip()
        if not cleaned["token"]:
            raise forms.ValidationError(_("Paste the credential or choose its file."))
        return cleaned


class RevokeForm(forms.Form):
    """A maintainer's revocation: why (kept on record, never shown publicly) and an explicit yes."""
    reason = forms.CharField(label=_("Reason"), max_length=255, strip=True,
                             help_text=_("Why the certificate is revoked, e.g. issued in error. Kept on record, never shown publicly."))
    confirm = forms.BooleanField(label=_("I confirm: this certificate will verify as revoked from now on. This cannot be undone."))
