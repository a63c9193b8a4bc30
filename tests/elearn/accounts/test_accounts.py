"""Sign-up with profile, log in and out, password reset, profile editing."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGNUP = {
    "email": "ana.novak@example.si", "password1": "Triglav-National-Park-1924", "password2": "Triglav-National-Park-1924",
    "first_name": "Ana", "last_name": "Novak", "organisation": "Regional development agency", "region": "Gorenjska",
    "country": "SI", "helix_role": "public_authority", "privacy": "on",
}


def test_signup_stores_profile_and_logs_in(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="ana.novak@example.si")
    assert (user.first_name, user.organisation, user.region, user.country, user.helix_role) == (
        "Ana", "Regional development agency", "Gorenjska", "SI", "public_authority")
    assert client.get("/my-learning/").status_code == 200


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"password2": "something-else-entirely"}, "same password"),
        ({"password1": "short", "password2": "short"}, "too short"),
        ({"email": "not-an-email"}, "valid email"),
        ({"helix_role": "astronaut"}, "Select a valid choice"),
        ({"first_name": ""}, "This field is required"),
    ],
)
def test_signup_with_bad_input_shows_error_and_stores_nothing(client, change, message):
    response = client.post("/accounts/signup/", {**SIGNUP, **change})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_signup_with_an_existing_email_is_refused(client, learner):
    response = client.post("/accounts/signup/", {**SIGNUP, "email": learner.email})
    assert response.status_code == 200
    assert User.objects.filter(email=learner.email).count() == 1


def test_login_and_logout(client, learner):
    response = client.post("/accounts/login/", {"login": learner.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/my-learning/"
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/my-learning/").status_code == 302


def test_wrong_password_is_refused(client, learner):
    response = client.post("/accounts/login/", {"login": learner.email, "password": "wrong-password"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert client.get("/my-learning/").status_code == 302


def test_password_reset_sends_a_link_that_works(client, learner):
    client.post("/accounts/password/reset/", {"email": learner.email})
    assert len(mail.outbox) == 1
    link = next(word for word in mail.outbox[0].body.split() if "/accounts/password/reset/key/" in word)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    response = client.post(form.redirect_chain[-1][0] if form.redirect_chain else "/" + path,
                           {"password1": "Brand-new-Alpine-pass-77", "password2": "Brand-new-Alpine-pass-77"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.check_password("Brand-new-Alpine-pass-77")


def test_profile_edit(learner_client, learner):
    assert learner_client.get("/accounts/profile/").status_code == 200
    response = learner_client.post("/accounts/profile/", {"first_name": "Lena", "last_name": "Huber", "organisation": "Innovation Salzburg",
                                                         "region": "Salzburg", "country": "AT", "helix_role": "business"})
    assert response.status_code == 302
    learner.refresh_from_db()
    assert learner.organisation == "Innovation Salzburg" and learner.helix_role == "business"


def test_profile_rejects_invalid_choice_and_keeps_data(learner_client, learner):
    response = learner_client.post("/accounts/profile/", {"first_name": "Lena", "last_name": "Huber", "country": "ZZ", "helix_role": "business"})
    assert response.status_code == 400
    learner.refresh_from_db()
    assert learner.country == "AT" and learner.helix_role == "public_authority"


def test_profile_needs_login(client):
    assert client.get("/accounts/profile/").status_code == 302
