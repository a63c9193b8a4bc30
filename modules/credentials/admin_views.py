"""The kit maintainers' certificate screen (/admin/certificates/): find a certificate by its code, see
whether it is valid, revoked or deleted by its holder, and revoke it (a reason and a confirmation,
POST with CSRF). Revoking goes through learning.records.record_certificate_revoked, the same writer
as `manage.py revoke_certificate`; the verification page and the status list follow at once."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..learning.models import Certificate, find_certificate
from ..learning.records import record_certificate_revoked
from ..permissions import staff_view
from .forms import LookupForm, RevokeForm

REVOKE = "modules.revoke_certificate"
RECENTLY_REVOKED = 50


def found(certificate):
    return reverse("certificates:index") + "?" + urlencode({"code": certificate.code})


@staff_view(REVOKE)
def index(request):
    form = LookupForm(request.GET or None)
    certificate = find_certificate(form.cleaned_data["code"]) if form.is_valid() else None
    revoked = Certificate.objects.filter(revoked_at__isnull=False).order_by("-revoked_at")[:RECENTLY_REVOKED]
    return TemplateResponse(request, "modules/admin/certificates.html", {
        "page_title": _("Certificates"), "header_icon": "success", "form": form, "certificate": certificate,
        "not_found": form.is_valid() and certificate is None, "revoked": revoked,
    })


@staff_view(REVOKE, post=REVOKE)
@require_http_methods(["GET", "POST"])
def revoke(request, code):
    certificate = find_certificate(code)
    if certificate is None or certificate.code != code:
        raise Http404
    if certificate.revoked_at:
        messages.info(request, _("This certificate was already revoked."))
        return redirect(found(certificate))
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        record_certificate_revoked(certificate, form.cleaned_data["reason"])
        messages.success(request, _("Certificate %(code)s revoked. It now verifies as revoked.") % {"code": certificate.code})
        return redirect(found(certificate))
    return TemplateResponse(request, "modules/admin/certificate_revoke.html", {
        "page_title": _("Revoke a certificate"), "header_icon": "warning", "form": form, "certificate": certificate,
    }, status=400 if request.method == "POST" else 200)
