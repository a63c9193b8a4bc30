"""The one login policy for every login form (site /accounts/login/ and Wagtail /admin/login/).

Both forms authenticate through django.contrib.auth, so django-axes sees every attempt (its backend
refuses, its signal handler records); this module decides, from the failures axes records:

- per address: ELEARN_LOCKOUT_FAILURES wrong passwords within the cool-off lock the address out until
  the cool-off (ELEARN_LOCKOUT_MINUTES) has passed since its last counted failure;
- per account, from any address: ELEARN_ACCOUNT_FREE_FAILURES free failures, then each further guess
  waits 1, 2, 4, 8 … minutes, never longer than the cool-off. Guessing many accounts' passwords from
  many addresses thus buys about ten guesses per account per cool-off, while an attacker can keep a
  known account waiting at most one cool-off after their last guess; the owner can always get in at
  once by resetting the password by e-mail (which clears the account's failures).

Attempts refused during a lockout are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT =
False), so a classroom behind one NAT address that keeps retrying is free again when its time is up.
"""

import math
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Q, Sum
from django.shortcuts import render
from django.utils import timezone

from allauth.account.adapter import get_adapter
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt

FIRST_ACCOUNT_DELAY = timedelta(minutes=1)


def client_ip(request):
    """The client address by allauth's rule (ELEARN_PROXY_COUNT trusted proxies), so both throttles agree."""
    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR")


def login_name(request, credentials):
    """The account a login attempt is for, one key whichever form and name were used.

    allauth's form sends the e-mail address, Wagtail's the username: both map to the account's
    username, so guesses at one account count together. A name no account has is kept as typed
    (lower-cased), so the policy treats unknown and known names alike and reveals nothing."""
    credentials = credentials or {}
    typed = ""
    for key in ("email", "username", "login"):
        if credentials.get(key):
            typed = str(credentials[key])
            break
    else:
        data = getattr(request, "POST", None) or {}
        typed = str(data.get("login") or data.get("username") or "")
    typed = typed.strip()[:254]
    if not typed:
        return ""
    user = (
        get_user_model()
        .objects.filter(Q(username__iexact=typed) | Q(email__iexact=typed))
        .order_by("pk")
        .only("username")
        .first()
    )
    return user.username if user else typed.lower()


def account_delay(failures):
    """How long an account waits after its last failure: nothing for the free ones, then doubling."""
    free = settings.ELEARN_ACCOUNT_FREE_FAILURES
    if failures < free:
        return timedelta(0)
    cool_off = get_cool_off()
    return min(FIRST_ACCOUNT_DELAY * 2 ** min(failures - free, 20), cool_off)


def _recent(request, **lookup):
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    totals = AccessAttempt.objects.filter(attempt_time__gte=now - get_cool_off(), **lookup).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    return totals["failures"] or 0, totals["last"]


def locked_until(request, credentials=None):
    """When this attempt's address or account may try again, or None if it may try now."""
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    ends = []
    failures, last = _recent(request, ip_address=getattr(request, "axes_ip_address", None) or client_ip(request))
    if failures >= settings.AXES_FAILURE_LIMIT:
        ends.append(last + get_cool_off())
    account = get_client_username(request, credentials)
    if account:
        failures, last = _recent(request, username=account)
        if account_delay(failures):
            ends.append(last + account_delay(failures))
    until = max(ends, default=None)
    return until if until and until > now else None


class LoginPolicyHandler(AxesDatabaseHandler):
    """django-axes' database handler with this module's policy deciding who is locked."""

    def is_locked(self, request, credentials=None):
        return locked_until(request, credentials) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        # The failure that starts an account delay answers with the lockout page at once, as the one
        # that reaches the address limit does.
        if request is not None and not getattr(request, "axes_locked_out", False):
            if locked_until(request, credentials):
                request.axes_locked_out = True
                request.axes_credentials = credentials


def lockout_response(request, original_response=None, credentials=None):
    """The lockout page (both forms), with the real time left, rounded up to whole minutes."""
    until = locked_until(request, credentials)
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    seconds = (until - now).total_seconds() if until else 60
    minutes = max(1, math.ceil(seconds / 60))
    return render(request, "accounts/lockout.html", {"minutes_left": minutes}, status=429)


def forget_account_failures(sender, request=None, user=None, **kwargs):
    """A password reset by e-mail proves the owner: their account's failures are forgotten."""
    if user is not None:
        AccessAttempt.objects.filter(username=user.get_username()).delete()
