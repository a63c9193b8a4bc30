"""Issue 15 (learner trust), walked in a real browser on a desktop (1280 × 900) and a phone (390 × 844),
every page screenshotted into test-results/ and checked with axe:

1. Earned results stay earned: a learner completes ITG T2, a trainer then publishes a new lesson in the
   shared module SH-2; the certificate still opens and downloads, the kit still shows complete with the
   lesson "New since you completed", the public verification page still says valid.
5. Privacy and data rights: the footer's privacy notice, imprint and accessibility statement; the sign-up
   consent step; the learner downloads their data (JSON and CSV) and deletes their account; the deleted
   holder's certificate then verifies as "The holder deleted this record."
6. Certificates: the certificate page, the verification form with a wrong code and a right one, the PDF
   and the Open Badges credential downloads.

The desktop walks in English, the phone in German (the interface catalogues; texts looked up, never typed).
The site runs with the shared database cache, as production does, so a page published from another
process (the trainer's) is seen at once."""

import io
import json
import re
import subprocess
import sys
import zipfile

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.sites import ROOT, copy_site, running_server, site_env

from .journey import ENGLISH, GERMAN, complete, interface, is_in, sign_up
from .kit_sources import quiz_answers

pytestmark = pytest.mark.browser

SIZES = {"desktop": ({"width": 1280, "height": 900}, ENGLISH), "phone": ({"width": 390, "height": 844}, GERMAN)}
NEW_LESSON = "Cluster services after the project"

PUBLISH = f"""
from modules.models import ModulePage
from tests.modules.helpers import publish_lesson
module = ModulePage.objects.get(code="SH-2", locale__language_code="en")
publish_lesson(module, "cluster-services-after-the-project", "{NEW_LESSON}")
"""


@pytest.fixture
def trust_site(prepared_site, tmp_path):
    """(url, env) of a site of its own (the trainer's new lesson must be new to this walk alone), on the
    database cache (shared with `manage.py shell`, as production's is)."""
    folder = copy_site(prepared_site, tmp_path / "trust-site")
    env = site_env(folder, ELEARN_CACHE="db")
    subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True, timeout=120, capture_output=True)
    with running_server(env) as url:
        yield url, env


def shell(env, code):
    done = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def open_page(browser, size):
    viewport, form = SIZES[size]
    locale = "de-DE" if form.language == "de" else "en-GB"
    # bypass_csp lets the test inject axe-core; the site's own policy is tested in test_content_security_policy.py.
    context = browser.new_context(viewport=viewport, locale=locale, bypass_csp=True, accept_downloads=True)
    return context, context.new_page(), form


def check(page, screenshots, size, name):
    """No sideways scroll, no axe violation, a full-page screenshot to look at."""
    width = page.viewport_size["width"]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {width}px"
    page.screenshot(path=screenshots / f"trust-{name}-{size}.png", full_page=True)
    assert axe_violations(page) == [], page.url


def prefix(form):
    return "" if form.language == "en" else f"/{form.language}"


def download(page, link):
    with page.expect_download() as info:
        link.click()
    got = info.value
    return got.suggested_filename, open(got.path(), "rb").read()


