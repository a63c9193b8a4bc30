"""End to end: a maintainer uploads an .h5p in the admin, it is placed in a lesson, a learner plays
it in headless Chromium, the score is stored and the lesson completes."""

import json
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.sign_in import sign_in, sign_in_to_admin
from tests.sites import ROOT, copy_site, running_server, site_env
from tests.modules.h5p.builders import elearn_check

pytestmark = pytest.mark.browser

PLACE = """
import json
from modules.models import H5PActivity, LessonPage
activity = H5PActivity.objects.get()
lesson = LessonPage.objects.get(slug="project-at-a-glance")
raw = list(lesson.body.raw_data)
raw.insert(1, {"type": "h5p", "value": {"activity": activity.pk, "intro": "Try it before you read on."}})
lesson.body = json.dumps(raw)
lesson.save_revision().publish()
"""
REPORT = """
import json
from modules.models import H5PResult, ItemProgress, LessonPage
lesson = LessonPage.objects.get(slug="project-at-a-glance")
result = H5PResult.objects.get()
done = ItemProgress.objects.filter(item_key=lesson.translation_key, completed_at__isnull=False).exists()
print(json.dumps({"percent": str(result.percent), "scored_by": result.scored_by, "lesson_done": done}))
"""


def shell(env, code):
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_upload_place_play_score_and_complete(page, prepared_site, tmp_path, screenshots):
    folder = copy_site(prepared_site, tmp_path / "site")
    env = site_env(folder)
    package = tmp_path / "helix-check.h5p"
    package.write_bytes(elearn_check())
    with running_server(env) as url:
        sign_in_to_admin(page, url, "maintainer")
        page.goto(url + "/admin/snippets/modules/h5pactivity/add/")
        page.set_input_files("input[type=file]", str(package))
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Which helix does the quadruple helix add?").first).to_be_visible()
        page.context.clear_cookies()

        shell(env, PLACE)
        sign_in(page, url, "learner@example.org")
        page.goto(url + "/itg-t1/sh-1/project-at-a-glance/")
        expect(page.get_by_text("Complete the activity to finish this lesson.")).to_be_visible()
        frame = page.frame_locator("iframe[sandbox]")
        frame.get_by_label("Civil society").check()
        with page.expect_response(lambda r: "/xapi/" in r.url and r.request.method == "POST") as posted:
            frame.get_by_role("button", name="Check").click()
        assert posted.value.status == 200 and posted.value.json()["scored_by"] == "browser"
        page.screenshot(path=screenshots / "h5p-journey.png", full_page=False)

        expect(page.get_by_role("status").filter(has_text="You have completed this lesson.")).to_be_visible()
        report = json.loads(shell(env, REPORT))
        assert report == {"percent": "100.0", "scored_by": "browser", "lesson_done": True}
        page.reload()
        expect(page.get_by_text("You have completed this lesson.")).to_be_visible()
