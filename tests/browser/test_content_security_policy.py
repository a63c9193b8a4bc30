"""The strict Content-Security-Policy holds in a real browser: learners' pages and the Wagtail admin
(editor, choosers, our own admin views) work without a single blocked script, style or image."""

import pytest
from playwright.sync_api import expect
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

SITE_PAGES = ["/", "/itg-t1/", "/itg-t1/sh-1/", "/itg-t1/sh-1/project-at-a-glance/", "/itg-t1/sh-1/quiz/", "/my-learning/", "/packs/", "/itg-t2/"]
ADMIN_PAGES = ["/admin/", "/admin/pages/", "/admin/images/", "/admin/images/multiple/add/", "/admin/kit-releases/", "/admin/kit-packs/import/",
               "/admin/h5p-libraries/", "/admin/results/", "/admin/results/analytics/", "/admin/module-library/"]


def blocked(page):
    """Every CSP violation the page reports (the browser logs them to the console)."""
    messages = []
    page.on("console", lambda message: messages.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None)
    return messages


def test_learner_pages_run_under_the_site_policy(page, site_url):
    violations = blocked(page)
    sign_in(page, site_url, "learner@example.org")
    for path in SITE_PAGES:
        response = page.goto(site_url + path)
        assert response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    assert violations == []


def test_the_admin_and_its_page_editor_run_under_the_admin_policy(page, site_url):
    violations = blocked(page)
    sign_in(page, site_url, "maintainer@example.org")
    for path in ADMIN_PAGES:
        assert page.goto(site_url + path).ok, path
        page.wait_for_load_state("networkidle")
    page.goto(site_url + "/admin/pages/search/?q=glance")
    page.get_by_role("link", name="The project at a glance").first.click()
    expect(page.get_by_role("button", name="Save draft")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert violations == []
