"""SCORM 1.2 export: the package of every real module validates against the SCORM 1.2 schemas, and
the SCO, run in Chromium under a recording LMS API stub, reports the score modules/grading.py gives."""

import copy
import html
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from modules.grading import AnswerDef, QuestionDef, grade_quiz
from modules.packs.errors import PackContentError, PackPathError
from modules.packs.manifest import validate_manifest
from modules.packs.scorm import write_scorm_package
from modules.packs.pack_translations import localise
from tests.chromium import CHROMIUM, CHROMIUM_ARGS

from .scorm_checks import check_package, instance_errors
from .snapshots import load_german_sh1, snapshot_manifest


def build_zip(manifest, module_id, open_media=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zip_file:
        write_scorm_package(manifest, module_id, zip_file, open_media or _no_media)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def _no_media(path):
    raise AssertionError(f"The package asked for a media file it does not use: {path}")


@pytest.mark.parametrize("kit", ["manifest_t1", "manifest_t2"])
def test_every_real_module_exports_a_valid_scorm_package(kit, request, db):
    # `db` is named here, not only reached through getfixturevalue, so that pytest-django runs this
    # test with the other database tests, before any session-wide browser holds an event loop open.
    manifest = request.getfixturevalue(kit)
    problems = {}
    for module in manifest["modules"]:
        package = build_zip(manifest, module["id"])
        problems[module["code"]] = check_package(manifest, module, package)
        page = package.read("index.html").decode("utf-8")
        problems[module["code"]] += [f"lesson {lesson['slug']} is missing" for lesson in module["lessons"]
                                     if f'id="lesson-{lesson["id"]}"' not in page]
    assert problems == {module["code"]: [] for module in manifest["modules"]}


def test_the_german_package_of_a_translated_module_is_valid_and_german(db):
    load_german_sh1()
    manifest = snapshot_manifest("itg-t1", translations=True)
    module = next(m for m in manifest["modules"] if m["code"] == "SH-1")
    german = localise(manifest, "de")
    german_module = next(m for m in german["modules"] if m["id"] == module["id"])
    package = build_zip(german, module["id"])
    assert check_package(german, german_module, package) == []
    xml = package.read("imsmanifest.xml").decode()
    assert f'identifier="MANIFEST-{module["id"]}-de"' in xml and "<imsmd:language>de</imsmd:language>" in xml
    page = package.read("index.html").decode()
    assert '<html lang="de">' in page and german_module["title"] in page and german_module["title"] != module["title"]
    assert "Das Projekt im Überblick" in page
    # The same answer key as the English package: graded by the same rule in every language.
    english = build_zip(manifest, module["id"]).read("index.html").decode()
    key = re.compile(r'<script id="quiz-key" type="application/json">(.*?)</script>', re.S)
    assert key.search(page) and key.search(page).group(1) == key.search(english).group(1)


def test_the_checks_catch_a_broken_manifest(manifest_t1):
    """The schema check is live: a wrong scormtype and a stray element are reported."""
    module = manifest_t1["modules"][0]
    xml = build_zip(manifest_t1, module["id"]).read("imsmanifest.xml").decode("utf-8")
    broken = xml.replace('adlcp:scormtype="sco"', 'adlcp:scormtype="lesson"').replace("<imsmd:general>", "<imsmd:general><imsmd:colour/>")
    assert len(instance_errors(broken.encode("utf-8"))) == 2


def test_export_is_reproducible_and_names_unknown_modules(manifest_t2):
    module_id = manifest_t2["modules"][2]["id"]
    first, second = build_zip(manifest_t2, module_id), build_zip(manifest_t2, module_id)
    assert [(i.filename, i.date_time, i.CRC) for i in first.infolist()] == [(i.filename, i.date_time, i.CRC) for i in second.infolist()]
    with pytest.raises(PackContentError, match="no module with the id"):
        build_zip(manifest_t2, "00000000-0000-4000-8000-000000000000")


def test_plain_text_is_escaped_and_lesson_html_stays_clean(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][0]
    module["title"] = 'Clusters & "regions" <script>alert(1)</script>'
    module["quiz"]["questions"][0]["prompt"] = "Is <b>this</b> bold?"
    module["quiz"]["questions"][0]["answers"][0]["feedback"] = 'See <a href="javascript:alert(1)" onclick="x()">this</a>.'
    module["lessons"][0]["blocks"][0]["value"] = "<h2>Heading</h2><p onclick='x()'>Text</p><script>alert(2)</script>"
    package = build_zip(manifest, module["id"])
    page = package.read("index.html").decode("utf-8")
    assert "<script>alert" not in page and "onclick" not in page and "javascript:" not in page
    assert "Clusters &amp; &quot;regions&quot; &lt;script&gt;" in page and "Is &lt;b&gt;this&lt;/b&gt; bold?" in page
    # Lesson headings move one level down: lessons are h2 sections of the one SCO page.
    assert "<h3>Heading</h3><p>Text</p>" in page
    assert check_package(manifest, module, package) == []


class ChunkedSource(io.BytesIO):
    """A media file that refuses to be read whole, and remembers how it was read."""

    def __init__(self, data, reads):
        super().__init__(data)
        self.reads = reads

    def read(self, size=-1):
        assert size is not None and 0 < size <= 4 * 1024 * 1024, "media must be copied in chunks"
        self.reads.append(size)
        return super().read(size)


def test_media_of_image_and_document_blocks_are_copied_in_chunks(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][1]
    image, document = "media/images/0123456789abcdef-map.png", "media/documents/fedcba9876543210-action-plan.pdf"
    payloads = {image: b"\x89PNG" + bytes(range(256)) * 10_000, document: b"%PDF-1.7 " * 300_000}
    manifest["files"] = [{"path": path, "sha256": "0" * 64, "size": len(data)} for path, data in payloads.items()]
    module["lessons"][0]["blocks"][1:1] = [
        {"id": "11111111-1111-4111-8111-111111111111", "type": "image",
         "value": {"file": image, "alt_text": "Map of the Alpine Space", "caption": "The region"}},
        {"id": "22222222-2222-4222-8222-222222222222", "type": "document",
         "value": {"file": document, "title": "Action plan", "description": ""}},
        {"id": "33333333-3333-4333-8333-333333333333", "type": "video",
         "value": {"url": "https://example.org/v", "title": "Kick-off", "transcript": ""}},
        {"id": "44444444-4444-4444-8444-444444444444", "type": "image",
         "value": {"file": image, "alt_text": "Same map again", "caption": ""}},
    ]
    reads, opened = [], []

    def open_media(path):
        opened.append(path)
        return ChunkedSource(payloads[path], reads)

    package = build_zip(manifest, module["id"], open_media)
    assert opened == [image, document]  # each file once, even when two blocks show it
    assert package.read(image) == payloads[image] and package.read(document) == payloads[document]
    assert len(reads) >= 4
    page = package.read("index.html").decode("utf-8")
    assert f'<img src="{image}" alt="Map of the Alpine Space"' in page
    assert f'<a href="{document}" download>Action plan</a>' in page and '<a href="https://example.org/v"' in page
    assert check_package(manifest, module, package) == []


def test_media_paths_cannot_leave_the_package(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][0]
    module["lessons"][0]["blocks"].append({"id": "55555555-5555-4555-8555-555555555555", "type": "document",
                                           "value": {"file": "media/../imsmanifest.xml", "title": "x", "description": ""}})
    with pytest.raises(PackPathError):
        build_zip(manifest, module["id"], lambda path: io.BytesIO(b"x"))


def test_a_module_without_quiz_is_still_a_valid_sco(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][3]
    module["quiz"] = None
    package = build_zip(manifest, module["id"])
    assert check_package(manifest, module, package) == []
    assert 'id="quiz-key"' not in package.read("index.html").decode("utf-8")


def test_an_h5p_block_becomes_a_note_and_its_package_stays_out(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][0]
    path = "media/h5p/" + "c" * 32 + ".h5p"
    manifest["files"].append({"path": path, "sha256": "c" * 64, "size": 10})
    module["lessons"][0]["blocks"].append({"id": "66666666-6666-4666-8666-666666666666", "type": "h5p", "value": {
        "activity": {"file": path, "key": "77777777-7777-4777-8777-777777777777", "title": "Helix <check>", "required_score": 80},
        "intro": "Try it yourself."}})
    validate_manifest(manifest)
    package = build_zip(manifest, module["id"])  # opening the .h5p would fail: _no_media
    assert check_package(manifest, module, package) == []
    assert not [name for name in package.namelist() if "h5p" in name.lower()]
    page = package.read("index.html").decode("utf-8")
    assert "Helix &lt;check&gt;" in page and "Try it yourself." in page
    assert "Interactive H5P activity: play it in the online kit or the pack's offline copy." in html.unescape(page)


# --- The SCO in a real browser, under a recording SCORM 1.2 API. ---------------------------------

STUB_API = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LMS stub</title><script>
// A minimal SCORM 1.2 API that records every call, as [method, ...arguments].
window.calls = [];
var data = {"cmi.core.lesson_status": %(status)s}, state = "new";
function record(name, args) { window.calls.push([name].concat(Array.prototype.slice.call(args))); }
window.API = {
  LMSInitialize: function () { record("LMSInitialize", arguments); state = "running"; return "true"; },
  LMSFinish: function () {
    record("LMSFinish", arguments); var ok = state === "running"; state = "finished"; return ok ? "true" : "false";
  },
  LMSGetValue: function (key) { record("LMSGetValue", arguments); return state === "running" ? (data[key] || "") : ""; },
  LMSSetValue: function (key, value) {
    record("LMSSetValue", arguments); if (state !== "running") return "false"; data[key] = String(value); return "true";
  },
  LMSCommit: function () { record("LMSCommit", arguments); return state === "running" ? "true" : "false"; },
  LMSGetLastError: function () { record("LMSGetLastError", arguments); return state === "running" ? "0" : "301"; },
  LMSGetErrorString: function () { record("LMSGetErrorString", arguments); return ""; },
  LMSGetDiagnostic: function () { record("LMSGetDiagnostic", arguments); return ""; }
};
</script></head><body><h1>LMS</h1>%(body)s</body></html>"""


@pytest.fixture
def sh1_sco(manifest_t1, tmp_path):
    """ITG T1's SH-1 (single, multiple and true/false questions), unzipped into the test's folder."""
    module = next(module for module in manifest_t1["modules"] if module["code"] == "SH-1")
    folder = tmp_path / "sco"
    build_zip(manifest_t1, module["id"]).extractall(folder)
    return module, folder


@pytest.fixture
def browser_page(sh1_sco):
    """A page of Debian's Chromium, launched as tests/browser/conftest.py does plus file:// frame access.

    One browser per test, started after the package is built and closed before the test database is
    rolled back: Playwright's sync API keeps an asyncio loop running in this thread while it is open,
    and Django refuses database access while one runs. A session-wide browser would therefore break
    every database test that pytest-django runs after these ones; a session-wide SCO fixture would
    have to ask for `django_db_setup` without a database test, which then loads the kits into the
    developer's db.sqlite3 instead of the test database."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    errors = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--allow-file-access-from-files"])
        context = browser.new_context()
        context.on("weberror", lambda error: errors.append(str(error.error)))
        yield context.new_page()
        browser.close()
    assert errors == [], "script errors in the SCO"


def launch_page(tmp_path, sco_folder, body, status="not attempted"):
    """The stub LMS; the SCO sits two frames down, as in LMS players that wrap it in their own frame."""
    index = (sco_folder / "index.html").as_uri()
    (tmp_path / "player.html").write_text('<!DOCTYPE html><html lang="en"><title>Player</title>'
                                          f'<iframe id="sco" title="Module" src="{index}" width="1000" height="800"></iframe></html>')
    (tmp_path / "lms.html").write_text(STUB_API % {"status": json.dumps(status), "body": body})
    return (tmp_path / "lms.html").as_uri()


def plan_answers(quiz, mix):
    """Answer ids per question: all right, all wrong, or a mix with partial credit on multiple choice."""
    plan = {}
    for index, question in enumerate(quiz["questions"]):
        right = [a["id"] for a in question["answers"] if a["correct"]]
        wrong = [a["id"] for a in question["answers"] if not a["correct"]]
        if mix == "all_right" or (mix.startswith("mixed") and question["type"] != "multiple" and index % 2 == (mix == "mixed_odd")):
            plan[question["id"]] = right
        elif mix.startswith("mixed") and question["type"] == "multiple":
            plan[question["id"]] = right + wrong[:1]  # +1/k per right, -1/k per wrong option
        else:
            plan[question["id"]] = wrong if question["type"] == "multiple" else wrong[:1]
    return plan


def expected_result(quiz, plan):
    """The score the site itself would give, from modules/grading.py; score.raw is that percent."""
    questions = [QuestionDef(q["id"], q["type"], tuple(AnswerDef(a["id"], a["correct"]) for a in q["answers"])) for q in quiz["questions"]]
    result = grade_quiz(questions, plan)
    return result, f"{result.percent:g}", "passed" if result.passed(quiz["pass_mark"]) else "failed"


PROGRESS = ("cmi.suspend_data", "cmi.core.lesson_location")
TIMESPAN = re.compile(r"^\d{2,4}:[0-5]\d:[0-5]\d\.\d{2}$")  # SCORM 1.2 CMITimespan


def core_calls(calls):
    """The calls without the progress saved while the learner reads and answers (suspend_data and
    lesson_location, sent whenever they change), and with the session time checked and named."""
    kept = []
    for call in calls:
        if call[0] == "LMSSetValue" and call[1] in PROGRESS:
            continue
        if call[0] == "LMSSetValue" and call[1] == "cmi.core.session_time":
            assert TIMESPAN.match(call[2]), call
            call = [*call[:2], "<timespan>"]
        kept.append(call)
    return kept


START = [["LMSInitialize", ""], ["LMSGetValue", "cmi.core.lesson_status"], ["LMSGetValue", "cmi.core.score.raw"],
         ["LMSGetValue", "cmi.core.entry"]]
CLOSE = [["LMSSetValue", "cmi.core.session_time", "<timespan>"], ["LMSCommit", ""], ["LMSFinish", ""]]


def answer_quiz(sco, quiz, plan):
    for question in quiz["questions"]:
        fieldset = sco.locator(f"#question-{question['id']}")
        for answer in question["answers"]:
            if answer["id"] in plan[question["id"]]:
                fieldset.get_by_label(answer["text"], exact=True).check()


@pytest.mark.browser
@pytest.mark.parametrize("mix,launch", [("all_right", "frame"), ("all_wrong", "frame"), ("mixed_odd", "frame"),
                                        ("mixed_even", "frame"), ("all_right", "popup")])
def test_sco_grades_the_quiz_and_reports_to_the_lms(browser_page, sh1_sco, tmp_path, mix, launch):
    from playwright.sync_api import expect

    module, folder = sh1_sco
    quiz = module["quiz"]
    page = browser_page
    if launch == "frame":
        player = (tmp_path / "player.html").as_uri()
        page.goto(launch_page(tmp_path, folder, f'<iframe id="player" title="Player" src="{player}" width="1100" height="900"></iframe>'))
        sco_window = None
        sco = page.frame_locator("#player").frame_locator("#sco")
    else:
        page.goto(launch_page(tmp_path, folder, ""))
        with page.expect_popup() as popup:  # a SCO opened in its own window finds the API through window.opener
            page.evaluate("url => window.open(url, 'sco')", (folder / "index.html").as_uri())
        sco_window = popup.value
        sco = sco_window.locator("html")
    expect(sco.get_by_role("heading", level=1)).to_have_text(module["title"])
    start = [*START, ["LMSSetValue", "cmi.core.lesson_status", "incomplete"]]
    page.wait_for_function("window.calls.length >= 5")
    assert core_calls(page.evaluate("window.calls")) == start

    if mix == "all_wrong":
        # An incomplete submission is refused in the page and never reaches the LMS.
        sco.get_by_role("button", name="Submit answers").click()
        expect(sco.get_by_role("alert")).to_have_text("Please answer every question before submitting.")
        assert core_calls(page.evaluate("window.calls")) == start

    plan = plan_answers(quiz, mix)
    result, raw, status = expected_result(quiz, plan)
    if mix.startswith("mixed"):  # the mixes exist to cover partial credit and rounding
        assert any(graded.is_partly_correct for graded in result.questions) and result.percent != int(result.percent)
    answer_quiz(sco, quiz, plan)
    sco.get_by_role("button", name="Submit answers").click()
    expect(sco.locator("#result-score")).to_contain_text(f"Score: {result.percent:g}%. {'Passed' if status == 'passed' else 'Not passed'}")
    expect(sco.locator("#result-lms")).to_have_text("Your result has been sent to your learning platform.")

    calls = page.evaluate("window.calls")
    assert 0 <= float(raw) <= 100
    assert core_calls(calls) == start + [
        ["LMSSetValue", "cmi.core.score.min", "0"], ["LMSSetValue", "cmi.core.score.max", "100"],
        ["LMSSetValue", "cmi.core.score.raw", raw], ["LMSSetValue", "cmi.core.lesson_status", status],
        ["LMSSetValue", "cmi.core.exit", ""], *CLOSE,
    ]
    # The last progress sent before the finish: no answers in progress any more (the quiz is done).
    saved = [call[2] for call in calls if call[:2] == ["LMSSetValue", "cmi.suspend_data"]][-1]
    assert "answers" not in json.loads(saved)
    # Per question a verdict matching grading.py, and the feedback of the chosen answers only.
    for question, graded in zip(quiz["questions"], result.questions):
        verdict = "Correct" if graded.is_correct else "Partly correct" if graded.is_partly_correct else "Not correct"
        expect(sco.locator(f"#verdict-{question['id']}")).to_have_text(verdict)
        for answer in question["answers"]:
            feedback = sco.locator(f"#feedback-{answer['id']}")
            expect(feedback).to_be_visible() if answer["id"] in plan[question["id"]] else expect(feedback).to_be_hidden()

    # Submitting again (a second click, or a script firing the form's submit) and leaving the page
    # both come after LMSFinish: neither may reach the LMS.
    sco.get_by_role("button", name="Submit answers").click(force=True)
    sco.locator("#quiz-form").evaluate("form => form.dispatchEvent(new Event('submit', {cancelable: true}))")
    if sco_window is None:
        page.frame_locator("#player").locator("#sco").evaluate("frame => frame.remove()")
    else:
        sco_window.close(run_before_unload=True)
    page.wait_for_timeout(200)
    assert page.evaluate("window.calls") == calls


@pytest.mark.browser
def test_relaunch_keeps_an_earlier_pass_and_leaving_closes_the_session(browser_page, sh1_sco, tmp_path):
    module, folder = sh1_sco
    page = browser_page
    page.goto(launch_page(tmp_path, folder, f'<iframe id="player" title="Player" src="{(tmp_path / "player.html").as_uri()}"></iframe>',
                          status="passed"))
    page.wait_for_function("window.calls.length >= 4")
    page.frame_locator("#player").locator("#sco").evaluate("frame => frame.remove()")
    page.wait_for_function("window.calls.some(call => call[0] === 'LMSFinish')")
    # Leaving before submitting suspends the session, so that the next launch resumes.
    assert core_calls(page.evaluate("window.calls")) == [*START, ["LMSSetValue", "cmi.core.exit", "suspend"], *CLOSE]


@pytest.mark.browser
def test_a_module_without_quiz_is_completed_by_reading_it(browser_page, manifest_t1, tmp_path):
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][0]
    module["quiz"] = None
    folder = tmp_path / "no-quiz"
    build_zip(manifest, module["id"]).extractall(folder)
    page = browser_page
    page.goto(launch_page(tmp_path, folder, f'<iframe id="player" title="Player" src="{(tmp_path / "player.html").as_uri()}"></iframe>'))
    page.wait_for_function("window.calls.length >= 5")
    page.frame_locator("#player").locator("#sco").evaluate("frame => frame.remove()")
    page.wait_for_function("window.calls.some(call => call[0] === 'LMSFinish')")
    assert core_calls(page.evaluate("window.calls")) == [*START, ["LMSSetValue", "cmi.core.lesson_status", "completed"],
                                                         ["LMSSetValue", "cmi.core.exit", "suspend"], *CLOSE]


