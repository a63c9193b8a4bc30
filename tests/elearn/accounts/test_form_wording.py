"""One wording ("Log in") everywhere, and every form error listed at the top and at its own field."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.utils.html import escape

pytestmark = pytest.mark.django_db
LANGUAGES = ["", "/de", "/fr", "/it", "/sl"]
SIGNUP = {
    "email": "ana.novak@example.si", "password1": "Triglav-National-Park-1924", "password2": "Triglav-National-Park-1924",
    "first_name": "Ana", "last_name": "Novak", "country": "SI", "helix_role": "public_authority", "privacy": "on",
}


def summary(html):
    match = re.search(r'<div class="message message-error error-summary" role="alert".*?</div>', html, re.S)
    assert match, "no error summary at the top of the form"
    return match.group(0)


@pytest.mark.parametrize("url", ["/accounts/login/", "/accounts/signup/", "/itg-t1/", "/itg-t1/sh-1/quiz/"])
def test_pages_say_log_in_never_sign_in(client, url):
    html = client.get(url).content.decode()
    assert "Log in" in html or "log in" in html
    assert not re.search(r"sign[ -]?in|signing in", html, re.I)


def test_logged_in_and_out_messages_use_the_same_wording(client, learner):
    from tests.factories import PASSWORD

    response = client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD}, follow=True)
    assert "You are logged in." in response.content.decode()
    response = client.post("/accounts/logout/", follow=True)
    assert "You are logged out." in response.content.decode()
    assert "signed" not in response.content.decode().lower()


def test_the_logout_page_says_log_out(learner_client):
    html = learner_client.get("/accounts/logout/").content.decode()
    assert "<h1>Log out</h1>" in html and "Sign Out" not in html


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_login_page_is_translated(client, prefix):
    html = client.get(f"{prefix}/accounts/login/").content.decode()
    assert {"": "Log in", "/de": "Anmelden", "/fr": "Se connecter", "/it": "Accedere", "/sl": "Prijava"}[prefix] in html
    assert "Sign In" not in html


def test_a_wrong_password_is_listed_at_the_top(client, learner):
    html = client.post("/accounts/login/", {"login": learner.email, "password": "wrong-password"}).content.decode()
    assert "not correct" in summary(html)


def test_every_signup_error_is_at_the_top_and_at_its_field(client):
    data = {**SIGNUP, "password2": "something-else-entirely", "first_name": "", "helix_role": "astronaut"}
    response = client.post("/accounts/signup/", data)
    html = response.content.decode()
    top = summary(html)
    form = response.context["form"]
    assert set(form.errors) >= {"password2", "first_name", "helix_role"}
    for name, errors in form.errors.items():
        field = form[name]
        for index, error in enumerate(errors):
            # Listed at the top, linked to the field ...
            assert f'<a href="#{field.id_for_label}">' in top and escape(error) in top
            # ... and at the field, which points to it for assistive technology.
            assert f'id="{field.id_for_label}_error{index}">{escape(error)}</p>' in html
            widget = re.search(rf'<[^>]*id="{field.id_for_label}"[^>]*>', html).group(0)
            assert 'aria-invalid="true"' in widget and f"{field.id_for_label}_error{index}" in widget
    assert not get_user_model().objects.filter(email=SIGNUP["email"]).exists()


@pytest.mark.parametrize("prefix", LANGUAGES)
def test_the_error_summary_is_translated(client, prefix):
    html = client.post(f"{prefix}/accounts/signup/", {**SIGNUP, "first_name": ""}).content.decode()
    heading = {"": "Please correct the following:", "/de": "Bitte korrigieren Sie Folgendes:", "/fr": "Veuillez corriger les points suivants",
               "/it": "Correggere quanto segue:", "/sl": "Popravite naslednje:"}[prefix]
    assert heading in summary(html)


def test_the_summary_names_a_field_whose_label_has_a_link_in_plain_text(client):
    """The privacy consent's label links the notice; the summary entry is a link itself, so no link nests."""
    html = client.post("/accounts/signup/", {**SIGNUP, "privacy": ""}).content.decode()
    top = summary(html)
    entry = re.search(r'<li><a href="#id_privacy">(.*?)</a></li>', top, re.S)
    assert entry and "<a" not in entry.group(1) and ".:" not in entry.group(1)
