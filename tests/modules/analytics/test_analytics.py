"""Trainers' analytics: numbers on a small hand-made dataset, filters, CSV, access, flat queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from wagtail.models import Locale

from modules.analytics import charts, queries
from modules.models import ItemProgress, KitRelease, LessonPage, ModulePage, QuizAttempt
from tests.factories import make_user
from tests.modules.helpers import translate_kits

from .factories import MONDAY, attempt, progress

pytestmark = pytest.mark.django_db

URL = "/admin/results/analytics/"


@pytest.fixture
def sh1(db):
    return ModulePage.objects.get(code="SH-1")


def lessons_of(module):
    return list(LessonPage.objects.child_of(module).live().order_by("path"))


def build(kit, module=None, quiz=None, **extra):
    filters = queries.AnalyticsFilter(kit=kit, module=module, quiz=quiz, **extra)
    return filters, queries.resolve_scope(filters)


@pytest.fixture
def funnel_data(kit_t1, sh1, sh1_quiz):
    """SH-1 (3 lessons + quiz): A does everything, B all lessons but fails, C one lesson and passes,
    D opened one lesson, E never started."""
    lessons = lessons_of(sh1)
    users = {
        "A": make_user("ana", region="Salzburg", country="AT", organisation="Land Salzburg", helix_role="public_authority"),
        "B": make_user("ben", region="Lombardy", country="IT", organisation="Polimi", helix_role="research"),
        "C": make_user("cleo", region="Lombardy", country="IT", organisation="Cluster Lombardia", helix_role="business"),
        "D": make_user("dan", region="Bavaria", country="DE", organisation="Cluster Bayern", helix_role="business"),
        "E": make_user("eve", region="Salzburg", country="AT"),
    }
    for key in "AB":
        for lesson in lessons:
            progress(users[key], lesson, ItemProgress.LESSON, done=True)
    progress(users["C"], lessons[0], ItemProgress.LESSON, done=True, at=MONDAY + timedelta(days=7))
    progress(users["D"], lessons[1], ItemProgress.LESSON, at=MONDAY + timedelta(days=15))
    attempt(users["A"], sh1_quiz, 100, {0, 1, 2, 3, 4})
    attempt(users["B"], sh1_quiz, 20, {0})
    attempt(users["C"], sh1_quiz, 80, {0, 1, 2, 3}, at=MONDAY + timedelta(days=7))
    return users


def test_funnel_and_enrolments(kit_t1, sh1, funnel_data):
    filters, scope = build(kit_t1, sh1)
    assert queries.funnel(filters, scope) == {"started": 4, "lessons_done": 2, "quizzes_passed": 2, "complete": 1}
    weeks = queries.enrolments(filters, scope)
    assert weeks == [(MONDAY.date(), 2), ((MONDAY + timedelta(days=7)).date(), 1), ((MONDAY + timedelta(days=14)).date(), 1)]


def test_learner_filters_narrow_results(kit_t1, sh1, funnel_data):
    assert queries.funnel(*build(kit_t1, sh1, region="salzburg"))["started"] == 1
    assert queries.funnel(*build(kit_t1, sh1, country="IT")) == {"started": 2, "lessons_done": 1, "quizzes_passed": 1, "complete": 0}
    assert queries.funnel(*build(kit_t1, sh1, organisation="cluster"))["started"] == 2
    assert queries.funnel(*build(kit_t1, sh1, helix_role="research"))["lessons_done"] == 1
    bins = queries.score_distribution(*build(kit_t1, sh1, country="IT"))
    assert [n for _l, _h, n in bins] == [0, 0, 1, 0, 0, 0, 0, 0, 1, 0]


def test_date_range_and_release_filters(kit_t1, sh1, sh1_quiz, funnel_data):
    later = (MONDAY + timedelta(days=5)).date()
    assert queries.funnel(*build(kit_t1, sh1, date_from=later))["started"] == 2   # C and D started later
    assert queries.enrolments(*build(kit_t1, sh1, date_to=MONDAY.date())) == [(MONDAY.date(), 2)]
    bins = queries.score_distribution(*build(kit_t1, sh1, date_from=later))
    assert sum(n for _l, _h, n in bins) == 1
    release = KitRelease.objects.create(kit=kit_t1, kit_key=kit_t1.translation_key, kit_slug=kit_t1.slug, kit_title=kit_t1.title,
                                        version="9.0.0", major=9, minor=0, patch=0, licence="CC-BY-4.0", languages="en",
                                        manifest={}, manifest_sha256="0" * 64)
    QuizAttempt.objects.filter(user=funnel_data["B"]).update(release=release)
    filters, scope = build(kit_t1, sh1, release_id=release.pk)
    assert queries.funnel(filters, scope)["started"] == 1
    assert [n for _l, _h, n in queries.score_distribution(filters, scope)][2] == 1
    assert sum(s.answered for s in queries.item_analysis(filters, scope)) == len(sh1_quiz.question_defs)   # B answered every question once


@pytest.fixture
def item_data(sh1_quiz):
    """Ten learners, first attempt at 10·i %. Question 0 right for i ≥ 5 (good item), question 1
    right for i ≤ 3 (inverted item). Learner 1 retries at 95 % with everything right."""
    learners = []
    for i in range(1, 11):
        user = make_user(f"learner{i}", country="AT" if i % 2 else "IT")
        correct = ({0} if i >= 5 else set()) | ({1} if i <= 3 else set())
        attempt(user, sh1_quiz, 10 * i, correct, wrong_pick=i % 2)
        learners.append(user)
    attempt(learners[0], sh1_quiz, 95, {0, 1, 2, 3, 4}, number=2, at=MONDAY + timedelta(days=1))
    return learners


def test_score_bins_use_best_attempt(kit_t1, sh1, sh1_quiz, item_data):
    bins = queries.score_distribution(*build(kit_t1, sh1, sh1_quiz))
    assert bins[0][:2] == (0, 10) and bins[9][:2] == (90, 100)
    assert [n for _l, _h, n in bins] == [0, 0, 1, 1, 1, 1, 1, 1, 1, 3]   # 95 and 100 land in the last bin


def test_item_analysis(kit_t1, sh1, sh1_quiz, item_data):
    stats = queries.item_analysis(*build(kit_t1, sh1, sh1_quiz))
    assert len(stats) == len(sh1_quiz.question_defs)
    good, inverted, never = stats[0], stats[1], stats[2]
    assert good.answered == 10   # first attempts only: the retry is left out
    assert (good.share_correct, inverted.share_correct, never.share_correct) == (60.0, 30.0, 0.0)
    assert (good.top_n, good.bottom_n) == (3, 3)
    assert good.discrimination == 1.0 and inverted.discrimination == -1.0 and never.discrimination == 0
    # Wrong answers of question 0 (learners 1–4): odd learners picked the second wrong option.
    wrong = [o["chosen"] for o in good.wrong_options]
    assert wrong[:2] == [2, 2] and sum(wrong) == 4
    assert sum(o["chosen"] for o in good.options if o["correct"]) == 6


def test_page_tables_charts_and_csv(client, trainer, kit_t1, sh1, sh1_quiz, item_data):
    client.force_login(trainer)
    response = client.get(URL, {"kit": kit_t1.pk, "module": sh1.pk, "quiz": sh1_quiz.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') >= 4 and 'aria-labelledby="chart-funnel-title"' in html
    tables = response.context["tables"]
    assert set(tables) == {"review", "enrolments", "funnel", "scores", "items", "answers", "languages", "attempts"}
    for name, table in tables.items():
        response = client.get(URL, {"kit": kit_t1.pk, "module": sh1.pk, "quiz": sh1_quiz.pk, "format": "csv", "table": name})
        assert response["Content-Type"].startswith("text/csv")
        # Learners' answers: an attachment that no shared cache keeps.
        assert response["Content-Disposition"] == f'attachment; filename="{kit_t1.slug}-{name}.csv"'
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == [str(h) for h in table["headers"]]
        # Same cells; only free text that a spreadsheet would read as a formula gets a leading quote.
        assert rows[1:] == [["'" + c if isinstance(c, str) and c[:1] in "=+-@" else str(c) for c in row] for row in table["rows"]]
    assert client.get(URL, {"format": "csv", "table": "nope"}).status_code == 404
    # Filters travel through the form into the CSV too.
    response = client.get(URL, {"kit": kit_t1.pk, "module": sh1.pk, "country": "IT", "format": "csv", "table": "scores"})
    assert sum(int(r[1]) for r in list(csv.reader(io.StringIO(response.content.decode())))[1:]) == 5


def test_each_kit_is_analysed_once_whatever_its_translations(client, trainer, kit_t1, kit_t2):
    translate_kits("de", "fr")
    german = kit_t1.get_translation(Locale.objects.get(language_code="de"))
    client.force_login(trainer)
    response = client.get(URL)
    assert [kit.pk for kit in response.context["form"].fields["kit"].queryset] == [kit_t1.pk, kit_t2.pk]
    assert response.context["form"].fields["kit"].initial == kit_t1.pk  # the first kit by title, in the source language
    # A translation's page id (hand-made) reads as no choice: the page falls back to the first kit.
    assert client.get(URL, {"kit": german.pk}).context["form"].fields["kit"].initial == kit_t1.pk


def test_menu_and_access(client, learner, trainer):
    client.force_login(learner)
    assert client.get(URL).status_code == 302   # learners never reach the admin
    client.force_login(trainer)
    assert client.get(URL).status_code == 200
    assert URL in client.get("/admin/").content.decode()
    assert URL in client.get("/admin/results/").content.decode()


def test_charts_escape_labels():
    svg = charts.hbar_chart('<script>"x"</script>', [("<b>&", 3)], chart_id="c1")
    assert "<script>" not in svg and "&lt;b&gt;&amp;" in svg
    assert 'role="img"' in svg and 'aria-labelledby="c1-title"' in svg and '<title id="c1-title">' in svg
    assert "<title" in charts.bar_chart("Empty", [])


def count_queries(client, params):
    client.get(URL, params)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, params).status_code == 200
    csv_params = {**params, "format": "csv", "table": "answers"}
    with CaptureQueriesContext(connection) as captured_csv:
        assert client.get(URL, csv_params).status_code == 200
    return len(captured), len(captured_csv)


@pytest.mark.parametrize("scope", ["kit", "quiz", "language"])
def test_queries_stay_flat_as_learners_and_attempts_grow(client, trainer, kit_t1, sh1, sh1_quiz, scope):
    client.force_login(trainer)
    params = {"kit": kit_t1.pk} if scope == "kit" else {"kit": kit_t1.pk, "module": sh1.pk, "quiz": sh1_quiz.pk}
    if scope == "language":
        params["language"] = "de"
    lessons = lessons_of(sh1)
    user = make_user("first")
    progress(user, lessons[0], ItemProgress.LESSON, done=True)
    attempt(user, sh1_quiz, 40, {0, 1})
    baseline = count_queries(client, params)
    for n in range(12):
        user = make_user(f"more{n}", country="FR")
        for lesson in lessons:
            progress(user, lesson, ItemProgress.LESSON, done=True, at=MONDAY + timedelta(days=3 * n))
        attempt(user, sh1_quiz, 20 + 5 * n, set(range(n % 5)), at=MONDAY + timedelta(days=3 * n), language="de" if n % 2 else "en")
        attempt(user, sh1_quiz, 60, {0, 1, 2}, number=2, at=MONDAY + timedelta(days=3 * n + 1), language=["en", "de", "fr", "sl"][n % 4])
    assert count_queries(client, params) == baseline


def test_questions_to_review_lead_the_page(client, trainer, kit_t1, sh1, sh1_quiz, item_data):
    """item_data: question 0 is sound, question 1 inverted (strong learners get it wrong), the rest never right."""
    from modules.analytics.flags import DISTRACTOR, LOW_DISCRIMINATION, TOO_HARD

    client.force_login(trainer)
    response = client.get(URL, {"kit": kit_t1.pk})
    assert response.status_code == 200
    flagged = response.context["review"]["flagged"]
    questions = [q.id for q in sh1_quiz.question_defs]
    by_id = {item.stat.question_id: item for item in flagged}
    assert questions[0] not in by_id
    assert LOW_DISCRIMINATION in by_id[questions[1]].flags and TOO_HARD not in by_id[questions[1]].flags
    assert all(by_id[q].flags == [TOO_HARD, DISTRACTOR, LOW_DISCRIMINATION] for q in questions[2:])
    assert flagged[-1].stat.question_id == questions[1]   # fewer flags come last
    assert {item.module_code for item in flagged} == {"SH-1"}
    html = response.content.decode()
    assert html.index('id="review-heading"') < html.index('id="items-heading"')
    assert f'href="/admin/pages/{sh1_quiz.pk}/edit/"' in html
    assert escape(flagged[0].stat.prompt) in html   # the full question text, not cut
    rows = list(csv.reader(io.StringIO(client.get(URL, {"kit": kit_t1.pk, "format": "csv", "table": "review"}).content.decode())))
    assert rows[0][:3] == ["Module", "Quiz", "Question"] and len(rows) == 1 + len(flagged) and rows[1][0] == "SH-1"


def test_nothing_to_review_without_enough_answers(client, trainer, kit_t1, sh1_quiz):
    attempt(make_user("solo"), sh1_quiz, 0, set())
    client.force_login(trainer)
    response = client.get(URL, {"kit": kit_t1.pk})
    assert response.context["review"]["flagged"] == []
    assert "No question needs attention for these filters." in response.content.decode()


@pytest.fixture
def language_data(sh1_quiz):
    """Four learners: two take SH-1's quiz in German (40 % and 80 %), one in English (60 %), one in
    English first (20 %) and then in Slovenian (100 %): one quiz, its attempts in three languages."""
    users = [make_user(f"lang{i}") for i in range(4)]
    attempt(users[0], sh1_quiz, 40, {0, 1}, language="de")
    attempt(users[1], sh1_quiz, 80, {0, 1, 2, 3}, language="de", at=MONDAY + timedelta(minutes=5))
    attempt(users[2], sh1_quiz, 60, {0, 1, 2}, language="en")
    attempt(users[3], sh1_quiz, 20, {0}, language="en")
    attempt(users[3], sh1_quiz, 100, {0, 1, 2, 3, 4}, number=2, language="sl", at=MONDAY + timedelta(days=1))
    return users


def test_language_filter_counts_attempts_taken_in_that_language(kit_t1, sh1, sh1_quiz, language_data):
    every = build(kit_t1, sh1, sh1_quiz)
    german = build(kit_t1, sh1, sh1_quiz, language="de")
    # Without the filter every language counts together, attempts belong to the quiz, not a translation.
    assert sum(n for _l, _h, n in queries.score_distribution(*every)) == 4
    assert [n for _l, _h, n in queries.score_distribution(*german)] == [0, 0, 0, 0, 1, 0, 0, 0, 1, 0]
    assert queries.funnel(*german)["started"] == 2
    assert sum(s.answered for s in queries.item_analysis(*german)) == 2 * len(sh1_quiz.question_defs)
    rows = {row["language"]: row for row in queries.attempts_by_language(*every)}
    passed = lambda *percents: sum(p >= sh1_quiz.pass_mark for p in percents)  # noqa: E731
    assert {code: (r["attempts"], r["learners"], r["passed"]) for code, r in rows.items()} == {
        "de": (2, 2, passed(40, 80)), "en": (2, 2, passed(60, 20)), "sl": (1, 1, 1)}
    assert rows["de"]["average"] == 60
    # Newest first; attempts submitted at the same moment, newest row first.
    assert [a.language for a in queries.latest_attempts(*every)] == ["sl", "de", "en", "en", "de"]
    assert {a.language for a in queries.latest_attempts(*german)} == {"de"}


def test_page_shows_the_language_of_each_attempt_and_filters_by_it(client, trainer, kit_t1, sh1, sh1_quiz, language_data):
    client.force_login(trainer)
    response = client.get(URL, {"kit": kit_t1.pk, "module": sh1.pk, "quiz": sh1_quiz.pk})
    tables = response.context["tables"]
    assert [row[0] for row in tables["languages"]["rows"]] == ["German", "English", "Slovenian"]
    assert [row[4] for row in tables["attempts"]["rows"]].count("German") == 2
    assert tables["attempts"]["rows"][0][4] == "Slovenian" and tables["attempts"]["rows"][0][1] == language_data[3].display_name
    html = response.content.decode()
    assert '<option value="de">German</option>' in html and 'id="table-attempts"' in html
    filtered = client.get(URL, {"kit": kit_t1.pk, "module": sh1.pk, "quiz": sh1_quiz.pk, "language": "de"}).context["tables"]
    assert {row[4] for row in filtered["attempts"]["rows"]} == {"German"}
    assert [row[0] for row in filtered["languages"]["rows"]] == ["German"]
    # The trainer's own admin language names the languages.
    with_german_admin = client.get(URL, {"kit": kit_t1.pk, "module": sh1.pk, "quiz": sh1_quiz.pk}, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == with_german_admin.status_code == 200
    # A language the site does not offer is ignored with a note, not an error.
    bad = client.get(URL, {"kit": kit_t1.pk, "language": "xx"})
    assert bad.status_code == 200 and "Some filters were not valid" in bad.content.decode()
