"""The StressTest self-assessment (ITG T1, module T1-4): the rule, the page signed in and anonymous,
bad input, who may see a saved result, downloads, and that nothing is ever graded or counted."""

import csv
import html as htmllib
import io

import pytest
from django.test import Client
from django.utils import translation

from modules.learning.read_models import build_kit_view
from modules.models import ItemProgress, QuizAttempt, SelfAssessmentPage, SelfAssessmentResult
from modules.self_assessment import AreaDef, RatingError, build_profile, mean_tenths, parse_ratings, profile_csv

pytestmark = pytest.mark.django_db

URL = "/itg-t1/t1-4/stresstest-self-assessment/"


@pytest.fixture
def assessment(kit_t1):
    return SelfAssessmentPage.objects.get(slug="stresstest-self-assessment", locale__language_code="en")


def ratings_for(page, pattern=(1, 2, 3, 4, 5)):
    """Form data rating the statements of area n with pattern[n % len(pattern)]."""
    return {f"rating-{sid}": str(pattern[n % len(pattern)]) for n, area in enumerate(page.area_defs) for sid, _text in area.statements}


def areas(*sizes):
    return tuple(AreaDef(f"a{n}", f"Area {n}", f"Question {n}?", tuple((f"a{n}s{i}", f"Statement {n}.{i}") for i in range(size)))
                 for n, size in enumerate(sizes))


# --- the rule -----------------------------------------------------------------------------------

@pytest.mark.parametrize("values, tenths", [([1], 10), ([1, 2], 15), ([1, 1, 2], 13), ([2, 2, 3], 23), ([1, 1, 1, 2], 13),
                                            ([5, 5, 4], 47), ([1, 2, 2, 2], 18), ([3, 4], 35), ([5], 50)])
def test_means_are_tenths_rounded_half_up(values, tenths):
    assert mean_tenths(values) == tenths


def test_parse_ratings_names_every_missing_and_out_of_range_statement():
    defs = areas(2, 1)
    assert parse_ratings(defs, {"rating-a0s0": "1", "rating-a0s1": "5", "rating-a1s0": " 3 "}) == {"a0s0": 1, "a0s1": 5, "a1s0": 3}
    with pytest.raises(RatingError) as missing:
        parse_ratings(defs, {"rating-a0s0": "1"})
    assert missing.value.statements == ["a0s1", "a1s0"] and "rate every statement" in missing.value.message
    for bad in ("0", "6", "-1", "2.5", "x", "１"):
        with pytest.raises(RatingError) as wrong:
            parse_ratings(defs, {"rating-a0s0": bad, "rating-a0s1": "2", "rating-a1s0": "2"})
        assert wrong.value.statements == ["a0s0"] and "from 1 to 5" in wrong.value.message


def test_profile_names_strongest_weakest_and_the_areas_to_work_on():
    defs = areas(2, 2, 1)
    profile = build_profile(defs, {"a0s0": 4, "a0s1": 5, "a1s0": 3, "a1s1": 4, "a2s0": 3})
    assert [s.mean_text for s in profile.scores] == ["4.5", "3.5", "3.0"]
    assert [s.area.id for s in profile.strongest] == ["a0"]
    assert [s.area.id for s in profile.weakest] == ["a2"]
    # Nothing is below 3.0, so only the weakest area is to work on.
    assert [s.area.id for s in profile.to_revisit] == ["a2"]

    low = build_profile(defs, {"a0s0": 1, "a0s1": 2, "a1s0": 2, "a1s1": 3, "a2s0": 5})
    assert [s.area.id for s in low.to_revisit] == ["a0", "a1"]  # both below 3.0, a0 the weakest


def test_equal_areas_have_no_strongest_or_weakest():
    profile = build_profile(areas(1, 1), {"a0s0": 4, "a1s0": 4})
    assert profile.all_equal and profile.strongest == [] and profile.weakest == [] and profile.to_revisit == []


def test_csv_quotes_cells_a_spreadsheet_would_run_as_formulas():
    defs = (AreaDef("a", "=HYPERLINK(\"x\")", "Q?", (("s", "+1 statement"),)),)
    rows = list(csv.reader(io.StringIO(profile_csv("Title", build_profile(defs, {"s": 2})))))
    assert ["'=HYPERLINK(\"x\")", "'+1 statement", "2", "Planned or just starting"] in rows


# --- the page -------------------------------------------------------------------------------------

