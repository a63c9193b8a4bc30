"""A learner's data rights (elearn/accounts/data_rights.py): consent at sign-up, downloading everything
kept about them, deleting their account themselves, and the purge of unconfirmed sign-ups."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from modules.models import Certificate, ItemProgress, ModulePage, QuizAttempt
from tests.factories import PASSWORD, make_user
from tests.modules.helpers import complete_module

pytestmark = pytest.mark.django_db
User = get_user_model()

def sh1():
    return ModulePage.objects.get(code="SH-1", locale__language_code="en")


SIGNUP = {
    "email": "eva.kranjc@example.si", "password1": "Soca-Valley-138-km", "password2": "Soca-Valley-138-km",
    "first_name": "Eva", "last_name": "Kranjc",
}


def test_sign_up_needs_the_privacy_notice_accepted_and_records_when(client):
    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 200
    assert "Please confirm that you have read the privacy notice." in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    client.post("/accounts/signup/", {**SIGNUP, "privacy": "on"})
    user = User.objects.get(email=SIGNUP["email"])
    assert user.privacy_accepted_at is not None


def test_the_sign_up_form_links_the_privacy_notice(client):
    assert 'href="/privacy/"' in client.get("/accounts/signup/").content.decode()


def test_a_learner_downloads_everything_kept_about_them(learner_client, learner, kit_t1):
    complete_module(learner_client, sh1())
    data = json.loads(learner_client.get("/accounts/my-data/download.json").content)["data"]
    assert data["profile"][0]["email"] == learner.email and data["profile"][0]["region"] == "Salzburg"
    assert len(data["progress"]) == ItemProgress.objects.filter(user=learner).count() > 0
    assert len(data["quiz_attempts"]) == QuizAttempt.objects.filter(user=learner).count() > 0
    assert data["quiz_answers"]
    response = learner_client.get("/accounts/my-data/download-csv.zip")
    assert response["Content-Type"] == "application/zip" and "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"  # one person's data: no shared cache keeps it
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert {"profile.csv", "progress.csv", "quiz_attempts.csv", "certificates.csv"} <= set(archive.namelist())
        rows = list(csv.DictReader(io.StringIO(archive.read("profile.csv").decode())))
    assert rows[0]["email"] == learner.email


def test_another_learners_data_is_never_in_the_download(learner_client, other_learner):
    other_learner.region = "Lombardia-unique-region"
    other_learner.save()
    body = learner_client.get("/accounts/my-data/download.json").content.decode()
    assert other_learner.email not in body and "Lombardia-unique-region" not in body


@pytest.mark.parametrize("url", ["/accounts/my-data/", "/accounts/my-data/download.json", "/accounts/my-data/download-csv.zip"])
def test_data_pages_need_login(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_deleting_needs_post_the_password_and_the_confirmation(learner_client, learner):
    assert learner_client.get("/accounts/my-data/delete/").status_code == 405
    response = learner_client.post("/accounts/my-data/delete/", {"password": "wrong", "confirm": "on"})
    assert response.status_code == 400 and "This is not your password." in response.content.decode()
    response = learner_client.post("/accounts/my-data/delete/", {"password": PASSWORD})
    assert response.status_code == 400
    learner.refresh_from_db()
    assert learner.erased_at is None and learner.email


def test_deleting_needs_a_csrf_token(learner, client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(learner)
    assert strict.post("/accounts/my-data/delete/", {"password": PASSWORD, "confirm": "on"}).status_code == 403
    learner.refresh_from_db()
    assert learner.erased_at is None


def test_deleting_erases_the_person_and_keeps_anonymous_statistics(learner_client, learner, kit_t1, client):
    complete_module(learner_client, sh1())
    attempts = QuizAttempt.objects.filter(user=learner).count()
    certificate = Certificate.objects.create(user=learner, kit_key=kit_t1.translation_key, kit_title=kit_t1.title, kit_code=kit_t1.code, learner_name="Lena Huber")
    response = learner_client.post("/accounts/my-data/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    user = User.objects.get(pk=learner.pk)
    assert user.erased_at and not user.is_active and not user.has_usable_password()
    assert (user.email, user.first_name, user.last_name, user.organisation, user.region) == ("", "", "", "", "")
    assert user.username.startswith("deleted-") and "lena" not in user.username
    assert not EmailAddress.objects.filter(user=user).exists()
    assert QuizAttempt.objects.filter(user=user).count() == attempts  # kept, tied to no person
    certificate.refresh_from_db()
    assert certificate.learner_name == ""
    html = client.get(f"/certificates/{certificate.code}/").content.decode()
    assert "The holder deleted this record." in html and "Lena" not in html
    # The session is over, and the old password no longer logs in.
    assert learner_client.get("/accounts/my-data/").status_code == 302
    client.post("/accounts/login/", {"login": "lena@example.org", "password": PASSWORD})
    assert client.get("/accounts/my-data/").status_code == 302


def test_the_purge_deletes_only_old_unconfirmed_sign_ups_without_records(learner):
    old = timezone.now() - timedelta(days=40)
    stale = make_user("stale")
    EmailAddress.objects.filter(user=stale).update(verified=False)
    recent = make_user("recent")
    EmailAddress.objects.filter(user=recent).update(verified=False)
    learning = make_user("learning")
    EmailAddress.objects.filter(user=learning).update(verified=False)
    ItemProgress.objects.create(user=learning, item_key="6ff88cf9-1b44-4189-af79-3c32eb808a9f", kind=ItemProgress.LESSON)
    no_address = User.objects.create_user(username="lti-abc")  # made by an LTI launch: nothing to confirm
    User.objects.filter(pk__in=[stale.pk, learning.pk, no_address.pk, learner.pk]).update(date_joined=old)
    call_command("purge_unconfirmed_accounts", "--days", "30", stdout=io.StringIO())
    remaining = set(User.objects.values_list("username", flat=True))
    assert "stale" not in remaining
    assert {"recent", "learning", "lti-abc", learner.username} <= remaining
