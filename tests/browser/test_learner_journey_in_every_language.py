"""A learner whose browser speaks German signs up, reads SH-1's lessons in German, takes the SH-1 quiz in
German, sees the result and My learning in German, in a real browser, on a phone and on a desktop.

The site is a copy of the prepared site with the kits' translations loaded as a fresh install loads them
(load_kits with ELEARN_KIT_TRANSLATIONS on); the German texts expected here are read from the kit's PO files."""

import re
import subprocess
import sys

import polib
import pytest
import yaml
from playwright.sync_api import expect

from tests.sites import ROOT, copy_site, running_server, site_env

from .journey import GERMAN, is_in, sign_up

pytestmark = pytest.mark.browser

TRANSLATIONS = ROOT / "itg_t1/content/translations/de"
SH1 = ROOT / "itg_t1/content/modules/sh-1"
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def german(item_id):
    """{msgctxt or msgid: German} of one SH-1 item."""
    return {entry.msgctxt: entry.msgstr for entry in polib.pofile(str(TRANSLATIONS / f"{item_id}.po"))}


def front_matter(path):
    return yaml.safe_load(path.read_text().split("---")[1])


def sh1_lessons():
    """[(slug, German title)] of SH-1's lessons, in the module's order."""
    module = yaml.safe_load((SH1 / "module.yaml").read_text())
    lessons = [front_matter(SH1 / lesson) for lesson in module["lessons"]]
    return [(lesson["slug"], german(lesson["id"])["title"]) for lesson in lessons]


def sh1_quiz():
    quiz = yaml.safe_load((SH1 / "quiz.yaml").read_text())
    return quiz, german(quiz["id"])


@pytest.fixture(scope="module")
def german_site_url(prepared_site, tmp_path_factory):
    folder = copy_site(prepared_site, tmp_path_factory.mktemp("german-site"))
    subprocess.run([sys.executable, "manage.py", "load_kits"], cwd=ROOT, env=site_env(folder, ELEARN_KIT_TRANSLATIONS="1"),
                   check=True, timeout=300, capture_output=True)
    with running_server(site_env(folder)) as url:
        yield url


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def german_page(request, browser):
    context = browser.new_context(locale="de-DE", viewport=SIZES[request.param])
    page = context.new_page()
    page.size_name = request.param
    yield page
    context.close()


def is_german(page):
    is_in(page, "de")


def shot(page, screenshots, name):
    # Long German words must not push the page sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[page.size_name]["width"], f"{name} is wider than the screen"
    page.screenshot(path=screenshots / f"de-{name}-{page.size_name}.png", full_page=True)


def test_german_learner_does_sh1_in_german(german_page, german_site_url, screenshots):
    page, site = german_page, german_site_url
    sign_up(page, site, f"lena.{page.size_name}@example.at", GERMAN)

    # The kit and the module: SH-1's title and items in German, the kit itself falls back to English.
    page.get_by_role("link", name="ITG T1", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/de/itg-t1/$"))
    page.get_by_role("link", name=re.compile("Das Projekt S3-4AlpClusters im Interreg-Alpenraumprogramm")).click()
    is_german(page)
    lessons = sh1_lessons()
    quiz, quiz_de = sh1_quiz()
    for title in [title for _slug, title in lessons] + [quiz_de["title"]]:
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    shot(page, screenshots, "module")

    # Every lesson read in German and marked as done; the last one leads to the quiz.
    page.get_by_role("link", name=re.compile("Modul beginnen")).click()
    for number, (slug, title) in enumerate(lessons, start=1):
        expect(page).to_have_url(re.compile(rf"/de/itg-t1/sh-1/{slug}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        is_german(page)
        expect(page.locator(".fallback-note")).to_have_count(0)
        if number in (1, len(lessons)):
            shot(page, screenshots, f"lesson-{number}")
        page.get_by_role("button", name="Als erledigt markieren und weiter").click()
        expect(page.get_by_role("status")).to_contain_text(f"„{title}“ ist als erledigt markiert.")

    page.goto(site + "/de/itg-t1/sh-1/quiz/")
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz_de["title"])
    expect(page.get_by_text(quiz_de["intro"])).to_be_visible()
    page.get_by_role("button", name="Test beginnen").click()
    is_german(page)
    for question in quiz["questions"]:
        context = f"questions.{question['id']}"
        expect(page.get_by_text(quiz_de[f"{context}.prompt"])).to_be_visible()
        for answer in question["answers"]:
            if answer["correct"]:
                page.get_by_label(quiz_de[f"{context}.answers.{answer['id']}.text"], exact=True).check()
    shot(page, screenshots, "quiz-form")
    page.get_by_role("button", name="Antworten abgeben").click()

    expect(page.get_by_role("heading", name=re.compile(r"^Ergebnis: 100([,.]0)?\s?%$"))).to_be_visible()
    expect(page.get_by_text("Bestanden.")).to_be_visible()
    is_german(page)
    first = quiz["questions"][0]
    right = next(answer for answer in first["answers"] if answer["correct"])
    expect(page.get_by_text(quiz_de[f"questions.{first['id']}.answers.{right['id']}.feedback"])).to_be_visible()
    shot(page, screenshots, "quiz-result")

    page.goto(site + "/de/my-learning/")
    expect(page.get_by_role("heading", name="Mein Lernbereich")).to_be_visible()
    kit = page.locator("section.kit-progress").filter(has=page.get_by_role("heading", name=re.compile("^ITG T1 · ")))
    expect(kit.locator(".progress-label")).to_contain_text(
        re.compile(rf"\b{len(lessons)} von \d+ Lektionen erledigt, 1 von \d+ Tests bestanden"))
    row = kit.get_by_role("row", name=re.compile("SH-1 Das Projekt S3-4AlpClusters im Interreg-Alpenraumprogramm"))
    expect(row).to_contain_text(f"{len(lessons)} / {len(lessons)}")
    expect(row).to_contain_text("bestanden")
    is_german(page)
    shot(page, screenshots, "my-learning")


def test_sh1_is_german_in_the_second_kit_too(page, german_site_url):
    page.goto(german_site_url + "/de/itg-t2/sh-1/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Das Projekt S3-4AlpClusters im Interreg-Alpenraumprogramm")
    is_german(page)
    slug, title = sh1_lessons()[-1]
    page.get_by_role("link", name=title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/de/itg-t2/sh-1/{slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
