from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from modules.downloads import personal_download

from .data_rights import as_csv_zip, as_json, collect_data, erase_account
from .forms import DeleteAccountForm, ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        return redirect("profile")
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_GET
def my_data(request):
    """What the site keeps about the learner, with downloads and the way to delete the account."""
    data = collect_data(request.user)
    counts = {table: len(rows) for table, rows in data.items()}
    return render(request, "accounts/my_data.html", {"counts": counts, "form": DeleteAccountForm(user=request.user)})


@login_required
@require_GET
def download_data(request, kind):
    stamp = timezone.now().strftime("%Y%m%d")
    if kind == "json":
        return personal_download(as_json(request.user), "application/json; charset=utf-8", f"my-data-{stamp}.json")
    return personal_download(as_csv_zip(request.user), "application/zip", f"my-data-{stamp}-csv.zip")


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        data = collect_data(request.user)
        counts = {table: len(rows) for table, rows in data.items()}
        return render(request, "accounts/my_data.html", {"counts": counts, "form": form}, status=400)
    erase_account(request.user)
    logout(request)
    messages.success(request, _("Your account has been deleted. Your name and e-mail address are erased."))
    return redirect("/")
