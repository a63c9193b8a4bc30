"""Credential stuffing: one login policy (elearn/accounts/throttling.py on django-axes) for the site and
the Wagtail admin login, per address and per account; behind a proxy the client address comes from
X-Forwarded-For only as far as ELEARN_PROXY_COUNT trusts it."""

import pytest
from axes.models import AccessAttempt
from django.test import override_settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def sign_in(client, email, password, **headers):
    return client.post(LOGIN, {"login": email, "password": password}, **headers)


def fail(client, times, email="nobody@example.org", **headers):
    """Wrong passwords: the form comes back with its error until the failure that reaches the limit."""
    return [sign_in(client, email, "wrong-password-123", **headers).status_code for _ in range(times)]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_address_that_keeps_failing_is_locked_out_even_with_the_right_password(client, learner):
    assert fail(client, 3, email="stuffed-1@example.org") == [200, 200, 429]
    response = sign_in(client, learner.email, PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed login attempts" in page and "try again in 15 minutes" in page
    assert "European Regional Development Fund" in page
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lockout_covers_the_wagtail_admin_login_too(client, maintainer):
    fail(client, 3)
    response = client.post(ADMIN_LOGIN, {"username": maintainer.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@override_settings(AXES_FAILURE_LIMIT=3)
def test_other_addresses_are_not_locked_out(client, learner):
    fail(client, 3, REMOTE_ADDR="203.0.113.9")
    response = sign_in(client, learner.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failures_below_the_limit_do_not_lock(client, learner):
    assert fail(client, 2) == [200, 200]
    assert sign_in(client, learner.email, PASSWORD).status_code == 302
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 2 and attempt.ip_address == "127.0.0.1"


@override_settings(AXES_FAILURE_LIMIT=3, ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_behind_a_trusted_proxy_clients_are_told_apart_by_forwarded_for(client, learner):
    fail(client, 3, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert sign_in(client, learner.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


@override_settings(AXES_FAILURE_LIMIT=3, ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(client, learner):
    for index in range(3):
        sign_in(client, "nobody@example.org", "wrong-password-123", HTTP_X_FORWARDED_FOR=f"203.0.113.{index}")
    assert sign_in(client, learner.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


# One login policy for both forms (issue 11.3): per address (strict, ELEARN_LOCKOUT_FAILURES) and per
# account from anywhere (a few free failures, then delays that grow up to the cool-off).


def admin_sign_in(client, username, password, address):
    return client.post(ADMIN_LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def age_attempts(minutes):
    """Move every recorded failure into the past, as if that much time had gone by."""
    from datetime import timedelta

    from django.db.models import F

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_forty_addresses_guessing_one_account_at_the_admin_login_are_refused(client, maintainer):
    codes = [admin_sign_in(client, maintainer.username, "wrong-password-123", f"203.0.113.{i}").status_code
             for i in range(40)]
    assert codes[:4] == [200] * 4 and set(codes[4:]) == {429}
    response = admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "You can try again in 1 minute." in page


def test_the_account_policy_counts_both_forms_and_both_names_of_one_account(client, maintainer):
    for index in range(3):
        sign_in(client, maintainer.email, "wrong-password-123", REMOTE_ADDR=f"203.0.113.{index}")
    for index in range(2):
        admin_sign_in(client, maintainer.username.upper(), "wrong-password-123", f"203.0.113.{10 + index}")
    response = sign_in(client, maintainer.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429


def test_account_delays_grow_but_end_and_the_right_password_then_works(client, maintainer):
    for index in range(5):
        admin_sign_in(client, maintainer.username, "wrong-password-123", f"203.0.113.{index}")
    assert admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7").status_code == 429
    age_attempts(1)
    # One more wrong guess after the first delay doubles it: 2 minutes left.
    assert admin_sign_in(client, maintainer.username, "wrong-password-123", "203.0.113.90").status_code == 429
    page = admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7").content.decode()
    assert "You can try again in 2 minutes." in page
    age_attempts(2)
    response = admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(maintainer.pk)


def test_guessing_during_an_account_delay_does_not_extend_it(client, maintainer):
    for index in range(5):
        admin_sign_in(client, maintainer.username, "wrong-password-123", f"203.0.113.{index}")
    for _ in range(10):
        assert admin_sign_in(client, maintainer.username, "wrong-password-123", "203.0.113.99").status_code == 429
    age_attempts(1)
    assert admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7").status_code == 302


def test_the_account_delay_never_exceeds_the_cool_off(client, maintainer):
    for index in range(5):
        admin_sign_in(client, maintainer.username, "wrong-password-123", f"203.0.113.{index}")
    AccessAttempt.objects.filter(ip_address="203.0.113.0").update(failures_since_start=40)
    page = admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7").content.decode()
    assert "You can try again in 15 minutes." in page
    age_attempts(15)
    assert admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7").status_code == 302


def test_a_password_reset_lifts_the_account_delay(client, maintainer):
    from allauth.account.signals import password_reset

    for index in range(6):
        admin_sign_in(client, maintainer.username, "wrong-password-123", f"203.0.113.{index}")
    assert admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7").status_code == 429
    password_reset.send(sender=type(maintainer), request=None, user=maintainer)
    assert admin_sign_in(client, maintainer.username, PASSWORD, "198.51.100.7").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_address_retrying_during_its_lockout_is_free_when_the_cool_off_ends(client, learner):
    fail(client, 3, email="stuffed-1@example.org")
    for minute in range(1, 15):  # a classroom behind one NAT address keeps retrying
        age_attempts(1)
        assert sign_in(client, learner.email, PASSWORD).status_code == 429
        assert sign_in(client, "stuffed-1@example.org", "wrong-password-123").status_code == 429
    page = sign_in(client, learner.email, PASSWORD).content.decode()
    assert "You can try again in 1 minute." in page
    age_attempts(1)
    assert sign_in(client, learner.email, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3)
def test_the_lockout_page_states_the_time_left(client, learner):
    fail(client, 3, email="stuffed-1@example.org")
    age_attempts(6)
    page = sign_in(client, learner.email, PASSWORD).content.decode()
    assert "You can try again in 9 minutes." in page