def test_page_says_the_project_wording_is_not_public_and_shows_the_kits_scale(client, assessment):
    response = client.get(URL)
    html = htmllib.unescape(response.content.decode())
    assert response.status_code == 200
    assert "are not public" in html and "this kit's own" in html
    assert "Fully in place" in html and "Not in place" in html
    assert html.count('type="radio"') == 5 * sum(len(a.statements) for a in assessment.area_defs)
    for area in assessment.area_defs:
        assert area.question in html


def test_the_six_areas_are_the_published_stresstest_questions(assessment):
    assert [a.question for a in assessment.area_defs] == [
        "What role do clusters play in S3 development?",
        "Is S3 in line with the national political strategies and with the strategies of the neighbouring regions?",
        "How is S3 being implemented in the region?",
        "At the cluster organisation, are there any tools in use to specifically monitor and evaluate S3?",
        "What impact does S3 have on the cluster organisations?",
        "How effective is the regional cluster portfolio?",
    ]
    assert all(2 <= len(a.statements) <= 4 and a.revisit for a in assessment.area_defs)


def test_anonymous_visitor_gets_a_profile_and_nothing_is_stored(client, assessment):
    response = client.post(URL, ratings_for(assessment, (1, 4, 4, 4, 5, 2)))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="img"' in html and "<title id=\"profile-chart-title\">" in html and "<desc id=\"profile-chart-desc\">" in html
    assert "Strongest:</strong> Impact on cluster organisations (5.0)" in html
    assert "Weakest:</strong> Clusters in S3 design (1.0)" in html
    # Lessons to revisit for the weak areas link inside the kit.
    assert 'href="/itg-t1/t1-4/clusters-and-s3/"' in html and 'href="/itg-t1/sh-2/entrepreneurial-discovery-process/"' in html
    assert SelfAssessmentResult.objects.count() == 0