@pytest.mark.parametrize("size", sorted(SIZES))
def test_earned_results_stay_earned_and_certificates_verify(browser, trust_site, screenshots, size):
    url, env = trust_site
    context, page, form = open_page(browser, size)
    t, here = interface(form.language), prefix(form)
    try:
        # Point 5: the sign-up asks for consent to the privacy notice, which it links.
        page.goto(f"{url}{here}/accounts/signup/")
        consent = page.locator(".field-checkbox")
        expect(consent.locator("label a")).to_have_attribute("href", f"{here}/privacy/")
        box, label = consent.locator("input[type=checkbox]").bounding_box(), consent.locator("label").bounding_box()
        assert box["x"] < label["x"] and box["y"] < label["y"] + label["height"] / 2, "the consent box sits before its label"
        check(page, screenshots, size, "signup")
        sign_up(page, url, f"trust.{size}@example.org", form)

        # The whole of ITG T2 (SH-1, SH-2 shared with ITG T1, T2-3 … T2-6) done the way its forms post.
        complete(page, url, quiz_answers("itg-t2"))

        # Point 6: the certificate page and its downloads.
        page.goto(f"{url}{here}/itg-t2/certificate/")
        expect(page.get_by_role("heading", level=1)).to_have_text(t["Certificate of completion"])
        is_in(page, form.language)
        code = page.locator(".cert-verify strong").inner_text()
        assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
        check(page, screenshots, size, "certificate")
        name, pdf = download(page, page.get_by_role("link", name=t["Download as PDF"]))
        assert name == "certificate-itg-t2.pdf" and pdf.startswith(b"%PDF")
        name, badge = download(page, page.get_by_role("link", name=t["Download the Open Badge"]))
        assert name == f"open-badge-{code}.jwt" and badge.count(b".") == 2

        # The verification form: a wrong code, then the right one, then the Open Badge checked.
        page.goto(f"{url}{here}/certificates/")
        lookup = page.locator("form").filter(has=page.locator("input[name=code]"))
        lookup.locator("input[name=code]").fill("AAAA-BBBB-CCCC")
        lookup.locator("button[type=submit]").click()
        expect(page.get_by_role("alert")).to_contain_text(t["No certificate with this code."])
        is_in(page, form.language)
        check(page, screenshots, size, "verify-wrong-code")
        lookup = page.locator("form").filter(has=page.locator("input[name=code]"))
        lookup.locator("input[name=code]").fill(code.lower().replace("-", " "))
        lookup.locator("button[type=submit]").click()
        expect(page).to_have_url(f"{url}{here}/certificates/{code}/")
        expect(page.locator(".result-passed")).to_contain_text(t["This certificate is valid."])
        check(page, screenshots, size, "verify-valid")
        page.goto(f"{url}{here}/certificates/")
        page.locator("textarea[name=credential], input[name=credential]").first.fill(badge.decode())
        page.get_by_role("button", name=t["Check the Open Badge"]).click()
        expect(page.get_by_role("status")).to_contain_text(t["This Open Badge is valid."])
        check(page, screenshots, size, "verify-badge")

        # Point 1: a trainer publishes a new lesson in SH-2, shared by ITG T1 and T2.
        shell(env, PUBLISH)
        page.goto(f"{url}{here}/itg-t2/")
        sh2 = page.locator(".module-card").filter(has_text="SH-2")
        expect(sh2).to_contain_text(t["complete"])
        expect(page.locator("main a[href$='/itg-t2/certificate/']").first).to_be_visible()
        check(page, screenshots, size, "kit-after-new-lesson")
        page.goto(f"{url}{here}/itg-t2/sh-2/")
        new = page.locator("li").filter(has=page.get_by_role("link", name=NEW_LESSON, exact=True))
        expect(new.locator(".tag-new")).to_have_text(t["New since you completed"])
        check(page, screenshots, size, "module-after-new-lesson")
        page.goto(f"{url}{here}/my-learning/")
        row = page.locator("section.kit-progress").filter(has=page.get_by_role("heading", name=re.compile("^ITG T2 · ")))
        expect(row.locator(".tag-new").first).to_have_text(t["New since you completed"])
        check(page, screenshots, size, "my-learning-after-new-lesson")
        page.goto(f"{url}{here}/itg-t2/certificate/")
        expect(page.locator(".cert-verify strong")).to_have_text(code)
        name, pdf = download(page, page.get_by_role("link", name=t["Download as PDF"]))
        assert pdf.startswith(b"%PDF")
        page.goto(f"{url}{here}/certificates/{code}/")
        expect(page.locator(".result-passed")).to_contain_text(t["This certificate is valid."])

        # Point 5: the footer's legal pages, reached by their links.
        for title in ("Privacy notice", "Imprint and contact", "Accessibility statement"):
            page.get_by_role("contentinfo").get_by_role("link", name=t[title]).click()
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            is_in(page, form.language)
            if form.language != "en":  # the unset operator was named in English on every language's notice
                expect(page.locator("main")).not_to_contain_text("not configured")
            check(page, screenshots, size, re.sub(r"\W+", "-", title.lower()))

        # The learner's data, downloaded as JSON and as CSV, then the account deleted.
        page.goto(f"{url}{here}/accounts/my-data/")
        expect(page.get_by_role("heading", level=1)).to_have_text(t["Your data"])
        expect(page.locator(".progress-table td").first).to_have_attribute("data-label", t["Number"])  # labelled when stacked on a phone
        check(page, screenshots, size, "my-data")
        name, data = download(page, page.get_by_role("link", name=t["Download as JSON"]))
        exported = json.loads(data)
        assert name.endswith(".json") and [c["code"] for c in exported["data"]["certificates"]] == [code]
        name, data = download(page, page.get_by_role("link", name=t["Download as CSV (zip)"]))
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            assert name.endswith("-csv.zip") and "certificates.csv" in archive.namelist()
            assert code in archive.read("certificates.csv").decode()
        zone = page.locator(".danger-zone")
        zone.get_by_label(re.compile(re.escape(t["Your password"]))).fill(form.learner["password"])
        zone.get_by_role("button", name=t["Delete my account"]).click()
        expect(page.locator(".error-summary, .errorlist, .error").first).to_be_visible()  # not confirmed: nothing deleted
        check(page, screenshots, size, "delete-refused")
        zone = page.locator(".danger-zone")
        zone.get_by_label(re.compile(re.escape(t["Your password"]))).fill(form.learner["password"])
        zone.locator("input[type=checkbox]").check()
        zone.get_by_role("button", name=t["Delete my account"]).click()
        expect(page.get_by_text(t["Your account has been deleted. Your name and e-mail address are erased."])).to_be_visible()
        is_in(page, form.language)
        check(page, screenshots, size, "deleted")

        # The deleted holder's certificate verifies as deleted, without the name.
        page.goto(f"{url}{here}/certificates/{code}/")
        expect(page.locator(".panel")).to_contain_text(t["The holder deleted this record."])
        expect(page.locator("main")).not_to_contain_text(form.learner["last_name"])
        check(page, screenshots, size, "verify-deleted")
    finally:
        context.close()
