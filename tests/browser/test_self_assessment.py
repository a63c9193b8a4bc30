"""The StressTest self-assessment in a real browser: it reflows on a phone (no horizontal scroll at
320 and 390 pixels), works with the keyboard alone, passes axe-core (WCAG 2.1 A and AA rules) before
and after the result, and a signed-in learner saves and finds the result."""

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

PATH = "/itg-t1/t1-4/stresstest-self-assessment/"


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def rate_with_keyboard(page):
    """Every statement: Tab into its radio group, Space picks 1, arrow keys move up the scale."""
    groups = page.locator("fieldset.sa-statement")
    groups.first.locator("input[type=radio]").first.focus()
    count = groups.count()
    for index in range(count):
        page.keyboard.press("Space")
        for _ in range(index % 5):
            page.keyboard.press("ArrowRight")
        if index + 1 < count:
            page.keyboard.press("Tab")
    return count


@pytest.mark.parametrize("width", [320, 390])
def test_reflows_on_a_phone_works_with_the_keyboard_and_passes_axe(browser, site_url, width):
    context = browser.new_context(viewport={"width": width, "height": 844}, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    try:
        page.goto(site_url + PATH)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Self-assessment")
        assert scroll_width(page) <= width
        assert axe_violations(page) == []

        page.get_by_role("button", name="Show my profile").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("alert")).to_contain_text("Please rate every statement")
        assert page.locator("fieldset.has-error").count() == page.locator("fieldset.sa-statement").count()

        count = rate_with_keyboard(page)
        assert page.locator("input[type=radio]:checked").count() == count
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        page.get_by_role("button", name="Show my profile").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
        expect(page.get_by_role("img", name="Your profile: mean rating per area")).to_be_visible()
        rows = page.locator("table.sa-table tbody tr")
        expect(rows).to_have_count(6)
        expect(page.locator(".sa-result")).to_contain_text("Strongest:")
        assert scroll_width(page) <= width
        assert axe_violations(page) == []
        with page.expect_download() as download:
            page.get_by_role("button", name="Download as CSV").click()
        assert download.value.suggested_filename.endswith(".csv")
    finally:
        context.close()


def test_signed_in_learner_saves_and_finds_the_result(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    try:
        sign_in(page, site_url, "learner@example.org", next_path=PATH)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Self-assessment")
        rate_with_keyboard(page)
        expect(page.get_by_label("Save this result to my account")).to_be_checked()
        page.get_by_role("button", name="Show my profile").click()
        expect(page.get_by_text("Your result is saved.")).to_be_visible()
        expect(page.get_by_role("link", name="Download as PDF")).to_be_visible()
        assert scroll_width(page) <= 390
        assert axe_violations(page) == []
        page.get_by_role("link", name="Repeat the self-assessment").click()
        expect(page.get_by_role("heading", name="Your saved results")).to_be_visible()
    finally:
        context.close()