def test_anonymous_downloads_csv_and_pdf_of_the_posted_ratings(client, assessment):
    data = ratings_for(assessment)
    response = client.post(URL, {**data, "action": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert ["Clusters in S3 design", "What role do clusters play in S3 development?", "1.0"] in rows
    pdf = client.post(URL, {**data, "action": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert SelfAssessmentResult.objects.count() == 0


@pytest.mark.parametrize("change", ["drop", "zero", "six", "text"])
def test_missing_or_out_of_range_ratings_are_refused_and_nothing_is_stored(learner_client, assessment, change):
    data = ratings_for(assessment)
    first = next(iter(data))
    if change == "drop":
        del data[first]
    else:
        data[first] = {"zero": "0", "six": "6", "text": "five"}[change]
    response = learner_client.post(URL, {**data, "save": "1"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'role="alert"' in html and ("Please rate every statement" in html or "whole number from 1 to 5" in html)
    assert f'href="#st-{first.removeprefix("rating-")}"' in html or change != "drop"
    assert "has-error" in html
    assert SelfAssessmentResult.objects.count() == 0


def test_other_ratings_are_kept_when_the_form_comes_back(client, assessment):
    data = ratings_for(assessment, (4,))
    first = next(iter(data))
    del data[first]
    html = client.post(URL, data).content.decode()
    assert html.count(" checked") == len(data)


def test_a_post_without_csrf_token_is_refused(learner, assessment):
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.post(URL, {**ratings_for(assessment), "save": "1"}).status_code == 403
    assert SelfAssessmentResult.objects.count() == 0


def test_signed_in_learner_saves_repeats_and_compares(learner_client, learner, assessment):
    first = learner_client.post(URL, {**ratings_for(assessment, (2,)), "save": "1"})
    assert first.status_code == 302
    saved = SelfAssessmentResult.objects.get(user=learner)
    assert first["Location"].startswith(f"/learn/self-assessments/{saved.public_id}/")
    assert saved.assessment_key == assessment.translation_key and saved.language == "en"
    assert [a["mean_tenths"] for a in saved.areas] == [20] * 6

    page = learner_client.get(first["Location"]).content.decode()
    assert "Your result is saved" in page and "All areas have the same mean rating." in page

    second = learner_client.post(URL, {**ratings_for(assessment, (4, 2)), "save": "1"})
    assert SelfAssessmentResult.objects.filter(user=learner).count() == 2
    page = learner_client.get(second["Location"]).content.decode()
    assert "Earlier (" in page and "+2.0" in page and "+0.0" in page
    assert "The thin bars show your earlier result." in page
    listing = learner_client.get(URL).content.decode()
    assert "Your saved results" in listing and listing.count("/learn/self-assessments/") == 2


def test_a_learner_may_choose_not_to_save(learner_client, learner, assessment):
    response = learner_client.post(URL, ratings_for(assessment))
    assert response.status_code == 200 and "Your profile" in response.content.decode()
    assert not SelfAssessmentResult.objects.filter(user=learner).exists()


def test_saved_results_are_the_learners_own(learner_client, learner, other_learner, assessment, client):
    location = learner_client.post(URL, {**ratings_for(assessment), "save": "1"})["Location"].split("?")[0]
    for suffix in ("", "csv/", "pdf/"):
        assert learner_client.get(location + suffix).status_code == 200
    other = Client()
    other.force_login(other_learner)
    for suffix in ("", "csv/", "pdf/"):
        assert other.get(location + suffix).status_code == 404
    anonymous = Client().get(location)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert "/learn/self-assessments/" not in other.get(URL).content.decode()


def test_saved_result_downloads(learner_client, assessment):
    location = learner_client.post(URL, {**ratings_for(assessment), "save": "1"})["Location"].split("?")[0]
    csv_response = learner_client.get(location + "csv/")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode())))
    assert rows[1][0] == "Date" and ["Implementing the S3", "How is S3 being implemented in the region?", "3.0"] in rows
    pdf = learner_client.get(location + "pdf/")
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "private, no-store"


def test_never_graded_nor_counted_in_progress(learner_client, learner, kit_t1, assessment):
    before = build_kit_view(learner, kit_t1)
    learner_client.post(URL, {**ratings_for(assessment), "save": "1"})
    after = build_kit_view(learner, kit_t1)
    assert not ItemProgress.objects.filter(user=learner).exists()
    assert not QuizAttempt.objects.filter(user=learner).exists()
    assert (after.percent, after.quizzes_total, after.lessons_total) == (before.percent, before.quizzes_total, before.lessons_total) == (0, 6, 18)
    module = next(m for m in after.modules if m.module.code == "T1-4")
    assert [a.page.pk for a in module.activities] == [assessment.pk]
    assert assessment.pk not in [item.page.pk for item in module.items]


def test_navigation_runs_lessons_then_self_assessment_then_quiz(client, assessment):
    html = client.get(URL).content.decode()
    assert 'rel="prev" href="/itg-t1/t1-4/stresstest-findings/"' in html
    assert 'rel="next" href="/itg-t1/t1-4/quiz/"' in html
    findings = client.get("/itg-t1/t1-4/stresstest-findings/").content.decode()
    assert f'rel="next" href="{URL}"' in findings


def test_kit_page_and_home_show_the_self_assessment_as_a_feature_of_itg_t1(client, assessment):
    for url in ("/itg-t1/", "/"):
        html = client.get(url).content.decode()
        assert f'<span class="feature-badge">Interactive</span> <a href="{URL}">{assessment.title}</a>' in html
    assert "feature-badge" not in client.get("/itg-t2/").content.decode()


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_every_learner_visible_string_is_translated(client, learner, assessment, language):
    strings = ["About this self-assessment", "Rate your region", "Show my profile", "Not in place", "Fully in place",
               "Self-assessment, not graded", "Your profile", "Strongest:", "Weakest:", "Lessons to revisit",
               "Download as CSV", "Mean (1–5)", "Please rate every statement before you see your profile."]
    with translation.override(language):
        translated = {text: str(translation.gettext(text)) for text in strings}
    assert all(translated[text] != text for text in strings), translated
    def text_of(response):
        return htmllib.unescape(response.content.decode())

    page = text_of(client.get(f"/{language}{URL}"))
    for text in ("About this self-assessment", "Rate your region", "Show my profile", "Not in place", "Fully in place", "Self-assessment, not graded"):
        assert translated[text] in page, text
    result = text_of(client.post(f"/{language}{URL}", ratings_for(assessment)))
    for text in ("Your profile", "Strongest:", "Weakest:", "Lessons to revisit", "Download as CSV", "Mean (1–5)"):
        assert translated[text] in result, text
    data = ratings_for(assessment)
    data.pop(next(iter(data)))
    refused = text_of(client.post(f"/{language}{URL}", data))
    assert translated["Please rate every statement before you see your profile."] in refused


def test_trainers_translate_statements_in_wagtail_localize_and_never_the_notes(assessment):
    from wagtail_localize.segments.extract import extract_segments

    texts = {segment.string.data for segment in extract_segments(assessment) if hasattr(segment, "string")}
    for area in assessment.area_defs:
        assert area.title in texts and area.question in texts
        assert all(text in texts for _sid, text in area.statements)
    assert assessment.title in texts and assessment.intro in texts
    assert assessment.trainer_notes and not any(assessment.trainer_notes[:40] in text for text in texts)
