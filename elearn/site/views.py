from datetime import date

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.views import serve as wagtail_serve

from modules.funding import funding_in

from .routing import remember_route


def server_error(request):
    """Like Django's default, plus the funding statement (the 500 page gets no context processors)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({"funding": funding_in()}))


def _legal_context():
    operator = dict(settings.ELEARN_OPERATOR)
    operator["name"] = operator.get("name") or _("The operator of this site (not configured)")
    try:
        checked = date.fromisoformat(operator["accessibility_checked"])
    except ValueError:
        checked = None
    return {
        "operator": operator, "accessibility_checked": checked,
        "unconfirmed_days": settings.ELEARN_UNCONFIRMED_ACCOUNT_DAYS,
        "lrs_enabled": bool(settings.ELEARN_LRS_ENDPOINT), "lrs_sends_email": settings.ELEARN_LRS_ACTOR == "mbox",
    }


@require_GET
def privacy(request):
    return render(request, "site/privacy.html", _legal_context())


@require_GET
def imprint(request):
    return render(request, "site/imprint.html", _legal_context())


@require_GET
def accessibility(request):
    return render(request, "site/accessibility.html", _legal_context())


def serve(request, path):
    """Wagtail's page view, with the site and the route read from the cache (elearn/site/routing.py)."""
    remember_route(request, path)
    return wagtail_serve(request, path)
