"""Long German and Slovenian titles on the narrowest phones (320 and 390 px): no sideways scroll,
titles hyphenated by the language named in a `lang` attribute; and the log-in and sign-up forms in
every language: one wording ("Log in"), every error at the top and next to its own field, axe clean."""

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.sites import translated_site_server

pytestmark = pytest.mark.browser
WIDTHS = [320, 390]
LONG_TITLE_PAGES = ["/itg-t1/", "/itg-t1/t1-4/", "/itg-t1/sh-1/project-at-a-glance/", "/itg-t2/t2-5/"]
LOG_IN = {"en": "Log in", "de": "Anmelden", "fr": "Se connecter", "it": "Accedere", "sl": "Prijava"}
NOT_LOG_IN = {"en": r"sign[ -]?in", "de": r"einlogg|login", "fr": r"s'identifier|ouvrir une session", "it": r"\blogin\b|entra\b", "sl": r"vpis|vpiši"}


@pytest.fixture(scope="module")
def translated_site_url(prepared_site, tmp_path_factory):
    """A site with the kits' translations loaded, as a fresh install loads them."""
    with translated_site_server(prepared_site, tmp_path_factory.mktemp("long-titles-site")) as url:
        yield url


def phone(browser, width):
    # bypass_csp lets the test inject axe-core; the site's own policy is tested in test_content_security_policy.py.
    return browser.new_context(viewport={"width": width, "height": 800}, bypass_csp=True).new_page()


@pytest.mark.parametrize("language", ["de", "sl"])
@pytest.mark.parametrize("width", WIDTHS)
def test_long_titles_reflow_and_are_hyphenated_in_their_language(browser, translated_site_url, language, width):
    page = phone(browser, width)
    for path in LONG_TITLE_PAGES:
        page.goto(f"{translated_site_url}/{language}{path}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{path} is wider than {width} px"
        titles = page.locator("main h1, main h2, main h3, main .module-card, main .card")
        for index in range(titles.count()):
            title = titles.nth(index)
            style = title.evaluate("e => [getComputedStyle(e).hyphens, e.closest('[lang]').lang, e.scrollWidth <= e.clientWidth + 1]")
            assert style[0] == "auto" and style[1] == language and style[2], (path, title.inner_text()[:60], style)
        assert axe_violations(page) == [], path
    page.context.close()


@contextmanager
def account_form(browser, site_url, language, form):
    """The page of the account `form` (signup, login) in `language` on a 390 px phone; axe clean once the
    test is done with it."""
    page = phone(browser, 390)
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{site_url}{prefix}/accounts/{form}/")
    yield page
    assert axe_violations(page) == []
    page.context.close()


@pytest.mark.parametrize("language", sorted(LOG_IN))
def test_signup_errors_are_at_the_top_and_at_each_field(browser, site_url, language):
    with account_form(browser, site_url, language, "signup") as page:
        page.locator("#id_email").fill("not an address")
        page.locator("#id_password1").fill("short")
        page.locator("#id_password2").fill("different")
        page.locator("form.form button[type=submit]").click()
        summary = page.locator(".error-summary[role=alert]")
        expect(summary).to_be_visible()
        assert summary.bounding_box()["y"] < page.locator("form.form .field").first.bounding_box()["y"]
        links = summary.locator("a[href^='#']")
        assert links.count() >= 3
        for index in range(links.count()):
            field_id = links.nth(index).get_attribute("href")[1:]
            field = page.locator(f"#{field_id}")
            assert field.get_attribute("aria-invalid") == "true"
            # The field's own error sits in its block and is announced with it.
            described = field.get_attribute("aria-describedby") or ""
            assert any(page.locator(f"#{ref}.error").count() for ref in described.split()), field_id
        links.first.click()
        first = links.first.get_attribute("href")[1:]
        assert page.evaluate("document.activeElement.id") == first
        text = page.locator("body").inner_text()
        assert LOG_IN[language] in text and not re.search(NOT_LOG_IN[language], text, re.I)


@pytest.mark.parametrize("language", sorted(LOG_IN))
def test_a_login_error_is_listed_at_the_top_of_the_login_form(browser, site_url, language):
    # A missing password, not a wrong one: five wrong passwords from one address would (rightly) pause logging in.
    with account_form(browser, site_url, language, "login") as page:
        expect(page.get_by_role("heading", level=1)).to_have_text(LOG_IN[language])
        expect(page.locator("form.form button[type=submit]")).to_have_text(LOG_IN[language])
        page.locator("#id_login").fill(f"nobody-{language}@example.org")
        page.locator("form.form button[type=submit]").click()
        expect(page.locator(".error-summary[role=alert] a[href='#id_password']")).to_have_count(1)
        expect(page.locator("#id_password")).to_have_attribute("aria-invalid", "true")
        text = page.locator("body").inner_text()
        assert not re.search(NOT_LOG_IN[language], text, re.I)