@pytest.mark.browser
def test_without_an_lms_the_quiz_still_works_and_scores_locally(browser_page, sh1_sco):
    from playwright.sync_api import expect

    module, folder = sh1_sco
    page = browser_page
    page.goto((folder / "index.html").as_uri())
    expect(page.locator("#lms-status")).to_contain_text("No learning platform was found")
    plan = plan_answers(module["quiz"], "all_right")
    answer_quiz(page, module["quiz"], plan)
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator("#result-score")).to_have_text(re.compile(r"^Score: 100%\. Passed"))
    expect(page.locator("#result-lms")).to_have_text("No learning platform was found: this result is shown here only.")
    expect(page.locator("#quiz-result")).to_be_focused()


def test_web_links_open_in_a_new_tab_and_local_links_do_not(manifest_t1):
    """A link that replaced the SCO in its LMS frame ended the session and lost the result (issue 16)."""
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][0]
    module["lessons"][0]["blocks"][0]["value"] = ('<p><a href="https://example.org/a?x=1&y=>2" title="a>b">source</a> '
                                                  '<a href="#quiz">quiz</a> <a href="mailto:team@example.org">mail</a></p>')
    module["quiz"]["questions"][0]["answers"][0]["feedback"] = 'See <a href="http://example.org/b">this</a>.'
    page = build_zip(manifest, module["id"]).read("index.html").decode("utf-8")
    assert '<a href="https://example.org/a?x=1&amp;y=>2" title="a>b" target="_blank" rel="noopener">source</a>' in page
    assert '<a href="#quiz">quiz</a>' in page and '<a href="mailto:team@example.org">mail</a>' in page
    assert 'See <a href="http://example.org/b" target="_blank" rel="noopener">this</a>.' in page


