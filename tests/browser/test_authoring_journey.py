"""The authoring journey of issue 18, measured: a trainer adds a lesson (a text, an image with its
alternative text) and one question of the module's quiz to module SH-1 in the lesson's editor and submits
the module's change in one step; a kit maintainer approves both pages from the dashboard in one decision.
Every click and every entry (a typed field, a chosen file) is counted.

Measured: the trainer needs 20 steps (12 clicks, 8 entries; the issue found 44, before issue 18.1 22,
target 20): the lesson editor has the quiz's new-question panel, so there is no second editor to open and no
second submission. The maintainer needs 2 clicks (it found 10, target 3: the review screen approves the
module's lesson and quiz changes together). The ceilings below are these counts, so a change that adds a
step fails here."""

import json
import re
import struct
import subprocess
import sys
import zlib

import pytest
from playwright.sync_api import expect

from tests.browser.sign_in import sign_in_to_admin
from tests.sites import ROOT, copy_site, running_server, site_env

pytestmark = pytest.mark.browser

TRAINER_CEILING, MAINTAINER_CEILING = 20, 2  # issue 18's targets: 20 and 3

REPORT = """
import json
from modules.models import LessonPage, QuizPage
lesson = LessonPage.objects.get(slug="cluster-maps-in-practice")
quiz = QuizPage.objects.get(pk=lesson.get_parent().specific.get_children().type(QuizPage).first().pk)
image = next(block.value for block in lesson.body if block.block_type == "image")
question = next(q for q in quiz.questions if q.value["prompt"] == "What does a cluster map show?")
print(json.dumps({
    "lesson_live": lesson.live and not lesson.has_unpublished_changes, "quiz_live": quiz.live and not quiz.has_unpublished_changes,
    "blocks": [block.block_type for block in lesson.body], "alt": image["alt_text"],
    "answers": [(a["text"], a["correct"]) for a in question.value["answers"]],
}))
"""


class Steps:
    """Clicks and entries, as a person makes them."""

    def __init__(self):
        self.made = []

    def click(self, locator, what):
        self.made.append(("click", what))
        locator.click()

    def fill(self, locator, value, what):
        self.made.append(("entry", what))
        locator.fill(value)

    def type_into(self, page, locator, text, what):
        self.made.append(("entry", what))
        locator.click()
        page.keyboard.type(text)

    def choose_file(self, locator, path, what):
        self.made.append(("entry", what))
        locator.set_input_files(str(path))

    def count(self, kind=None):
        return sum(1 for made, _what in self.made if kind in (None, made))


def small_png(path):
    """A 64 × 48 PNG, enough for Wagtail's image upload."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x2a\x6f\x97" * 64 for _ in range(48))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 48, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def sign_in(page, url, username):
    sign_in_to_admin(page, url, username)
    expect(page).to_have_url(url + "/admin/")


def author_lesson_and_question(page, steps, image):
    steps.click(page.get_by_role("link", name="Module library").first, "menu: module library")
    steps.click(page.get_by_role("link", name="Add lesson").first, "add lesson to SH-1")  # the library is sorted by code
    steps.fill(page.locator("#id_title"), "Cluster maps in practice", "title")
    steps.click(page.get_by_role("button", name="Insert a block").first, "insert a block")
    steps.click(page.get_by_role("option", name="Text", exact=True), "text block")
    steps.type_into(page, page.locator(".public-DraftEditor-content").last, "Maps show where clusters are.", "text")
    body = page.locator("[data-contentpath='body']").first
    steps.click(body.get_by_role("button", name="Insert a block").last, "insert a block")
    steps.click(page.get_by_role("option", name="Image", exact=True), "image block")
    steps.click(page.get_by_role("button", name="Choose an image").last, "choose an image")
    chooser = page.locator(".modal-dialog")
    steps.click(chooser.get_by_role("tab", name="Upload"), "upload tab")
    steps.choose_file(chooser.locator("input[type=file]"), image, "image file")
    expect(chooser.get_by_label("Title")).to_have_value("map")  # Wagtail fills it from the file name
    steps.click(chooser.get_by_role("button", name="Upload"), "upload")
    expect(chooser).to_be_hidden()
    steps.fill(page.get_by_label("Alternative text").last, "A map of the Alpine Space with cluster locations.", "alternative text")

    # The question, in the same editor: the panel of new questions for the module's quiz (modules/lesson_form.py).
    panel = page.locator("[data-contentpath='new_questions']").first
    expect(page.get_by_text("New questions for “Quiz: the S3-4AlpClusters project”")).to_be_visible()
    steps.click(panel.get_by_role("button", name="Insert a block").last, "insert a question")  # one block type: no menu
    prompt = panel.locator("textarea[name$='-prompt']").last
    steps.fill(prompt, "What does a cluster map show?", "prompt")
    answers = panel.locator("input[name$='-text']")
    expect(answers).to_have_count(4)  # rows 3 and 4 stay empty and are dropped on save
    steps.fill(answers.nth(0), "Where cluster organisations are", "answer 1")
    steps.fill(answers.nth(1), "Exchange rates", "answer 2")
    steps.click(panel.locator("input[type=checkbox][name$='-correct']").nth(0), "answer 1 is right")
    steps.fill(panel.locator("textarea[name$='-feedback']").nth(1), "A cluster map shows places, not prices.", "feedback on answer 2")

    # A trainer may not publish, so the editor's main button submits the module's change (modules/wagtail_hooks.py):
    # the lesson and the quiz it added a question to, each to its review, in one step.
    steps.click(page.get_by_role("button", name="Submit module changes for review"), "submit the module's changes")
    expect(page.locator(".messages")).to_contain_text("2 changes in")


def approve_from_the_dashboard(page, steps, title):
    steps.click(page.locator("#elearn-reviews-waiting-content").get_by_role("link", name=title), f"review {title}")
    expect(page).to_have_url(re.compile(r"/admin/review/\d+/$"))
    steps.click(page.get_by_role("button", name="Approve this change and the others listed"), "approve the module's change")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator(".messages")).to_contain_text("2 changes in")


def test_trainer_authors_and_submits_a_lesson_and_a_question_and_a_maintainer_approves(browser, prepared_site, tmp_path):
    folder = copy_site(prepared_site, tmp_path / "site")
    env = site_env(folder)
    image = small_png(tmp_path / "map.png")
    with running_server(env) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, url, "trainer")
        trainer = Steps()
        author_lesson_and_question(page, trainer, image)
        context.close()

        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        sign_in(page, url, "maintainer")
        maintainer = Steps()
        approve_from_the_dashboard(page, maintainer, "Cluster maps in practice")
        context.close()

        report = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", REPORT], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
    assert report.returncode == 0, report.stderr[-2000:]
    made = json.loads(report.stdout.strip().splitlines()[-1])
    assert made == {
        "lesson_live": True, "quiz_live": True, "blocks": ["text", "image"], "alt": "A map of the Alpine Space with cluster locations.",
        "answers": [["Where cluster organisations are", True], ["Exchange rates", False]],
    }
    print(f"trainer: {trainer.count()} steps ({trainer.count('click')} clicks, {trainer.count('entry')} entries); "
          f"maintainer: {maintainer.count()} clicks")
    assert trainer.count() <= TRAINER_CEILING, trainer.made
    assert maintainer.count() <= MAINTAINER_CEILING, maintainer.made
