"""A background job's screens keep themselves up to date without reloading the page: a reload every two
seconds took keyboard focus and the reading position back to the top and restarted screen readers
(WCAG 2.2.2). The outcome appears in place, the list waits while the reader's focus is in it, the
site's own Content-Security-Policy lets the script run, and both screens pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.sign_in import sign_in_to_admin
from tests.sites import copy_site, manage, running_server, site_env

pytestmark = pytest.mark.browser

QUEUE = ('from modules.jobs.models import Job; print(Job.objects.create(kind=Job.RELEASE, status=Job.QUEUED, language="en", '
         'title="ITG T2 9.9.{n}", steps=2, step=0).pk)')
FINISH = 'from modules.jobs.models import Job; Job.objects.filter(pk="{pk}").update(status=Job.SUCCEEDED, step=2, message="Release 9.9.{n} is cut.")'


def shell(env, code):
    done = manage("shell", "--no-imports", "-c", code, **env)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


@pytest.fixture(scope="module")
def jobs_site(prepared_site, tmp_path_factory):
    folder = copy_site(prepared_site, tmp_path_factory.mktemp("jobs-site"))
    env = site_env(folder)
    with running_server(env) as url:
        yield url, env


@pytest.fixture
def maintainer_page(browser, jobs_site):
    url, _env = jobs_site
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    sign_in_to_admin(page, url, "maintainer")
    yield page
    context.close()
    assert refused == []


def test_the_job_page_shows_the_outcome_in_place(maintainer_page, jobs_site):
    url, env = jobs_site
    pk = shell(env, QUEUE.format(n=1))
    page = maintainer_page
    page.goto(f"{url}/admin/jobs/{pk}/")
    expect(page.get_by_text("Waiting for a worker to start it.")).to_be_visible()
    region = page.locator("[data-refresh-region]")
    expect(region).to_have_attribute("aria-live", "polite")
    page.evaluate("window.notReloaded = true")
    shell(env, FINISH.format(pk=pk, n=1))
    expect(page.get_by_text("Release 9.9.1 is cut.")).to_be_visible(timeout=15_000)
    assert page.evaluate("window.notReloaded === true")  # the same page, updated in place
    expect(region).not_to_have_attribute("data-refresh-seconds", re.compile(".*"))  # done: it stops asking


def test_the_list_waits_while_the_readers_focus_is_in_it(maintainer_page, jobs_site):
    url, env = jobs_site
    pk = shell(env, QUEUE.format(n=2))
    page = maintainer_page
    page.goto(f"{url}/admin/jobs/")
    row = page.get_by_role("row", name=re.compile("ITG T2 9.9.2"))
    expect(row).to_contain_text("Waiting")
    page.evaluate("window.notReloaded = true")
    link = row.get_by_role("link")
    link.focus()
    shell(env, FINISH.format(pk=pk, n=2))
    page.wait_for_timeout(5_000)  # two rounds of the two-second update: the row is left as the reader found it
    expect(row).to_contain_text("Waiting")
    assert page.evaluate("document.activeElement.textContent").endswith("ITG T2 9.9.2")
    page.evaluate("document.activeElement.blur()")
    expect(page.get_by_role("row", name=re.compile("ITG T2 9.9.2"))).to_contain_text("Done", timeout=15_000)
    assert page.evaluate("window.notReloaded === true")


def test_both_job_screens_pass_axe(browser, jobs_site):
    url, env = jobs_site
    pk = shell(env, QUEUE.format(n=3))
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)  # axe is injected inline
    page = context.new_page()
    try:
        sign_in_to_admin(page, url, "maintainer")
        for path in ("/admin/jobs/", f"/admin/jobs/{pk}/"):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            assert axe_violations(page) == [], path
    finally:
        context.close()
