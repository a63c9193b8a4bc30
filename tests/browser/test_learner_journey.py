"""A new learner signs up, reads a lesson, answers a quiz and sees the score, in a real browser."""

import re

import pytest
import yaml
from playwright.sync_api import expect

from tests.sites import ROOT

from .journey import sign_up

pytestmark = pytest.mark.browser


def sh1_answer_texts(correct):
    quiz = yaml.safe_load((ROOT / "itg_t1/content/modules/sh-1/quiz.yaml").read_text())
    return [[a["text"] for a in q["answers"] if a["correct"] == correct] for q in quiz["questions"]]


def answer(page, texts_per_question):
    for texts in texts_per_question:
        for text in texts:
            page.get_by_label(text, exact=True).check()


def test_learner_signs_up_reads_a_lesson_and_passes_a_quiz(page, site_url, screenshots):
    sign_up(page, site_url, "chiara@example.it")

    page.get_by_role("link", name="ITG T1", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("S3 and clusters for regional policy makers")
    page.get_by_role("link", name=re.compile("The S3-4AlpClusters project")).click()
    page.get_by_role("link", name=re.compile("Start the module")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The project at a glance")
    expect(page.get_by_role("contentinfo")).to_contain_text("European Regional Development Fund (ERDF)")
    page.screenshot(path=screenshots / "lesson.png", full_page=False)
    page.get_by_role("button", name="Mark as done and continue").click()
    expect(page.get_by_role("status")).to_contain_text("is marked as done")

    page.goto(site_url + "/itg-t1/sh-1/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    answer(page, sh1_answer_texts(correct=True))
    page.screenshot(path=screenshots / "quiz-form.png", full_page=True)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("heading", name="Score: 100%")).to_be_visible()
    expect(page.get_by_text("Passed.")).to_be_visible()
    page.screenshot(path=screenshots / "quiz-result.png", full_page=True)

    page.goto(site_url + "/my-learning/")
    expect(page.get_by_text("1 of 16 lessons done, 1 of 6 quizzes passed")).to_be_visible()
    page.screenshot(path=screenshots / "my-learning.png", full_page=True)


def test_unanswered_question_is_flagged_without_losing_answers(page, site_url):
    sign_up(page, site_url, "jan@example.de")
    page.goto(site_url + "/itg-t1/sh-1/quiz/")
    page.get_by_role("button", name="Start the quiz").click()
    texts = sh1_answer_texts(correct=False)
    answer(page, [[texts[0][0]]])
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Please answer every question")
    expect(page.get_by_label(texts[0][0], exact=True)).to_be_checked()


def test_keyboard_user_can_skip_to_content(page, site_url):
    page.goto(site_url + "/itg-t2/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
