"""A real site for browser tests: a server process on its own SQLite file, prepared exactly as the
README's set-up does (migrate, then setup_demo), driven by Playwright through Debian's Chromium."""


import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, require_chromium
from tests.sites import ROOT, copy_site, free_port, running_server, site_env  # noqa: F401 - browser tests import them from here

@pytest.fixture(scope="session")
def site_url(prepared_site, tmp_path_factory):
    folder = copy_site(prepared_site, tmp_path_factory.mktemp("site"))
    with running_server(site_env(folder)) as url:
        yield url


@pytest.fixture(scope="session")
def playwright_driver():
    """One Playwright driver for the browser tests: its sync API refuses to start a second one while
    one runs in the thread, so tests that need a Chromium of their own (other flags, a profile) launch
    it from this driver."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshots():
    folder = ROOT / "test-results"
    folder.mkdir(exist_ok=True)
    return folder
