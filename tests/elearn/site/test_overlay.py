"""Pages rendered once and overlaid with each reader's own parts (elearn/site/overlay.py): a signed-in
learner's lesson page is shared with every other reader of the same URL and language, and nothing of one
reader ever reaches another."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from elearn.site.page_cache import VERSION_KEY, KeptValues
from modules.learning.models import ItemProgress
from modules.models import LessonPage
from tests.modules.helpers import complete_lesson

pytestmark = pytest.mark.django_db
LESSON = "/itg-t1/sh-1/project-at-a-glance/"
LANGUAGES = [code for code, _name in settings.LANGUAGES]
DONE = 'class="status-done"'
MARK_DONE_FORM = '/complete/"><input type="hidden" name="csrfmiddlewaretoken"'


def url_in(code):
    return LESSON if code == settings.LANGUAGE_CODE else f"/{code}{LESSON}"


def signed_in(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def fetch(client, url=LESSON):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


def page_template_rendered(response):
    return "modules/lesson_page.html" in [template.name for template in response.templates]


def outline_entry(body, slug):
    """The module outline's <li> for the lesson `slug`."""
    return re.search(rf'<li class="([^"]*)">\s*<a href="[^"]*/{slug}/"', body).group(1)


@pytest.fixture
def lesson():
    return LessonPage.objects.get(slug="project-at-a-glance")


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_second_learner_gets_the_shared_page_with_their_own_parts(code, learner, other_learner, lesson):
    first = signed_in(learner)
    complete_lesson(first, lesson)
    response, own = fetch(first, url_in(code))
    assert page_template_rendered(response)  # the first reader renders the page ...
    response, others = fetch(signed_in(other_learner), url_in(code))
    assert not page_template_rendered(response)  # ... the next one is served the same page, overlaid
    assert f'<html lang="{code}">' in own and f'<html lang="{code}">' in others
    assert DONE in own and MARK_DONE_FORM not in own.split('class="lesson-footer"')[1]
    assert DONE not in others and MARK_DONE_FORM in others
    assert "done" in outline_entry(own, lesson.slug) and "done" not in outline_entry(others, lesson.slug)
    # The first learner's message ("… is marked as done") was theirs alone.
    assert own.count('class="message message-success"') == 1 and 'class="message message-' not in others


def test_the_csrf_token_in_a_shared_page_is_the_readers_own(learner, other_learner, lesson):
    fetch(signed_in(learner))
    reader = signed_in(other_learner, enforce_csrf_checks=True)
    _, body = fetch(reader)
    footer = body.split('class="lesson-footer"')[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', footer).group(1)
    assert "csrf-" not in body  # no placeholder is left
    response = reader.post(f"/learn/lessons/{lesson.translation_key}/complete/", {"csrfmiddlewaretoken": token, "next": "/"})
    assert response.status_code == 302
    assert ItemProgress.objects.filter(user=other_learner, item_key=lesson.translation_key, completed_at__isnull=False).exists()
    assert not ItemProgress.objects.filter(user=learner).exists()


def test_a_post_without_the_token_is_still_refused(other_learner, lesson):
    reader = signed_in(other_learner, enforce_csrf_checks=True)
    fetch(reader)
    response = reader.post(f"/learn/lessons/{lesson.translation_key}/complete/", {"next": "/"})
    assert response.status_code == 403
    assert not ItemProgress.objects.filter(user=other_learner).exists()


@pytest.mark.parametrize("staff", ["trainer", "maintainer", "administrator"])
def test_staff_get_their_admin_link_on_a_page_a_learner_made_and_learners_never(staff, request, learner):
    staff_client = signed_in(request.getfixturevalue(staff))  # first: joining a group draws a new content version
    fetch(signed_in(learner))
    response, body = fetch(staff_client)
    assert not page_template_rendered(response)
    assert 'href="/admin/"' in body and "wagtail-userbar" in body
    _, again = fetch(signed_in(learner))
    assert 'href="/admin/"' not in again and "wagtail-userbar" not in again


def test_anonymous_visitors_and_learners_get_their_own_header(learner):
    fetch(signed_in(learner))
    _, anonymous = fetch(Client())
    assert "Log in" in anonymous and "Log out" not in anonymous and "csrfmiddlewaretoken" not in anonymous
    _, own = fetch(signed_in(learner))
    assert "Log out" in own and "Sign up" not in own


def test_a_published_change_shows_to_signed_in_learners_at_once(learner, other_learner, lesson):
    fetch(signed_in(learner))
    lesson.title = "A title the maintainer changed"
    lesson.save_revision().publish()
    response, body = fetch(signed_in(other_learner))
    assert page_template_rendered(response) and "A title the maintainer changed" in body


def test_a_shared_page_follows_the_content_version_of_every_app_server(learner, lesson):
    """Values kept in this process are current only under the shared content version: a change
    made on another app server (which draws a new version there) shows here from the next request on."""
    fetch(signed_in(learner))
    LessonPage.objects.filter(pk=lesson.pk).update(title="Changed elsewhere")  # no signal reaches this process
    _, kept = fetch(signed_in(learner))
    assert "Changed elsewhere" not in kept
    cache.set(VERSION_KEY, "drawn-by-another-app-server", None)
    _, body = fetch(signed_in(learner))
    assert "Changed elsewhere" in body


def test_a_draft_preview_is_rendered_whole_and_never_shared(trainer, learner, lesson):
    fetch(signed_in(learner))
    lesson.title = "A draft title not yet published"
    lesson.save_revision()
    client = signed_in(trainer)
    response = client.get(f"/admin/pages/{lesson.pk}/view_draft/")
    body = response.content.decode()
    assert page_template_rendered(response) and "A draft title not yet published" in body
    assert "Preview: completion is not recorded." in body
    _, live = fetch(signed_in(learner))
    assert "A draft title not yet published" not in live and "Preview: completion is not recorded." not in live


def test_the_process_keeps_a_bounded_number_of_values():
    kept = KeptValues(2)
    for key in "abc":
        kept.put(key, "v1", key.upper())
    assert kept.get("a", "v1") is None and kept.get("c", "v1")[2] == "C"
    assert kept.get("c", "v2") is None  # another content version: not current


def test_pages_rendered_by_other_code_are_never_served(learner, monkeypatch):
    """After a deploy, entries stored by the previous code (another code fingerprint) are not taken,
    even before a new content version is drawn: a skeleton could name a template that is gone."""
    from elearn.site import page_cache

    fetch(signed_in(learner))
    anonymous, _ = fetch(Client())
    assert anonymous["X-Elearn-Page-Cache"] == "miss"
    monkeypatch.setattr(page_cache, "_code", "older-code")
    response, _ = fetch(signed_in(learner))
    assert page_template_rendered(response)
    anonymous, _ = fetch(Client())
    assert anonymous["X-Elearn-Page-Cache"] == "miss"
    page_cache.kept.clear()


@pytest.mark.parametrize("change", ["unpublish", "delete", "move"])
def test_a_signed_in_learners_shared_page_is_gone_at_once(change, learner, lesson):
    from wagtail.models import Page

    from modules.models import ModuleLibraryPage, ModulePage

    fetch(signed_in(learner))
    page = Page.objects.get(pk=lesson.pk)
    if change == "unpublish":
        page.unpublish()
    elif change == "delete":
        page.delete()
    else:
        page.move(ModulePage.objects.child_of(ModuleLibraryPage.objects.get()).exclude(code="SH-1").first(), pos="last-child")
    assert signed_in(learner).get(LESSON).status_code == 404
