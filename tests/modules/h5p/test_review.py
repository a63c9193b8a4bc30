"""Issue 11.2: a new package or pass score for an existing H5P activity waits for a maintainer's
review; learners keep the current content and score until a person approves."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modules.h5p.review import do_approve_change, propose_change
from modules.h5p.signing import sign_activity
from modules.models import H5PActivity, H5PActivityChange, H5PResult

from tests.factories import make_user
from .builders import check_content, elearn_check
from .factories import client_user, place_in_lesson, post, statement, upload, uploaded_by

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CHANGES_URL = "/admin/h5p-libraries/changes/"
NEW_QUESTION = "<p>Which helix did Carayannis and Campbell add?</p>"


@pytest.fixture
def live_activity(client, maintainer):
    """An ElearnCheck activity a maintainer uploaded (its library approved), placed in a live lesson."""
    activity = uploaded_by(client, maintainer, elearn_check())
    place_in_lesson(activity)
    return activity


def edit_url(activity):
    return f"/admin/snippets/modules/h5pactivity/edit/{activity.pk}/"


def edit(client, activity, package=None, **fields):
    form = {"title": activity.title, "licence": activity.licence, "authors": activity.authors,
            "required_score": activity.required_score, **fields}
    if package is not None:
        return upload(client, package, url=edit_url(activity), **form)
    return client.post(edit_url(activity), form)


def served_question(client, activity):
    response = client.get(f"/h5p/files/{sign_activity(activity)}/content/content.json")
    assert response.status_code == 200
    return json.loads(b"".join(response.streaming_content))["question"]


def zero_score_passes(learner_client, activity):
    """What a learner gets: does a 0 % answer pass the activity now?"""
    data = statement(activity, raw=0, maximum=1)
    data["result"].pop("response")   # ElearnCheck is scored by the browser: the score as posted, clamped
    response = post(learner_client, activity, {"statement": data})
    assert response.status_code == 200, response.content
    return response.json()["passed"]


def test_trainer_change_waits_and_learners_keep_the_old_content_and_score(client, trainer, learner, live_activity):
    before = H5PActivity.objects.get(pk=live_activity.pk)
    client.force_login(trainer)
    response = edit(client, live_activity, elearn_check(content=check_content(question=NEW_QUESTION)), required_score=0)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "Your change waits for a maintainer" in client.get(response["Location"]).content.decode()

    now = H5PActivity.objects.get(pk=live_activity.pk)
    assert (now.package_sha256, now.content_json, now.required_score, now.content_storage_prefix) == (
        before.package_sha256, before.content_json, 100, before.content_storage_prefix)
    change = H5PActivityChange.objects.get()
    assert change.status == "pending" and change.proposed_by == trainer and change.required_score == 0
    assert "Carayannis" in json.dumps(change.content_json)

    client.force_login(learner)
    assert "Carayannis" not in served_question(client, now)
    assert zero_score_passes(client, now) is False
    # The edit form shows the proposal, so a second edit continues from it.
    client.force_login(trainer)
    assert 'name="required_score" value="0"' in client.get(edit_url(live_activity)).content.decode()


def test_maintainer_approval_gives_learners_the_new_content_and_score(client, trainer, maintainer, learner, live_activity):
    client.force_login(trainer)
    edit(client, live_activity, elearn_check(content=check_content(question=NEW_QUESTION)), required_score=0)
    change = H5PActivityChange.objects.get()
    client.force_login(maintainer)
    page = client.get(CHANGES_URL).content.decode()
    assert live_activity.title in page and "Required score: 100 % → 0 %" in page and 'value="approve"' in page
    response = client.post(CHANGES_URL, {"change": change.pk, "decision": "approve"}, follow=True)
    assert "approved: learners get it now" in response.content.decode()

    activity = H5PActivity.objects.get(pk=live_activity.pk)
    assert activity.required_score == 0 and activity.package_sha256 == change.package_sha256 and activity.is_playable
    assert activity.key == live_activity.key
    change.refresh_from_db()
    assert (change.status, change.decided_by) == ("approved", maintainer) and change.decided_at is not None
    client.force_login(learner)
    assert "Carayannis" in served_question(client, activity)
    assert zero_score_passes(client, activity) is True


def test_rejection_keeps_the_current_version(client, trainer, maintainer, learner, live_activity):
    client.force_login(trainer)
    edit(client, live_activity, required_score=0)
    change = H5PActivityChange.objects.get()
    client.force_login(maintainer)
    response = client.post(CHANGES_URL, {"change": change.pk, "decision": "reject"}, follow=True)
    assert "rejected: learners keep the current version" in response.content.decode()
    assert H5PActivity.objects.get(pk=live_activity.pk).required_score == 100
    assert H5PActivityChange.objects.get().status == "rejected"
    assert "Recently decided" in client.get(CHANGES_URL).content.decode()


def test_maintainers_own_change_also_waits_for_an_explicit_approval(client, maintainer, live_activity):
    client.force_login(maintainer)
    response = edit(client, live_activity, elearn_check(content=check_content(question=NEW_QUESTION)), required_score=50)
    assert response.status_code == 302
    activity = H5PActivity.objects.get(pk=live_activity.pk)
    assert activity.required_score == 100 and "Carayannis" not in json.dumps(activity.content_json)
    client.post(CHANGES_URL, {"change": H5PActivityChange.objects.get().pk, "decision": "approve"})
    assert H5PActivity.objects.get(pk=live_activity.pk).required_score == 50


def test_descriptive_fields_change_at_once_without_review(client, trainer, live_activity):
    client.force_login(trainer)
    response = edit(client, live_activity, title="Quadruple helix check", authors="Team")
    assert response.status_code == 302
    assert "waits for a maintainer" not in client.get(response["Location"]).content.decode()
    assert H5PActivity.objects.get(pk=live_activity.pk).title == "Quadruple helix check"
    assert not H5PActivityChange.objects.exists()


def test_a_later_edit_replaces_the_pending_change_and_undoing_withdraws_it(client, trainer, live_activity):
    client.force_login(trainer)
    edit(client, live_activity, elearn_check(content=check_content(question=NEW_QUESTION)), required_score=0)
    edit(client, live_activity, required_score=40)
    change = H5PActivityChange.objects.get()   # still one, with the package kept and the new score
    assert change.required_score == 40 and change.changes_package
    propose_change(H5PActivity.objects.get(pk=live_activity.pk), trainer, required_score=100)
    assert H5PActivityChange.objects.get().changes_package   # the package still differs
    H5PActivityChange.objects.all().delete()
    edit(client, live_activity, required_score=0)
    edit(client, live_activity, required_score=100)
    assert not H5PActivityChange.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "learner", "trainer"])
def test_only_reviewers_decide(client, trainer, who, live_activity):
    client.force_login(trainer)
    edit(client, live_activity, required_score=0)
    change = H5PActivityChange.objects.get()
    client.logout()
    if who != "anonymous":
        client.force_login(trainer if who == "trainer" else make_user("leo"))
    response = client.post(CHANGES_URL, {"change": change.pk, "decision": "approve"})
    assert response.status_code in (302, 403)
    if who == "trainer":
        # Wagtail answers an admin user's PermissionDenied with a redirect to the dashboard.
        assert response.status_code == 403 or response["Location"] == "/admin/"
        page = client.get(CHANGES_URL).content.decode()   # trainers see what waits, without the buttons
        assert live_activity.title in page and 'value="approve"' not in page and "Waiting for a maintainer" in page
    else:
        assert "/login/" in response["Location"]
    assert H5PActivityChange.objects.get().status == "pending"
    assert H5PActivity.objects.get(pk=live_activity.pk).required_score == 100


def test_no_code_path_approves_without_a_person(trainer, live_activity):
    change = propose_change(live_activity, trainer, required_score=0)
    for nobody in (None, trainer):
        with pytest.raises(PermissionError):
            do_approve_change(change, nobody)
    assert H5PActivity.objects.get(pk=live_activity.pk).required_score == 100


@pytest.mark.parametrize("form", [{}, {"change": "1", "decision": "publish"}, {"change": "x", "decision": "approve"},
                                  {"decision": "approve"}])
def test_bad_decisions_are_refused_with_a_message(client, maintainer, trainer, live_activity, form):
    client.force_login(trainer)
    edit(client, live_activity, required_score=0)
    client.force_login(maintainer)
    response = client.post(CHANGES_URL, form, follow=True)
    assert "Choose a change and approve or reject it." in response.content.decode()
    assert H5PActivityChange.objects.get().status == "pending"


def test_unknown_or_already_decided_change(client, maintainer, trainer, live_activity):
    client.force_login(trainer)
    edit(client, live_activity, required_score=0)
    change = H5PActivityChange.objects.get()
    client.force_login(maintainer)
    assert client.post(CHANGES_URL, {"change": change.pk + 1000, "decision": "approve"}).status_code == 404
    client.post(CHANGES_URL, {"change": change.pk, "decision": "reject"})
    response = client.post(CHANGES_URL, {"change": change.pk, "decision": "approve"}, follow=True)
    assert "already decided" in response.content.decode()
    assert H5PActivity.objects.get(pk=live_activity.pk).required_score == 100


@pytest.mark.parametrize("fields, package, error", [
    ({"required_score": 150}, None, "between 0 and 100"),
    ({"required_score": -5}, None, ""),
    ({}, b"not a zip", "The package was refused"),
])
def test_bad_input_on_edit_stores_no_change(client, trainer, live_activity, media_root, fields, package, error):
    files_before = sorted(p for p in media_root.rglob("*") if p.is_file())
    client.force_login(trainer)
    response = edit(client, live_activity, package, **fields)
    assert response.status_code == 200 and error in response.content.decode()
    assert not H5PActivityChange.objects.exists()
    assert H5PActivity.objects.get(pk=live_activity.pk).required_score == 100
    assert sorted(p for p in media_root.rglob("*") if p.is_file()) == files_before


def test_changes_listing_has_a_fixed_number_of_queries(client, maintainer, trainer, live_activity):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(CHANGES_URL).status_code == 200
        return len(queries)

    client.force_login(trainer)
    edit(client, live_activity, elearn_check(content=check_content(question=NEW_QUESTION)), required_score=0)
    client.force_login(maintainer)
    one = count()
    for n in range(4):
        upload(client, elearn_check(content=check_content(question=f"<p>Question {n}</p>")))
        other = H5PActivity.objects.order_by("-pk").first()
        propose_change(other, trainer, required_score=10 + n)
    assert count() == one
    assert not H5PResult.objects.exists() and client_user(client) == maintainer
