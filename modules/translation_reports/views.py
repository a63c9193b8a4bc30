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
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            do_record_report(request.user, kit, language, form.cleaned_data)
        except TooManyReports as error:
            form.add_error(None, error.message)
            status = error.status
        else:
            messages.success(request, _("Thank you: your report has been sent to the kit's maintainers."))
            return redirect(kit.url)
    elif request.method == "GET":
        try:
            check_report_rate(request.user)
        except TooManyReports as error:
            form.add_error(None, error.message)
    return render(request, "modules/translation_report.html", {"form": form, "kit": kit}, status=status)
