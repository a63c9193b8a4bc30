"""The kit maintainers' list of translation error reports (/admin/translation-reports/)."""

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from ..models import TranslationReport
from ..permissions import staff_view

VIEW_REPORTS = "modules.view_translationreport"


@staff_view(VIEW_REPORTS)
def index(request):
    reports = TranslationReport.objects.select_related("reporter")
    page = Paginator(reports, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, "modules/admin/translation_reports.html", {
        "page_title": _("Translation reports"), "header_icon": "comment", "reports": page})
