"""The learner's "Report a translation error" form: parse, call the service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..learning.read_models import foreign_language, live_item
from ..models import KitPage
from .service import TooManyReports, TranslationReportForm, check_report_rate, do_record_report


@login_required
@require_http_methods(["GET", "POST"])
def report_translation(request, kit_key):
    language = foreign_language()
    kit = live_item(KitPage, kit_key)
    if kit is None or language is None:
        raise Http404
    form = TranslationReportForm(request.POST or None, host=request.get_host(),
                                 initial={"page_url": request.GET.get("page", "")[:500] or kit.url})
    status, refusal = 200, None
    try:
        if request.method == "POST" and form.is_valid():
            do_record_report(request.user, kit, language, form.cleaned_data)
            messages.success(request, _("Thank you: your report has been sent to the kit's maintainers."))
            return redirect(kit.url)
        check_report_rate(request.user)  # say so before the learner types a report that would be refused
    except TooManyReports as error:
        status = error.status if request.method == "POST" else 200
        refusal = error.message
    return render(request, "modules/translation_report.html", {"form": form, "kit": kit, "refusal": refusal}, status=status)
