"""Credential stuffing: django-axes locks an address out of every login form after repeated failures,
allauth slows guessing on one account from anywhere; behind a proxy the client address comes from
X-Forwarded-For only as far as ELEARN_PROXY_COUNT trusts it."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import override_settings

from tests.conftest import PASSWORD

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
    assert "Too many failed sign-in attempts" in page and "15 minutes" in page
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


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "100/m/ip,3/5m/key"}, AXES_FAILURE_LIMIT=100)
def test_one_account_is_throttled_whatever_address_the_guesses_come_from(client, learner):
    cache.clear()
    for index in range(3):
        sign_in(client, learner.email, "wrong-password-123", REMOTE_ADDR=f"203.0.113.{index}")
    response = sign_in(client, learner.email, "wrong-password-123", REMOTE_ADDR="203.0.113.50")
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    cache.clear()
