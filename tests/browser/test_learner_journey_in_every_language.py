"""A learner whose browser speaks German, French, Italian or Slovenian signs up, takes a whole kit in that
language (every module: its lessons read and marked as done, its quiz answered and graded by the server),
sees the result, My learning and the certificate in that language, in a real browser: ITG T1 on a
desktop, ITG T2 (with SH-1 and SH-2, shared with ITG T1) on a phone.

The site is one copy of the prepared site with the kits' translations loaded as a fresh install loads them
(load_kits with ELEARN_KIT_TRANSLATIONS on), shared by every language here. The texts expected are read
from the kits' PO files and the interface catalogues (kit_sources.py, journey.interface), never typed."""

import re

import pytest
from playwright.sync_api import expect

from tests.sites import translated_site_server

from .journey import TRANSLATED, interface, is_in, sign_up
from .kit_sources import kit, translated

pytestmark = pytest.mark.browser

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
RUNS = [("itg-t1", "desktop"), ("itg-t2", "phone")]


@pytest.fixture(scope="module")
def translated_site_url(prepared_site, tmp_path_factory):
    """One site with every kit translation loaded (one load_kits for all four languages)."""
    with translated_site_server(prepared_site, tmp_path_factory.mktemp("translated-site")) as url:
        yield url


def open_page(browser, language, size):
    context = browser.new_context(locale=f"{language}-{language.upper() if language != 'sl' else 'SI'}", viewport=SIZES[size])
    page = context.new_page()
    page.size_name = size
    return context, page


def fits(page, name):
    # Long words must not push the page sideways on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[page.size_name]["width"], f"{name} is wider than the screen"


def shot(page, screenshots, language, name):
    fits(page, name)
    page.screenshot(path=screenshots / f"{language}-{name}-{page.size_name}.png", full_page=True)


def score_heading(t):
    """The result heading for 100 %, in the language's own spacing (German "100 %", French "100 %")."""
    text = t["Score: %(p)s%%"].replace("%%", "%")
    parts = [r"100([,.]0)?" if part == "%(p)s" else r"\s?" if part.isspace() else re.escape(part)
             for part in re.split(r"(%\(p\)s|\s)", text) if part]
    return re.compile("^" + "".join(parts) + "$")


