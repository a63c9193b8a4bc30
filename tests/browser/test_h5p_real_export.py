"""A real H5P editor export, end to end through the admin: a trainer uploads it (its libraries are new,
so it waits), a maintainer approves the libraries, the trainer places it in a lesson and submits the
page for review, the maintainer approves and publishes, and a learner plays it: a wrong answer scores
0 and leaves the lesson open, the right one after "Retry" scores 1 of 1 (re-scored by the server from
the package's own content.json) and completes the lesson.

The export is the True/False question in h5p-standalone 2.1.3's test workspace (an npm
devDependency, "h5p-real-export"; never committed): H5P.TrueFalse 1.6 with H5P.Question, JoubelUI,
FontAwesome (fonts included), Drop, Tether and two editor libraries, as the H5P editor wrote them."""

import json
import os
import re
import subprocess
import sys
import zipfile

import pytest
from playwright.sync_api import expect

from tests.sites import ROOT, copy_site, running_server, site_env
from tests.browser.sign_in import sign_in

pytestmark = pytest.mark.browser

EXPORT = ROOT / "node_modules" / "h5p-real-export" / "test" / "full_workspace"
LESSON = "The project at a glance"


@pytest.fixture
def real_export(tmp_path):
    if not (EXPORT / "h5p.json").exists():
        message = "The real H5P export is missing: ./dev.sh test installs it (npm devDependency h5p-real-export)."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    package = tmp_path / "true-false.h5p"
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(EXPORT.rglob("*")):
            # H5P_CONTENT_HERE.txt is h5p-standalone's note to its users, not part of the export.
            if path.is_file() and path.name != "H5P_CONTENT_HERE.txt":
                archive.write(path, path.relative_to(EXPORT).as_posix())
    return package


def signed_in(page, site_url, email):
    sign_in(page, site_url, email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def open_lesson_editor(page, site_url):
    page.goto(site_url + "/admin/pages/search/?q=glance")
    page.get_by_role("link", name=LESSON).first.click()
    expect(page.locator("footer").get_by_role("button", name="More actions")).to_be_visible()


def footer_action(page, name):
    """The editor's main button, or one in its "More actions" menu (for trainers, submitting is the main one)."""
    footer = page.locator("footer")
    button = footer.get_by_role("button", name=name, exact=True)
    if not button.is_visible():
        footer.get_by_role("button", name="More actions").click()
    button.click()


def test_real_export_uploaded_approved_placed_and_scored(browser, prepared_site, tmp_path, real_export, screenshots):
    folder = copy_site(prepared_site, tmp_path / "site")
    with running_server(site_env(folder)) as site_url:
        trainer = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        maintainer = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        learner = browser.new_context(viewport={"width": 1280, "height": 1100}).new_page()
        signed_in(trainer, site_url, "trainer@example.org")
        signed_in(maintainer, site_url, "maintainer@example.org")
        signed_in(learner, site_url, "learner@example.org")

        trainer.goto(site_url + "/admin/snippets/modules/h5pactivity/add/")
        trainer.set_input_files("input[name=package]", str(real_export))
        trainer.get_by_role("button", name="Save").first.click()
        row = trainer.get_by_role("row", name=re.compile("Hello World"))
        expect(row).to_contain_text("H5P.TrueFalse 1.6")
        expect(row).to_contain_text("Waiting for a maintainer to approve new libraries")

        maintainer.goto(site_url + "/admin/h5p-libraries/")
        expect(maintainer.get_by_role("row", name=re.compile("H5P.TrueFalse 1.6.1"))).to_be_visible()
        maintainer.get_by_role("button", name=re.compile(r"Approve its \d+ content types")).click()
        expect(maintainer.locator(".messages")).to_contain_text("“Hello World” approved. 1 activity can now be played")
        maintainer.goto(site_url + "/admin/snippets/modules/h5pactivity/")
        expect(maintainer.get_by_role("row", name=re.compile("Hello World"))).to_contain_text("Ready")

        open_lesson_editor(trainer, site_url)
        trainer.locator("[data-contentpath='body']").get_by_role("button", name="Insert a block").last.click()  # the lesson body, not its new questions
        trainer.get_by_role("option", name=re.compile("H5P activity")).click()
        trainer.get_by_role("button", name=re.compile("Choose H5P activity")).last.click()
        trainer.get_by_role("link", name="Hello World").click()
        footer_action(trainer, "Submit to Kit review")
        expect(trainer.locator(".messages")).to_contain_text("submitted for moderation")

        open_lesson_editor(maintainer, site_url)
        footer_action(maintainer, "Approve and Publish")
        expect(maintainer.locator(".messages")).to_contain_text("has been updated")

        posts = []
        learner.on("request", lambda request: posts.append(json.loads(request.post_data)) if "/xapi" in request.url and request.method == "POST" else None)
        learner.goto(site_url + "/itg-t1/sh-1/project-at-a-glance/")
        player = learner.frame_locator("iframe[data-h5p-player]")
        learner.locator("iframe[data-h5p-player]").scroll_into_view_if_needed()
        player.get_by_role("radio", name="True").click()
        player.get_by_role("button", name="Check").click()
        expect(player.get_by_text("You got 0 of 1 points", exact=True)).to_be_visible()
        expect(learner.get_by_text("You have completed this lesson.")).to_have_count(0)

        # H5P fades its buttons in and ignores clicks until the transition ends: retry until it resets.
        feedback = player.get_by_text("You got 0 of 1 points", exact=True)
        for _ in range(10):
            player.get_by_role("button", name="Retry").click()
            try:
                expect(feedback).to_be_hidden(timeout=1000)
                break
            except AssertionError:
                continue
        expect(feedback).to_be_hidden()
        player.get_by_role("radio", name="False").click()
        player.get_by_role("button", name="Check").click()
        expect(player.get_by_text("You got 1 of 1 points", exact=True)).to_be_visible()
        learner.locator("iframe[data-h5p-player]").screenshot(path=screenshots / "h5p-real-export.png")
        learner.reload()
        expect(learner.get_by_text("You have completed this lesson.")).to_be_visible()

        responses = [post["statement"]["result"]["response"] for post in posts]
        assert responses == ["true", "false"]
        code = ("from modules.models import H5PResult; "
                "print([(r.user.email, str(r.raw), str(r.max_score), r.scored_by) for r in H5PResult.objects.filter(activity__title='Hello World').order_by('id')])")
        stored = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=site_env(folder), capture_output=True, text=True, timeout=120)
        assert stored.stdout.strip().splitlines()[-1] == (
            "[('learner@example.org', '0.000', '1.000', 'server'), ('learner@example.org', '1.000', '1.000', 'server')]"
        ), stored.stderr
