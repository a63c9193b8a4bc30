"""The admin dashboard's own panels: changes requested of me, H5P libraries waiting, questions to review,
translations to update — each shown to whom it concerns, hidden when empty, at a fixed query cost."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from modules.models import H5PLibrary, LessonPage
from tests.factories import make_user

from .analytics.factories import attempt

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]
HOME = "/admin/"


def request_changes(page, trainer, maintainer, comment="Cite the source, please."):
    state = page.get_workflow().start(page, trainer)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, maintainer, "reject", comment=comment)
    return state


def lesson(n=0):
    return LessonPage.objects.filter(locale__language_code="en").live().order_by("path")[n]


def home(client, user):
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_changes_requested_of_me_with_the_reviewers_comment(client, trainer, maintainer):
    page = lesson()
    request_changes(page, trainer, maintainer)
    html = home(client, trainer)
    assert 'id="elearn-changes-requested' in html
    assert "Cite the source, please." in html and f'href="/admin/pages/{page.pk}/edit/"' in html
    other = make_user("second-trainer", is_staff=False)
    other.groups.set(trainer.groups.all())
    assert 'id="elearn-changes-requested' not in home(client, other)


def test_libraries_waiting_only_for_those_who_may_approve(client, trainer, maintainer):
    H5PLibrary.objects.create(machine_name="H5P.Waiting", major_version=1, minor_version=2, patch_version=3, title="Waiting library",
                              content_hash="a" * 64, storage_prefix="h5p/libraries/waiting", approved=False, metadata={})
    html = home(client, maintainer)
    assert 'id="elearn-h5p-libraries-waiting' in html and "H5P.Waiting 1.2.3" in html and "/admin/h5p-libraries/" in html
    assert 'id="elearn-h5p-libraries-waiting' not in home(client, trainer)


def test_questions_to_review_come_from_the_analytics_flags(client, trainer, sh1_quiz):
    for i in range(10):   # nobody gets any question right: every question is too hard
        attempt(make_user(f"learner-{i}"), sh1_quiz, 0, set())
    html = home(client, trainer)
    assert 'id="elearn-questions-to-review' in html
    assert "Too hard: fewer than 30 % answer it right" in html and f'href="/admin/pages/{sh1_quiz.pk}/edit/"' in html
    assert "SH-1" in html


def test_translations_to_update_list_missing_segments(client, trainer):
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    page = lesson()
    source, _created = TranslationSource.get_or_create_from_instance(page)
    german = Locale.objects.get(language_code="de")
    made = Translation.objects.create(source=source, target_locale=german)
    made.save_target(publish=True)
    html = home(client, trainer)
    assert 'id="elearn-translations-to-update' in html and page.title in html
    total, done = made.get_progress()
    assert total > done and f"<td>{total - done}</td>" in html


def test_empty_panels_are_hidden(client, trainer):
    html = home(client, trainer)
    for panel in ("changes-requested", "h5p-libraries-waiting", "questions-to-review", "translations-to-update"):
        assert f'id="elearn-{panel}' not in html


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_panel_headings_are_translated(client, maintainer, language):
    H5PLibrary.objects.create(machine_name="H5P.Waiting", major_version=1, minor_version=0, patch_version=0, title="W",
                              content_hash="b" * 64, storage_prefix="h5p/libraries/w", approved=False, metadata={})
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(maintainer)
    profile.preferred_language = language
    profile.save()
    html = home(client, maintainer)
    with translation.override(language):
        heading = translation.gettext("H5P libraries waiting for approval")
    assert heading != "H5P libraries waiting for approval" and heading in html


def count_home_queries(client, user):
    client.force_login(user)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(HOME).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_data(client, trainer, maintainer, sh1_quiz):
    request_changes(lesson(0), trainer, maintainer)
    for i in range(10):
        attempt(make_user(f"a-{i}"), sh1_quiz, 0, set())
    few = count_home_queries(client, trainer)
    for n in (1, 2, 3):
        request_changes(lesson(n), trainer, maintainer)
    for i in range(20):
        attempt(make_user(f"b-{i}"), sh1_quiz, 20, {0})
    assert count_home_queries(client, trainer) == few


def test_anonymous_and_learners_do_not_reach_the_dashboard(client, learner):
    assert client.get(HOME).status_code == 302
    client.force_login(learner)
    assert client.get(HOME).status_code in (302, 403)