def take_quiz(page, site, language, kit_slug, module, t, screenshots, first):
    quiz, texts = module.quiz, translated(language, module.quiz["id"])
    page.goto(f"{site}/{language}/{kit_slug}/{module.slug}/{quiz['slug']}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(texts["title"])
    expect(page.get_by_text(texts["intro"])).to_be_visible()
    page.get_by_role("button", name=t["Start the quiz"]).click()
    is_in(page, language)
    for question in quiz["questions"]:
        context = f"questions.{question['id']}"
        fieldset = page.locator("fieldset.question").filter(has_text=texts[f"{context}.prompt"])
        expect(fieldset).to_have_count(1)
        for answer in question["answers"]:
            if answer["correct"]:
                fieldset.get_by_label(texts[f"{context}.answers.{answer['id']}.text"], exact=True).check()
    if first:
        shot(page, screenshots, language, "quiz-form")
    else:
        fits(page, f"{module.code} quiz")
    page.get_by_role("button", name=t["Submit answers"]).click()

    # Graded by the server: every answer right, passed, and the feedback in the language.
    expect(page.get_by_role("heading", name=score_heading(t))).to_be_visible()
    expect(page.get_by_text(t["Passed."], exact=True)).to_be_visible()
    is_in(page, language)
    question = quiz["questions"][0]
    right = next(answer for answer in question["answers"] if answer["correct"])
    expect(page.get_by_text(texts[f"questions.{question['id']}.answers.{right['id']}.feedback"])).to_be_visible()
    if first:
        shot(page, screenshots, language, "quiz-result")


def take_module(page, site, language, kit_slug, module, t, screenshots, first):
    lessons = [(lesson["slug"], translated(language, lesson["id"])["title"]) for lesson in module.lessons]
    expect(page).to_have_url(re.compile(rf"/{language}/{kit_slug}/{module.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(translated(language, module.id)["title"])
    is_in(page, language)
    items = [title for _slug, title in lessons] + ([translated(language, module.quiz["id"])["title"]] if module.quiz else [])
    for title in items:
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    if first:
        shot(page, screenshots, language, "module")

    # Every lesson read in the language and marked as done; the last one leads on.
    page.get_by_role("link", name=re.compile(re.escape(t["Start the module"]))).click()
    for number, (slug, title) in enumerate(lessons, start=1):
        expect(page).to_have_url(re.compile(rf"/{language}/{kit_slug}/{module.slug}/{slug}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        is_in(page, language)
        expect(page.locator(".fallback-note")).to_have_count(0)
        if first and number == 1:
            shot(page, screenshots, language, "lesson")
        else:
            fits(page, f"{module.code} lesson {number}")
        page.get_by_role("button", name=t["Mark as done and continue"]).click()
        expect(page.get_by_role("status")).to_contain_text(t["“%(title)s” is marked as done."] % {"title": title})
    if module.quiz:
        take_quiz(page, site, language, kit_slug, module, t, screenshots, first)


@pytest.mark.parametrize("language", list(TRANSLATED))
@pytest.mark.parametrize(("kit_slug", "size"), RUNS, ids=[f"{slug}-{size}" for slug, size in RUNS])
def test_learner_takes_a_whole_kit_in_their_language(browser, translated_site_url, screenshots, language, kit_slug, size):
    site, form, t = translated_site_url, TRANSLATED[language], interface(language)
    kit_id, code, modules = kit(kit_slug)
    context, page = open_page(browser, language, size)
    try:
        sign_up(page, site, f"{form.learner['first_name'].lower()}.{kit_slug}.{size}@example.org", form)

        # The kit and its first module, reached by their links, in the language.
        page.get_by_role("link", name=code, exact=True).first.click()
        expect(page).to_have_url(re.compile(rf"/{language}/{kit_slug}/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(translated(language, kit_id)["title"])
        is_in(page, language)
        first_title = translated(language, modules[0].id)["title"]
        page.get_by_role("link", name=re.compile(re.escape(first_title))).first.click()
        for number, module in enumerate(modules):
            if number:
                page.goto(f"{site}/{language}/{kit_slug}/{module.slug}/")
            take_module(page, site, language, kit_slug, module, t, screenshots, first=number == 0)

        # My learning: the whole kit done, module by module, in the language.
        page.goto(f"{site}/{language}/my-learning/")
        expect(page.get_by_role("heading", name=form.my_learning)).to_be_visible()
        lessons = sum(len(module.lessons) for module in modules)
        quizzes = sum(1 for module in modules if module.quiz)
        progress = page.locator("section.kit-progress").filter(has=page.get_by_role("heading", name=re.compile(f"^{code} · ")))
        expect(progress.locator(".progress-label")).to_contain_text(
            t["%(l)s of %(lt)s lessons done, %(q)s of %(qt)s quizzes passed"] % {"l": lessons, "lt": lessons, "q": quizzes, "qt": quizzes})
        for module in modules:
            row = progress.get_by_role("row", name=re.compile(re.escape(f"{module.code} {translated(language, module.id)['title']}")))
            expect(row).to_contain_text(f"{len(module.lessons)} / {len(module.lessons)}")
            expect(row).to_contain_text(t["passed"])
        is_in(page, language)
        shot(page, screenshots, language, f"my-learning-{kit_slug}")

        # The certificate, issued for the whole kit, in the language.
        progress.get_by_role("link", name=t["Your certificate"]).click()
        expect(page).to_have_url(re.compile(rf"/{language}/{kit_slug}/certificate/$"))
        expect(page.get_by_role("heading", level=1)).to_have_text(t["Certificate of completion"])
        expect(page.get_by_text(t["has completed every module and passed every quiz of the training kit"])).to_be_visible()
        expect(page.locator(".cert-name")).to_have_text(f"{form.learner['first_name']} {form.learner['last_name']}")
        expect(page.locator(".cert-kit")).to_have_text(f"{code} · {translated(language, kit_id)['title']}")
        is_in(page, language)
        shot(page, screenshots, language, f"certificate-{kit_slug}")
    finally:
        context.close()
