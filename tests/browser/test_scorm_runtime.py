"""The exported SCOs under a real LMS-side SCORM 1.2 runtime: scorm-again (npm, devDependency) in Chromium.

A host page plays the LMS: it creates `window.API = new Scorm12API(...)`, loads what the LMS stored
after the previous session (as an LMS does: entry "resume" when the SCO exited with "suspend") and
frames the SCO unzipped from an exported package. Between launches the test keeps the runtime's
CMI data, which is all an LMS keeps."""

import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from modules.packs.scorm import write_scorm_package
from tests.chromium import CHROMIUM, CHROMIUM_ARGS, require_chromium
from tests.modules.packs.snapshots import snapshot_manifest

RUNTIME = Path(__file__).resolve().parents[2] / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
TIMESPAN = re.compile(r"^\d{2,4}:[0-5]\d:[0-5]\d\.\d{2}$")
SOURCE_URL = "https://sources.example.org/alpine-space-programme"

HOST = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>
window.API = new Scorm12API({logLevel: 5, autocommit: false, sendFullCommit: true});
window.API.loadFromJSON(%(stored)s);
window.sets = [];  // every value the SCO set, as the runtime accepted or refused it
window.API.on("LMSSetValue.cmi.*", function (element, value) { window.sets.push([element, String(value)]); });
window.API.on("LMSFinish", function () { window.finishedAt = Date.now(); });
</script></head><body><h1>LMS</h1>
<iframe id="sco" title="Module" src="sco/index.html" width="1000" height="700"></iframe></body></html>"""


@pytest.fixture
def chromium_page(sco):
    """One Chromium per test, started once the package is built (tests/modules/packs/test_scorm.py
    explains why: Django refuses database access while Playwright's sync API runs)."""
    require_chromium()
    if not RUNTIME.exists():
        pytest.fail("scorm-again is missing from node_modules: run npm ci (it is a devDependency).")
    from playwright.sync_api import sync_playwright

    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--allow-file-access-from-files"])
        context = browser.new_context(viewport={"width": 1100, "height": 800})
        context.route("https://sources.example.org/**", lambda route: route.fulfill(body="<h1>Source</h1>", content_type="text/html"))
        context.on("weberror", lambda error: errors.append(str(error.error)))
        yield context.new_page()
        browser.close()
    assert errors == [], "script errors in the SCO or the runtime"


@pytest.fixture
def sco(db, tmp_path):
    """SH-1 of ITG T1 (single, multiple and true/false questions), with a web link in its first lesson."""
    manifest = snapshot_manifest("itg-t1")
    module = next(m for m in manifest["modules"] if m["code"] == "SH-1")
    module["lessons"][0]["blocks"].insert(0, {"id": "88888888-8888-4888-8888-888888888888", "type": "text",
                                              "value": f'<p>Read the <a href="{SOURCE_URL}">programme source</a>.</p>'})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        write_scorm_package(manifest, module["id"], archive, None)
    zipfile.ZipFile(buffer).extractall(tmp_path / "sco")
    shutil.copy(RUNTIME, tmp_path / "scorm12.js")
    return module


def launch(page, tmp_path, stored=None):
    """Open the host LMS with `stored` CMI data (what the LMS kept); returns the SCO's frame locator."""
    (tmp_path / "lms.html").write_text(HOST % {"stored": json.dumps(stored or {})}, encoding="utf-8")
    page.goto((tmp_path / "lms.html").as_uri())
    frame = page.frame_locator("#sco")
    frame.locator("h1").wait_for()
    page.wait_for_function("window.API.isInitialized()")
    return frame


def leave(page):
    """The learner closes the SCO: the LMS player removes its frame."""
    page.locator("#sco").evaluate("frame => frame.remove()")
    page.wait_for_function("window.finishedAt !== undefined")


def stored_after(page):
    """What an LMS keeps of the session, and the entry it gives the next launch (SCORM 1.2 RTE 3.4.4)."""
    cmi = page.evaluate("window.API.renderCMIToJSONObject()")
    cmi = cmi.get("cmi", cmi)
    assert "core" in cmi, sorted(cmi)
    core = cmi["core"]
    kept = {"core": {"lesson_status": core["lesson_status"], "lesson_location": core["lesson_location"],
                     "score": {"raw": core["score"]["raw"]}, "entry": "resume" if core["exit"] == "suspend" else ""},
            "suspend_data": cmi["suspend_data"]}
    return cmi, kept


def answer(frame, quiz, mix):
    for question in quiz["questions"]:
        right = [a for a in question["answers"] if a["correct"]]
        wrong = [a for a in question["answers"] if not a["correct"]]
        for chosen in (right if mix == "right" else wrong[:1]):
            frame.locator(f"#question-{question['id']}").get_by_label(chosen["text"], exact=True).check()


def submit(frame):
    frame.get_by_role("button", name="Submit answers").click()
    frame.locator("#quiz-result").wait_for()


def pass_quiz(page, tmp_path, quiz, stored=None):
    """Launch, answer every question right and submit; returns the SCO's frame."""
    frame = launch(page, tmp_path, stored)
    answer(frame, quiz, "right")
    submit(frame)
    return frame


def sets_of(page, element):
    return [value for name, value in page.evaluate("window.sets") if name == element]


@pytest.mark.browser
def test_pass_reports_score_status_and_session_time(chromium_page, sco, tmp_path):
    page = chromium_page
    frame = launch(page, tmp_path)
    answer(frame, sco["quiz"], "right")
    page.wait_for_timeout(1100)  # a measurable session
    submit(frame)
    from playwright.sync_api import expect

    expect(frame.locator("#result-lms")).to_have_text("Your result has been sent to your learning platform.")
    cmi, _ = stored_after(page)
    assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"], cmi["core"]["score"]["max"]) == ("passed", "100", "100")
    assert cmi["core"]["exit"] == "" and page.evaluate("window.API.isTerminated()")
    [session_time] = sets_of(page, "cmi.core.session_time")
    assert TIMESPAN.match(session_time) and session_time >= "00:00:01.00", session_time
    assert cmi["core"]["session_time"] not in ("", "00:00:00")  # the runtime accepted it


@pytest.mark.browser
def test_fail_reports_failed_and_the_zero_score(chromium_page, sco, tmp_path):
    page = chromium_page
    frame = launch(page, tmp_path)
    answer(frame, sco["quiz"], "wrong")
    submit(frame)
    cmi, _ = stored_after(page)
    assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == ("failed", "0")
    assert TIMESPAN.match(sets_of(page, "cmi.core.session_time")[0])


@pytest.mark.browser
def test_relaunch_resumes_lessons_read_answers_and_place(chromium_page, sco, tmp_path):
    from playwright.sync_api import expect

    page = chromium_page
    quiz = sco["quiz"]
    frame = launch(page, tmp_path)
    last = sco["lessons"][-1]
    # Read to the end of the last lesson (a lesson counts as read once its end was on screen).
    frame.locator(f"#lesson-{last['id']} > :last-child").scroll_into_view_if_needed()
    frame.locator(f"#lesson-{last['id']} .read-mark, .contents .read-mark").first.wait_for(state="attached")
    first, second = quiz["questions"][0], quiz["questions"][1]
    picked = [next(a for a in first["answers"] if a["correct"]), next(a for a in second["answers"] if not a["correct"])]
    frame.locator(f"#question-{first['id']}").get_by_label(picked[0]["text"], exact=True).check()
    frame.locator(f"#question-{second['id']}").get_by_label(picked[1]["text"], exact=True).check()
    leave(page)
    cmi, kept = stored_after(page)
    assert cmi["core"]["exit"] == "suspend" and cmi["core"]["lesson_status"] == "incomplete"
    assert kept["core"]["entry"] == "resume" and kept["core"]["lesson_location"].startswith(("lesson-", "quiz"))
    saved = json.loads(kept["suspend_data"])
    assert saved["answers"] and saved["read"]
    assert TIMESPAN.match(sets_of(page, "cmi.core.session_time")[0])

    frame = launch(page, tmp_path, kept)
    expect(frame.locator("#lms-status")).to_have_text("Welcome back: you continue where you left off.")
    for question, chosen in zip((first, second), picked):
        expect(frame.locator(f"#a-{chosen['id']}")).to_be_checked()
        others = [a for a in question["answers"] if a["id"] != chosen["id"]]
        for other in others:
            expect(frame.locator(f"#a-{other['id']}")).not_to_be_checked()
    expect(frame.locator(f"#{kept['core']['lesson_location']}")).to_be_in_viewport()
    expect(frame.locator(".contents .read-mark").first).to_have_text(" (read)")
    # The resumed session finishes the quiz like a fresh one.
    answer(frame, quiz, "right")
    submit(frame)
    assert stored_after(page)[0]["core"]["lesson_status"] == "passed"


@pytest.mark.browser
def test_a_click_on_a_web_link_keeps_the_session_and_the_result(chromium_page, sco, tmp_path):
    page = chromium_page
    frame = launch(page, tmp_path)
    with page.context.expect_page() as opened:
        frame.get_by_role("link", name="programme source").click()
    opened.value.wait_for_load_state()
    assert opened.value.url == SOURCE_URL
    assert page.evaluate("window.API.isInitialized() && !window.API.isTerminated()")  # the SCO did not unload
    answer(frame, sco["quiz"], "right")
    submit(frame)  # the same session goes on: no relaunch
    cmi, _ = stored_after(page)
    assert cmi["core"]["lesson_status"] == "passed" and cmi["core"]["score"]["raw"] == "100"


@pytest.mark.browser
def test_a_failed_retake_after_a_pass_stays_passed(chromium_page, sco, tmp_path):
    from playwright.sync_api import expect

    page = chromium_page
    pass_quiz(page, tmp_path, sco["quiz"])
    _, kept = stored_after(page)
    assert kept["core"]["lesson_status"] == "passed"

    frame = launch(page, tmp_path, kept)
    expect(frame.locator("#lms-status")).to_have_text("You have already passed this module. You may take the quiz again: your pass is kept.")
    answer(frame, sco["quiz"], "wrong")
    submit(frame)
    expect(frame.locator("#result-score")).to_contain_text("Not passed")
    expect(frame.locator("#result-lms")).to_have_text("Your learning platform keeps your earlier pass and your better score.")
    cmi, _ = stored_after(page)
    assert (cmi["core"]["lesson_status"], cmi["core"]["score"]["raw"]) == ("passed", "100")


@pytest.mark.browser
def test_a_reload_after_finish_says_the_session_ended(chromium_page, sco, tmp_path):
    from playwright.sync_api import expect

    page = chromium_page
    frame = pass_quiz(page, tmp_path, sco["quiz"])
    page.locator("#sco").evaluate("frame => frame.contentWindow.location.reload()")
    expect(frame.locator("#lms-status")).to_contain_text("This page was opened again after its session with your learning platform had ended")
    expect(frame.locator("#lms-status")).not_to_contain_text("No learning platform was found")
    answer(frame, sco["quiz"], "wrong")
    submit(frame)
    expect(frame.locator("#result-lms")).to_have_text("Not recorded: the session with your learning platform had already ended.")
    cmi, _ = stored_after(page)
    assert cmi["core"]["lesson_status"] == "passed"  # what the finished session reported stays
