"""Progress, results and certificates on a phone: no horizontal scroll at 390 px (and 320 px for the
certificate, WCAG 1.4.10 reflow), progress bars that are actually visible, My learning's column
labels kept, and no axe violations (WCAG 2.1 A and AA) on any of these pages."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations

from .journey import complete
from .kit_sources import quiz_answers

pytestmark = pytest.mark.browser
PASSWORD = "Dolomites-3343-Marmolada"


@pytest.fixture
def phone(browser):
    # bypass_csp lets the test inject axe-core; the site's own policy is tested in test_content_security_policy.py.
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def sign_up(page, site_url, email):
    page.goto(site_url + "/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?\s*\*?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_label("First name").fill("Maja")
    page.get_by_label("Last name").fill("Kranjc")
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="My learning")).to_be_visible()


def check_layout(page, width):
    page.set_viewport_size({"width": width, "height": 844})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
    for box in page.locator("progress").evaluate_all("bars => bars.map(bar => bar.getBoundingClientRect().width)"):
        assert box >= 100, f"a progress bar on {page.url} is {box}px wide at {width}px"


def check_axe(page):
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def test_progress_result_and_certificate_pages_fit_a_phone(phone, site_url, screenshots):
    page = phone
    sign_up(page, site_url, "maja@example.si")
    items = quiz_answers("itg-t2")
    result_url = complete(page, site_url, items[:2])
    # A failed attempt on T2-3 (lessons done) gives a result page with next steps.
    failed_url = complete(page, site_url, [items[2]], fail_last_quiz=True)

    page.goto(site_url + "/itg-t2/")
    expect(page.locator(".module-card").first).to_contain_text("4 of 4 lessons done, quiz passed")
    check_layout(page, 390)
    check_axe(page)
    page.screenshot(path=screenshots / "kit-390.png", full_page=True)

    page.goto(site_url + "/my-learning/")
    check_layout(page, 390)
    label = page.locator(".progress-table td[data-label]").first.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Lessons done" in label
    check_axe(page)
    page.screenshot(path=screenshots / "my-learning-390.png", full_page=True)

    page.goto(site_url + failed_url)
    expect(page.get_by_role("button", name=re.compile(r"Try again \(2 attempts left\)"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Review: "))).to_have_count(len(items[2][0]))
    check_layout(page, 390)
    check_axe(page)
    page.screenshot(path=screenshots / "result-failed-390.png", full_page=True)

    page.goto(site_url + result_url)
    expect(page.get_by_text("Module complete")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Next module: T2-3"))).to_be_visible()

    # Finish the kit: the certificate page reflows at 390 and 320 px.
    complete(page, site_url, items[2:])
    page.goto(site_url + "/itg-t2/certificate/")
    expect(page.get_by_role("heading", name="Certificate of completion")).to_be_visible()
    for width in (390, 320):
        check_layout(page, width)
    check_axe(page)
    page.screenshot(path=screenshots / "certificate-320.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "/itg-t2/")
    check_layout(page, 1280)
    expect(page.get_by_role("link", name="Get your certificate")).to_be_visible()
