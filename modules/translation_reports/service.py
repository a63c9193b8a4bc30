"""Reports of translation errors: checked (`check_*`) and stored (`do_record_report`), nothing else.

Who may report: signed-in users only. A report is free text shown to the kit maintainers; tying it to an
account lets a maintainer ask back, and keeps the one public form of the site from becoming a spam
inbox without a CAPTCHA. Everyone may still read the kits; the link sends a visitor to log in first
and back to the form. A user may send ELEARN_TRANSLATION_REPORTS_PER_HOUR reports an hour (counted in
the shared cache, so on every app server); the message is stored as plain text (markup stripped) and
always shown escaped; the page must be a path on this site."""

from html import unescape
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from ..errors import ElearnError
from ..models import TranslationReport
from ..sanitize import strip_tags

RATE_WINDOW_SECONDS = 3600
MIN_MESSAGE, MAX_MESSAGE, MAX_PAGE = 10, 4000, 500


class TooManyReports(ElearnError):
    status = 429


class TranslationReportForm(forms.Form):
    page_url = forms.CharField(label=_("Page"), max_length=MAX_PAGE, help_text=_("The address of the page with the error."))
    message = forms.CharField(label=_("What is wrong?"), widget=forms.Textarea(attrs={"rows": 6}), max_length=MAX_MESSAGE,
                              help_text=_("Quote the wrong passage and, if you can, suggest a better wording."))

    def __init__(self, *args, host=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.host = host

    def clean_page_url(self):
        value = self.cleaned_data["page_url"].strip()
        parts = urlsplit(value)
        if parts.scheme or parts.netloc:
            if parts.scheme not in ("http", "https") or parts.netloc.lower() != (self.host or "").lower():
                raise forms.ValidationError(_("Give the address of a page on this site."))
        path = parts.path
        if not path.startswith("/") or path.startswith("//") or "\\" in path:
            raise forms.ValidationError(_("Give the address of a page on this site."))
        return path

    def clean_message(self):
        message = unescape(strip_tags(self.cleaned_data["message"])).strip()
        if len(message) < MIN_MESSAGE:
            raise forms.ValidationError(_("Please describe the error in a few words."))
        return message


def _rate_key(user):
    return f"translation-report:{user.pk}"


def check_report_rate(user):
    """Refuses (429) a user who has sent the allowed number of reports in the last hour."""
    if (cache.get(_rate_key(user)) or 0) >= settings.ELEARN_TRANSLATION_REPORTS_PER_HOUR:
        raise TooManyReports(_("You have sent several reports in the last hour. Please try again later."))


def do_record_report(user, kit, language, cleaned_data):
    """Stores one report about `kit` in `language` and counts it against the user's hourly limit."""
    check_report_rate(user)
    report = TranslationReport.objects.create(
        kit_key=kit.translation_key, kit_title=kit.title[:255], language=language, reporter=user,
        page_url=cleaned_data["page_url"], message=cleaned_data["message"])
    if not cache.add(_rate_key(user), 1, RATE_WINDOW_SECONDS):
        try:
            cache.incr(_rate_key(user))
        except ValueError:
            cache.set(_rate_key(user), 1, RATE_WINDOW_SECONDS)
    return report
