"""Reviews show the change: a maintainer opens a submitted change from the dashboard and sees, against the
live version, the lesson blocks and quiz questions added, removed and changed, and decides on the same screen."""

import copy

import pytest
from wagtail.models import TaskState

from modules.models import LessonPage, QuizPage
from modules.review.changes import ADDED, CHANGED, REMOVED, page_changes, serialise_page

pytestmark = pytest.mark.django_db


def lesson():
    return LessonPage.objects.filter(locale__language_code="en").live().order_by("path").first()


def submit(page, user):
    page.save_revision(user=user)
    state = page.get_workflow().start(page, user)
    return state.current_task_state


def edited_lesson(page):
    data = copy.deepcopy(list(page.body.raw_data))
    text = next(block for block in data if block["type"] == "text")
    text["value"] = text["value"].replace("</p>", " A sentence the trainer added.</p>", 1)
    page.body = data
    return page


def edited_quiz(quiz):
    data = copy.deepcopy(list(quiz.questions.raw_data))
    removed = data.pop()                                   # the last question goes
    data[0]["value"]["prompt"] = "A reworded first question?"  # the first is reworded
    new = copy.deepcopy(data[1])
    new["id"] = "00000000-0000-4000-8000-000000000001"     # and a new one comes
    new["value"]["prompt"] = "A brand-new question?"
    data.append(new)
    quiz.questions = data
    return quiz, removed


def test_lesson_change_shows_the_changed_text_only(client, trainer, maintainer):
    page = lesson()
    task_state = submit(edited_lesson(page), trainer)
    client.force_login(maintainer)
    home = client.get("/admin/").content.decode()
    assert f'href="/admin/review/{task_state.pk}/"' in home
    response = client.get(f"/admin/review/{task_state.pk}/")
    assert response.status_code == 200
    changes = response.context["changes"]
    assert [change.kind for change in changes] == [CHANGED]
    signs = dict(changes[0].lines)
    assert any(sign == "+" and "A sentence the trainer added." in text for sign, text in changes[0].lines)
    assert "-" in signs
    html = response.content.decode()
    # The screen shows the line that came and the line that went, each marked for screen readers too.
    assert '<ins style="text-decoration:none">' in html and "A sentence the trainer added." in html.split("<ins", 1)[1].split("</ins>")[0]
    assert "<del>" in html and '<span class="w-sr-only">added</span>' in html and '<span class="w-sr-only">removed</span>' in html
    assert f'action="/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"' in html
    assert f'action="/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/"' in html


def test_quiz_change_names_questions_added_removed_and_changed(client, trainer, maintainer, sh1_quiz):
    quiz, removed = edited_quiz(QuizPage.objects.get(pk=sh1_quiz.pk))
    task_state = submit(quiz, trainer)
    client.force_login(maintainer)
    changes = client.get(f"/admin/review/{task_state.pk}/").context["changes"]
    by_kind = {kind: [change for change in changes if change.kind == kind] for kind in (ADDED, REMOVED, CHANGED)}
    assert [change.label for change in by_kind[CHANGED]] == ["Question 1: A reworded first question?"]
    assert ("-", next(line for sign, line in by_kind[CHANGED][0].lines if sign == "-")) in by_kind[CHANGED][0].lines
    assert [change.label for change in by_kind[ADDED]] == [f"Question {len(quiz.questions)}: A brand-new question?"]
    assert len(by_kind[REMOVED]) == 1 and removed["value"]["prompt"][:40] in by_kind[REMOVED][0].label
    assert len(changes) == 3   # nothing else reported


def test_approving_on_the_review_screen_publishes(client, trainer, maintainer):
    page = lesson()
    task_state = submit(edited_lesson(page), trainer)
    client.force_login(maintainer)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Good.", "next": "/admin/"})
    assert response.status_code == 302
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED
    assert "A sentence the trainer added." in LessonPage.objects.get(pk=page.pk).body.raw_data[0]["value"] or any(
        "A sentence the trainer added." in str(block["value"]) for block in LessonPage.objects.get(pk=page.pk).body.raw_data)


def test_only_reviewers_reach_the_review_screen(client, trainer, learner, maintainer):
    task_state = submit(edited_lesson(lesson()), trainer)
    url = f"/admin/review/{task_state.pk}/"
    assert client.get(url).status_code == 302               # anonymous: to the login page
    client.force_login(learner)
    assert client.get(url).status_code in (302, 403)
    client.force_login(trainer)
    refused = client.get(url)                               # the author may not review their own change:
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")   # Wagtail's "no permission" answer
    client.force_login(maintainer)
    assert client.get("/admin/review/999999/").status_code == 404


def test_page_changes_of_unchanged_items_is_empty():
    item = serialise_page(lesson())
    assert page_changes(item, copy.deepcopy(item)) == []


def test_a_never_published_page_is_all_new():
    item = serialise_page(lesson())
    changes = page_changes(None, item)
    assert changes and all(change.kind == ADDED for change in changes)
