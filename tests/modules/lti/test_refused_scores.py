"""Admin: the scores a platform refused for good, sent again or discarded by a kit maintainer."""

import pytest
from django.test import Client
from django.urls import reverse

from modules.lti.grades import send_due_scores
from modules.lti.models import LtiGradeLink, LtiScore
from tests.modules.helpers import right_answers, start

from .factories import make_platform, make_refused_score

pytestmark = pytest.mark.django_db

URL = "/admin/lti/refused-scores/"


def sh1(kit):
    return next(m for m in kit.live_modules() if m.slug.startswith("sh-1"))


def scores():
    return sorted(LtiScore.objects.values_list("pk", "status", "attempts", "sent_at"))


def test_the_address_is_in_the_lti_namespace():
    assert reverse("lti:refused_scores") == URL


def test_a_refused_score_is_sent_again_by_a_maintainer_once_the_platform_is_fixed(registered, client, kit_t1, sh1_quiz, maintainer):
    module = sh1(kit_t1)
    learner = Client()
    registered.launch(learner, custom={"kit": str(kit_t1.translation_key), "module": str(module.translation_key), "lang": "en"})
    learner.post(f"/learn/attempts/{start(learner, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    right_url = LtiGradeLink.objects.get().lineitem_url
    LtiGradeLink.objects.update(lineitem_url=registered.url("/deleted-column"))
    assert send_due_scores().rejected == 1
    score = LtiScore.objects.get()

    client.force_login(maintainer)
    assert b"LTI refused scores" in client.get("/admin/").content
    page = client.get(URL).content.decode()
    assert "Test LMS" in page and "Petra Novak" in page and "100.0 / 100" in page and "404" in page
    assert "Refused by the platform" in page and 'value="retry"' in page and 'value="discard"' in page

    LtiGradeLink.objects.update(lineitem_url=right_url)  # the teacher restored the gradebook column
    response = client.post(URL, {"score": score.pk, "decision": "retry"}, follow=True)
    assert "will be sent again" in response.content.decode()
    assert LtiScore.objects.get().status == LtiScore.PENDING
    assert (send_due_scores().sent, len(registered.scores)) == (1, 1)
    assert registered.scores[0]["score"]["scoreGiven"] == 100.0
    assert "No refused score." in client.get(URL).content.decode()


def test_a_maintainer_discards_a_refused_score(client, maintainer):
    score = make_refused_score()
    client.force_login(maintainer)
    response = client.post(URL, {"score": score.pk, "decision": "discard"}, follow=True)
    assert "The score was discarded." in response.content.decode()
    assert not LtiScore.objects.exists() and LtiGradeLink.objects.exists()


@pytest.mark.parametrize("form", [
    {}, {"score": "1", "decision": "publish"}, {"decision": "retry"}, {"score": "x", "decision": "retry"},
    {"score": "-1", "decision": "discard"}, {"score": "1 OR 1=1", "decision": "discard"},
], ids=["empty", "unknown-decision", "no-score", "not-a-number", "negative", "injection"])
def test_a_malformed_action_is_refused_with_a_message_and_changes_nothing(client, maintainer, form):
    make_refused_score()
    before = scores()
    client.force_login(maintainer)
    response = client.post(URL, form, follow=True)
    assert response.status_code == 200 and "Choose a score and send it again or discard it." in response.content.decode()
    assert scores() == before


@pytest.mark.parametrize("decision", ["retry", "discard"])
def test_a_score_that_is_not_refused_is_left_alone(client, maintainer, decision):
    score = make_refused_score()
    LtiScore.objects.filter(pk=score.pk).update(status=LtiScore.SENT)
    before = scores()
    client.force_login(maintainer)
    response = client.post(URL, {"score": score.pk, "decision": decision}, follow=True)
    assert "no longer among the refused ones" in response.content.decode()
    assert scores() == before
    response = client.post(URL, {"score": score.pk + 1000, "decision": decision}, follow=True)
    assert "no longer among the refused ones" in response.content.decode()


def test_only_refused_scores_are_listed(client, maintainer):
    refused = make_refused_score(error="The platform said: line item gone")
    waiting = make_refused_score(error="still waiting")
    LtiScore.objects.filter(pk=waiting.pk).update(status=LtiScore.PENDING)
    client.force_login(maintainer)
    page = client.get(URL).content.decode()
    assert "line item gone" in page and "still waiting" not in page
    assert refused.link.platform_user.name in page


def test_anonymous_visitors_go_to_the_login_page_and_change_nothing(client):
    score = make_refused_score()
    before = scores()
    assert client.get(URL).status_code == 302
    response = client.post(URL, {"score": score.pk, "decision": "discard"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert scores() == before


@pytest.mark.parametrize("role", ["learner", "trainer"])
def test_learners_and_trainers_may_not_see_or_act_on_refused_scores(client, request, role):
    score = make_refused_score()
    before = scores()
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code in (302, 403)
    for decision in ("retry", "discard"):
        assert client.post(URL, {"score": score.pk, "decision": decision}).status_code in (302, 403)
    assert scores() == before
    assert b"LTI refused scores" not in client.get("/admin/").content


def test_staff_who_may_only_look_see_no_buttons_and_cannot_act(client, trainer):
    from django.contrib.auth.models import Permission

    trainer.user_permissions.add(Permission.objects.get(codename="view_ltiscore"))
    score = make_refused_score()
    before = scores()
    client.force_login(trainer)
    page = client.get(URL).content.decode()
    assert "Platform learner" in page and 'value="retry"' not in page and 'value="discard"' not in page
    for decision in ("retry", "discard"):
        assert client.post(URL, {"score": score.pk, "decision": decision}).status_code in (302, 403)
    assert scores() == before


def test_the_list_makes_as_many_queries_for_many_scores_as_for_a_few(client, maintainer, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(maintainer)
    platforms = [make_platform(), make_platform("Canvas Tirol", "https://canvas.example.org")]
    for n in range(2):
        make_refused_score(platforms[n % 2], n)
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for n in range(2, 40):
        make_refused_score(platforms[n % 2], n)
    with django_assert_max_num_queries(len(few)):
        page = client.get(URL).content.decode()
    assert "Canvas Tirol" in page and page.count('value="retry"') == 40


def test_the_list_is_paged(client, maintainer):
    platform = make_platform()
    for n in range(55):
        make_refused_score(platform, n)
    client.force_login(maintainer)
    first = client.get(URL).content.decode()
    assert first.count('value="retry"') == 50 and 'href="?p=2">Next</a>' in first and ">Previous</a>" not in first
    second = client.get(URL + "?p=2").content.decode()
    assert second.count('value="retry"') == 5 and 'href="?p=1">Previous</a>' in second and ">Next</a>" not in second
    assert client.get(URL + "?p=abc").status_code == 200
