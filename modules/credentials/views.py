"""Certificate verification for anyone (by code, or by pasting the Open Badges credential), the
holder's credential download, and the machine endpoints a verifier needs (issuer profile,
achievement, public keys, status list)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ..downloads import personal_download
from ..learning.models import Certificate
from ..models import KitPage
from . import badges, keys
from .forms import CredentialForm, LookupForm
from .lookup import look_up

TOO_MANY = 429


def _lookup_page(request, form, status=200, **context):
    return render(request, "modules/certificate_lookup.html",
                  {"form": form, "credential_form": context.pop("credential_form", CredentialForm()), **context}, status=status)


@require_GET
def certificate_lookup(request):
    """/certificates/?code=…: the form, then the certificate's page (redirect) or "no certificate"."""
    form = LookupForm(request.GET or None)
    if not form.is_bound:
        return _lookup_page(request, form)
    if not form.is_valid():
        return _lookup_page(request, form, status=400)
    certificate, refused = look_up(request, form.cleaned_data["code"])
    if refused:
        return _lookup_page(request, form, status=TOO_MANY, refused=True)
    if certificate is None:
        return _lookup_page(request, form, status=404, not_found=True)
    return redirect("verify_certificate", certificate.code)


@require_GET
def verify_certificate(request, code):
    certificate, refused = look_up(request, code)
    if refused:
        return _lookup_page(request, LookupForm(initial={"code": code}), status=TOO_MANY, refused=True)
    if certificate is None:
        return _lookup_page(request, LookupForm(initial={"code": code}), status=404, not_found=True)
    if certificate.code != code:
        return redirect("verify_certificate", certificate.code)
    return render(request, "modules/certificate_verify.html", {"certificate": certificate, "form": LookupForm()})


@require_http_methods(["GET", "POST"])
def check_credential(request):
    """Paste or upload an Open Badges credential (VC-JWT): valid, revoked or tampered."""
    if request.method == "GET":
        return redirect("certificate_lookup")
    form = CredentialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _lookup_page(request, LookupForm(), status=400, credential_form=form)
    verdict = badges.verify_credential(form.cleaned_data["token"])
    status = 200 if verdict.status in ("valid", "revoked") else 400
    return _lookup_page(request, LookupForm(), status=status, credential_form=CredentialForm(), verdict=verdict)


@require_GET
@login_required
def credential_download(request, code):
    """The holder's own credential as a VC-JWT file; anyone else gets 404."""
    certificate = Certificate.objects.select_related("user").filter(code=code, user=request.user).first()
    if certificate is None or certificate.holder_erased:
        raise Http404
    kit = KitPage.objects.in_source_language().filter(translation_key=certificate.kit_key).first()
    outcomes = kit.certificate_facts().outcomes if kit else ()
    return personal_download(badges.sign_credential(certificate, kit, outcomes), "application/vc+jwt", f"open-badge-{certificate.code}.jwt")


@require_GET
def key_set(request):
    response = JsonResponse(keys.published_key_set())
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def issuer(request):
    return JsonResponse(badges.issuer_profile(), content_type="application/ld+json")


@require_GET
def achievement(request, kit_key):
    certificate = Certificate.objects.filter(kit_key=kit_key).order_by("-issued_at").first()
    if certificate is None:
        raise Http404
    kit = KitPage.objects.in_source_language().filter(translation_key=kit_key).first()
    return JsonResponse({"@context": badges.CONTEXT, **badges.build_achievement(certificate, kit)}, content_type="application/ld+json")


@require_GET
def status_list(request):
    response = HttpResponse(badges.sign_status_list(), content_type="application/vc+jwt")
    response["Cache-Control"] = "public, max-age=300"
    return response