@pytest.mark.browser
def test_a_pooled_quiz_draws_in_the_sco_grades_only_the_drawn_questions_and_keeps_the_seed(browser_page, manifest_t1, tmp_path):
    from playwright.sync_api import expect

    from modules.question_pool import draw_questions

    manifest = copy.deepcopy(manifest_t1)
    module = next(module for module in manifest["modules"] if module["code"] == "SH-1")
    quiz = module["quiz"]
    quiz["ask"] = 3
    folder = tmp_path / "pooled"
    build_zip(manifest, module["id"]).extractall(folder)
    page = browser_page
    page.goto(launch_page(tmp_path, folder, f'<iframe id="player" title="Player" src="{(tmp_path / "player.html").as_uri()}"></iframe>'))
    sco = page.frame_locator("#player").frame_locator("#sco")
    expect(sco.locator("fieldset.question:visible")).to_have_count(3)
    expect(sco.locator("fieldset.question:visible .question-number")).to_have_text(["Question 1", "Question 2", "Question 3"])
    shown = sco.locator("fieldset.question:visible").evaluate_all("sets => sets.map(f => f.dataset.question)")
    plan = plan_answers(quiz, "all_right")
    for question in quiz["questions"]:
        if question["id"] in shown:
            for answer in question["answers"]:
                if answer["id"] in plan[question["id"]]:
                    sco.locator(f"#question-{question['id']}").get_by_label(answer["text"], exact=True).check()
    # The answers in progress are saved with the seed, and that seed gives exactly the questions shown.
    saved = json.loads([c[2] for c in page.evaluate("window.calls") if c[:2] == ["LMSSetValue", "cmi.suspend_data"]][-1])
    pool = [(q["id"], q["type"], [a["id"] for a in q["answers"]]) for q in quiz["questions"]]
    draw = draw_questions(pool, 3, saved["seed"])
    assert list(draw.question_ids) == shown
    order = sco.locator(f"#question-{shown[0]} input").evaluate_all("inputs => inputs.map(i => i.value)")
    assert order == list(draw.questions[0][1])
    sco.get_by_role("button", name="Submit answers").click()
    expect(sco.locator("#result-score")).to_contain_text("Score: 100%. Passed")
    assert ["LMSSetValue", "cmi.core.score.raw", "100"] in page.evaluate("window.calls")
