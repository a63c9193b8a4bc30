"""The offline copy: static pages that open from offline/index.html with no server and no network."""

import copy
import json
import posixpath
import random

import pytest

from modules.grading import AnswerDef, QuestionDef, grade_quiz
from modules.packs.manifest import media_arcname, validate_manifest
from modules.packs.offline import write_offline_copy
from tests.modules.packs.offline_pages import Page

HOSTILE = '<script>alert(1)</script> & "quotes"'
KITS = ["manifest_t1", "manifest_t2"]
# Tests that pick a kit with request.getfixturevalue() also name `db`: pytest-django runs database
# tests first only when it can see they use the database, and a later slot would put them after
# tests/browser has started an asyncio loop in this thread, where Django refuses ORM calls.


def write_copy(manifest, folder):
    """Run the exporter into `folder` as a pack writer would; returns the arcnames in order."""
    names = []

    def add_file(arcname, data):
        assert arcname.startswith("offline/") and arcname not in names and isinstance(data, bytes)
        names.append(arcname)
        (folder / arcname).parent.mkdir(parents=True, exist_ok=True)
        (folder / arcname).write_bytes(data)

    write_offline_copy(manifest, add_file)
    return names


def pages_of(folder, names):
    return {name: Page((folder / name).read_text(encoding="utf-8")) for name in names if name.endswith(".html")}


@pytest.fixture
def rich_manifest(manifest_t1, tmp_path):
    """Kit T1 plus what the real kits lack: media blocks, a cross-module quiz link, slugs that clash
    with the copy's own file names, and hostile plain text. Media files sit at the root, as in a pack."""
    manifest = copy.deepcopy(manifest_t1)
    first, second = manifest["modules"][0], manifest["modules"][1]
    first["slug"] = "assets"
    first["lessons"][0]["slug"], first["lessons"][1]["slug"] = "quiz", "index"
    lesson = first["lessons"][0]
    lesson["title"] = HOSTILE
    image = media_arcname("images", "a" * 64, "Alps panorama.png")
    document = media_arcname("documents", "b" * 64, "action-plan.pdf")
    for path in (image, document):
        manifest["files"].append({"path": path, "sha256": path.split("/")[2][:16].ljust(64, "0"), "size": 4})
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"data")
    values = [
        ("image", {"file": image, "alt_text": "Alpine valley", "caption": HOSTILE}),
        ("document", {"file": document, "title": "Cluster action plan", "description": ""}),
        ("video", {"url": "https://video.example.org/watch?v=1&t=2", "title": "StressTest explained",
                   "transcript": "<p>Spoken words.</p>"}),
        ("quiz", {"quiz": second["quiz"]["id"], "intro": HOSTILE}),
    ]
    lesson["blocks"] += [{"id": f"{n}{n * 7}-{n * 4}-4{n * 3}-8{n * 3}-{n * 12}", "type": kind, "value": value}
                         for n, (kind, value) in zip("1234", values)]
    question = first["quiz"]["questions"][0]
    question["prompt"], question["answers"][0]["text"] = HOSTILE, HOSTILE
    question["answers"][0]["feedback"] = "<b>Close.</b> <script>alert(2)</script>"
    manifest["metadata"]["description"] = "Ends </script><script>alert(3)</script> <!-- here"
    validate_manifest(manifest)
    return manifest


@pytest.mark.parametrize("kit", KITS)
def test_every_module_lesson_and_quiz_page_exists(kit, request, db, tmp_path):
    manifest = request.getfixturevalue(kit)
    names = set(write_copy(manifest, tmp_path))
    expected = {"offline/index.html", "offline/assets/offline.css", "offline/assets/selfcheck.js", "offline/assets/scoring-rule.js",
                "offline/assets/question-pool.js"}
    for module in manifest["modules"]:
        expected.add(f"offline/{module['slug']}/index.html")
        expected |= {f"offline/{module['slug']}/{lesson['slug']}.html" for lesson in module["lessons"]}
        expected.add(f"offline/{module['slug']}/quiz.html")
        if module.get("self_assessment"):
            expected |= {f"offline/{module['slug']}/self-assessment.html", "offline/assets/self-assessment.js"}
    assert names == expected
    pages = pages_of(tmp_path, names)
    for module in manifest["modules"]:
        for lesson in module["lessons"]:
            page = pages[f"offline/{module['slug']}/{lesson['slug']}.html"]
            assert page.find("h1")[0]["id"] == "lesson-title" and lesson["title"] in page.plain
            # Breadcrumbs: kit › module › this lesson.
            assert ("../index.html", manifest["kit"]["code"]) in page.anchors and ("index.html", module["code"]) in page.anchors
            assert page.find("li", **{"aria-current": "page"})
        module_page = pages[f"offline/{module['slug']}/index.html"]
        listed = [(lesson["slug"] + ".html", lesson["title"]) for lesson in module["lessons"]] + [("quiz.html", module["quiz"]["title"])]
        assert all(item in module_page.anchors for item in listed), module["code"]
    kit_page = pages["offline/index.html"]
    assert all((f"{m['slug']}/index.html", f"{m['code']} {m['title']}") in kit_page.anchors for m in manifest["modules"])


@pytest.mark.parametrize("kit", [*KITS, "rich_manifest"])
def test_every_relative_link_resolves_to_a_file_of_the_copy(kit, request, db, tmp_path):
    manifest = request.getfixturevalue(kit)
    pages = pages_of(tmp_path, write_copy(manifest, tmp_path))
    checked = 0
    for name, page in pages.items():
        for tag, _, url in page.links:
            if url.startswith(("http://", "https://", "mailto:")):
                continue
            path, _, fragment = url.partition("#")
            if not path:
                assert fragment in page.ids, f"{name}: #{fragment} has no target"
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path))
            assert (tmp_path / target).is_file(), f"{name}: <{tag}> {url} leads nowhere"
            checked += 1
    assert checked > 10 * len(pages)


@pytest.mark.parametrize("kit", KITS)
def test_every_page_is_accessible_and_carries_funding_and_licence(kit, request, db, tmp_path):
    manifest = request.getfixturevalue(kit)
    pages = pages_of(tmp_path, write_copy(manifest, tmp_path))
    statement, licence = manifest["funding"]["statement"], manifest["kit"]["licence"]
    for name, page in pages.items():
        assert page.find("html", lang="en"), name
        assert page.find("a", **{"class": "skip-link", "href": "#main"}) and page.find("main", id="main"), name
        assert len(page.find("h1")) == 1, name
        assert statement in page.plain and licence in page.plain, name
        assert page.find("a", rel="license", href=f"https://spdx.org/licenses/{licence}.html"), name
        if name != "offline/index.html":
            assert page.find("nav", **{"class": "breadcrumbs"}), name
        for _, attrs in [t for t in page.tags if t[0] == "input"]:
            assert page.find("label", **{"for": attrs["id"]}), f"{name}: input {attrs['id']} has no label"
    css = (tmp_path / "offline/assets/offline.css").read_text()
    assert ":focus-visible" in css and "outline" in css  # keyboard focus stays visible


@pytest.mark.parametrize("kit", [*KITS, "rich_manifest"])
def test_kit_index_embeds_the_lrmi_metadata_as_json_ld(kit, request, db, tmp_path):
    manifest = request.getfixturevalue(kit)
    write_copy(manifest, tmp_path)
    page = Page((tmp_path / "offline/index.html").read_text())
    blocks = [text for attrs, text in page.scripts if attrs.get("type") == "application/ld+json"]
    assert len(blocks) == 1
    assert "</" not in blocks[0] and "<!--" not in blocks[0]
    assert json.loads(blocks[0]) == manifest["metadata"]


@pytest.mark.parametrize("kit", [*KITS, "rich_manifest"])
def test_nothing_is_loaded_from_the_network(kit, request, db, tmp_path):
    manifest = request.getfixturevalue(kit)
    names = write_copy(manifest, tmp_path)
    for name, page in pages_of(tmp_path, names).items():
        for tag, _, url in page.links:
            # Only a link the reader follows may point to the web; nothing the page loads may.
            if tag != "a":
                assert not url.startswith(("http:", "https:", "//")), f"{name}: <{tag}> loads {url}"
        assert page.find("link", rel="stylesheet") and all(a.get("src") for a, _ in page.scripts if a.get("type") is None), name
        assert not page.find("iframe") and not page.find("embed") and not page.find("object"), name
    css = (tmp_path / "offline/assets/offline.css").read_text()
    assert "@import" not in css and "url(" not in css
    script = (tmp_path / "offline/assets/selfcheck.js").read_text()
    assert "fetch(" not in script and "XMLHttpRequest" not in script and "http" not in script
    assert "{%" not in script and "{{" not in script


def test_plain_text_is_escaped_and_media_blocks_link_into_the_pack(rich_manifest, tmp_path):
    names = write_copy(rich_manifest, tmp_path)
    raw = {name: (tmp_path / name).read_text() for name in names if name.endswith(".html")}
    assert not any("<script>alert" in text for text in raw.values())
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;" in raw["offline/module-assets/lesson-quiz.html"]
    # Slugs that clash with the copy's own names get a prefix, and nothing is overwritten.
    assert {"offline/module-assets/index.html", "offline/module-assets/quiz.html", "offline/module-assets/lesson-quiz.html",
            "offline/module-assets/lesson-index.html"} <= set(names)
    page = Page(raw["offline/module-assets/lesson-quiz.html"])
    image = page.find("img")[0]
    assert image["src"].startswith("../../media/images/") and image["alt"] == "Alpine valley"
    assert any(url.startswith("../../media/documents/") for tag, _, url in page.links if tag == "a")
    assert any(url == "https://video.example.org/watch?v=1&t=2" for _, _, url in page.links) and "StressTest explained" in page.plain
    assert "Spoken words." in page.plain
    second = rich_manifest["modules"][1]
    assert page.find("a", **{"class": "button", "href": f"../{second['slug']}/quiz.html"})  # quiz block -> that module's quiz
    assert "<p>Spoken words.</p>" in raw["offline/module-assets/lesson-quiz.html"]  # sanitised HTML is kept as HTML


def test_quiz_page_embeds_answer_key_and_cleaned_feedback(rich_manifest, tmp_path):
    write_copy(rich_manifest, tmp_path)
    page = Page((tmp_path / "offline/module-assets/quiz.html").read_text())
    blocks = [text for attrs, text in page.scripts if attrs.get("id") == "quiz-data"]
    assert len(blocks) == 1 and "</" not in blocks[0]
    data = json.loads(blocks[0])
    quiz = rich_manifest["modules"][0]["quiz"]
    assert data["pass_mark"] == quiz["pass_mark"]
    assert [(q["id"], q["type"], [(a["id"], a["correct"]) for a in q["answers"]]) for q in data["questions"]] == [
        (q["id"], q["type"], [(a["id"], a["correct"]) for a in q["answers"]]) for q in quiz["questions"]]
    assert data["questions"][0]["answers"][0]["feedback"] == "<b>Close.</b> alert(2)"  # the site's inline allow-list
    assert data["questions"][1]["answers"][0]["feedback"] == quiz["questions"][1]["answers"][0]["feedback"]
    for number, question in enumerate(quiz["questions"], start=1):
        assert page.find("fieldset", id=f"question-{number}"), number
        kind = "checkbox" if question["type"] == "multiple" else "radio"
        inputs = [a for t, a in page.tags if t == "input" and a.get("name") == f"q{number - 1}"]
        assert [a["type"] for a in inputs] == [kind] * len(question["answers"])


def test_previous_and_next_walk_the_whole_kit_in_order(manifest_t1, tmp_path):
    names = write_copy(manifest_t1, tmp_path)
    pages = pages_of(tmp_path, names)
    walk, current = [], "offline/index.html"
    while current:
        walk.append(current)
        following = pages[current].find("a", rel="next")
        current = posixpath.normpath(posixpath.join(posixpath.dirname(current), following[0]["href"])) if following else None
    assert sorted(walk) == sorted(pages) and len(walk) == len(set(walk))
    for earlier, later in zip(walk, walk[1:]):
        back = pages[later].find("a", rel="prev")[0]["href"]
        assert posixpath.normpath(posixpath.join(posixpath.dirname(later), back)) == earlier


# --- In a real browser, from file:// -------------------------------------------------------------

def python_result(questions, submission):
    """modules/grading.py's verdict for a submission, given questions in the quiz-data JSON shape."""
    defs = [QuestionDef(q["id"], q["type"], tuple(AnswerDef(a["id"], a["correct"], a.get("feedback", "")) for a in q["answers"]))
            for q in questions]
    return grade_quiz(defs, submission)


def answer_quiz(page, quiz, choices):
    """`choices` holds, per question, the texts of the answers to tick."""
    for number, texts in enumerate(choices, start=1):
        for text in texts:
            page.locator(f"#question-{number}").get_by_label(text, exact=True).check()


@pytest.mark.browser
def test_reader_browses_the_copy_and_self_checks_a_quiz(manifest_t1, tmp_path, offline_chromium):
    write_copy(manifest_t1, tmp_path)
    module = manifest_t1["modules"][0]
    lesson, quiz = module["lessons"][0], module["quiz"]
    right = [[a["text"] for a in q["answers"] if a["correct"]] for q in quiz["questions"]]
    # One question answered wrongly: the multiple-choice one, with a wrong option ticked as well.
    wrong_at = next(i for i, q in enumerate(quiz["questions"]) if q["type"] == "multiple")
    wrong_answer = next(a for a in quiz["questions"][wrong_at]["answers"] if not a["correct"])
    mixed = [texts + [wrong_answer["text"]] if i == wrong_at else texts for i, texts in enumerate(right)]
    by_text = [{a["text"]: a["id"] for a in q["answers"]} for q in quiz["questions"]]
    expected = python_result([q for q in quiz["questions"]],
                             {q["id"]: [by_text[i][t] for t in mixed[i]] for i, q in enumerate(quiz["questions"])})
    passed = expected.passed(quiz["pass_mark"])
    assert 0 < expected.percent < 100

    def journey(page):
        from playwright.sync_api import expect

        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto((tmp_path / "offline/index.html").as_uri())
        expect(page.get_by_role("heading", level=1)).to_have_text(manifest_t1["kit"]["title"])
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

        page.get_by_role("link", name=f"{module['code']} {module['title']}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(module["title"])
        page.get_by_role("link", name=lesson["title"], exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(lesson["title"])
        expect(page.get_by_role("contentinfo")).to_contain_text(manifest_t1["funding"]["statement"])
        page.get_by_role("link", name=quiz["title"], exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(quiz["title"])

        page.get_by_role("button", name="Check my answers").click()
        expect(page.get_by_role("alert")).to_contain_text("Please answer every question")
        expect(page.locator("#selfcheck-result")).to_be_hidden()

        answer_quiz(page, quiz, right)
        page.get_by_role("button", name="Check my answers").click()
        expect(page.get_by_role("heading", name="Score: 100.0%")).to_be_visible()
        expect(page.locator("#score-verdict")).to_contain_text("Passed.")
        expect(page.get_by_role("alert")).to_be_hidden()

        page.reload()
        expect(page.locator("#selfcheck-result")).to_be_hidden()
        answer_quiz(page, quiz, mixed)
        page.get_by_role("button", name="Check my answers").click()
        expect(page.get_by_role("heading", name=f"Score: {expected.percent:.1f}%")).to_be_visible()
        expect(page.locator("#score-verdict")).to_contain_text("Passed." if passed else "Not passed yet.")
        box = page.locator(f"#question-{wrong_at + 1} .question-result")
        expect(box).to_contain_text("Partly correct")
        expect(box).to_contain_text(wrong_answer["feedback"])
        return requests

    requests = offline_chromium.with_page(journey)
    assert requests and all(url.startswith("file://") for url in requests), requests


@pytest.mark.browser
def test_self_check_grades_exactly_like_grading_py(manifest_t1, manifest_t2, tmp_path, offline_chromium):
    write_copy(manifest_t1, tmp_path)
    rng = random.Random(2026)
    cases = []

    def random_submission(questions):
        submission = {}
        for q in questions:
            ids = [a["id"] for a in q["answers"]]
            submission[q["id"]] = rng.sample(ids, rng.randint(1, len(ids))) if q["type"] == "multiple" else [rng.choice(ids)]
        return submission

    for manifest in (manifest_t1, manifest_t2):
        for module in manifest["modules"]:
            questions = module["quiz"]["questions"]
            cases += [(questions, random_submission(questions)) for _ in range(60)]
    for n in range(400):  # made-up quizzes: every k of right options, many question counts
        questions = []
        for i in range(rng.randint(1, 12)):
            kind = rng.choice(["single", "multiple", "true_false"])
            size = 2 if kind == "true_false" else rng.randint(2, 10)
            right = set(rng.sample(range(size), rng.randint(1, size) if kind == "multiple" else 1))
            answers = [{"id": f"a{n}-{i}-{j}", "correct": j in right} for j in range(size)]
            questions.append({"id": f"q{n}-{i}", "type": kind, "answers": answers})
        cases.append((questions, random_submission(questions)))
    # An exact rounding tie: 0.5 of 8 points is 6.25%, rounded half up to 6.3 (modules/scoring_rule.py).
    tie = [{"id": f"t{i}", "type": "multiple", "answers": [{"id": f"t{i}-{j}", "correct": j < 4} for j in range(5)]} for i in range(8)]
    cases.append((tie, {"t0": ["t0-0", "t0-1"], **{f"t{i}": [f"t{i}-4"] for i in range(1, 8)}}))
    assert python_result(*cases[-1]).percent == 6.3

    def run_in_browser(page):
        page.goto((tmp_path / "offline" / manifest_t1["modules"][0]["slug"] / "quiz.html").as_uri())
        return page.evaluate("cases => cases.map(([qs, s]) => ElearnSelfCheck.gradeQuiz(qs, s))", [list(case) for case in cases])

    results = offline_chromium.with_page(run_in_browser)
    assert len(results) == len(cases)
    for (questions, submission), js in zip(cases, results, strict=True):
        py = python_result(questions, submission)
        assert (js["score"], js["percent"]) == (py.score, py.percent), (questions, submission)
        assert [q["score"] for q in js["questions"]] == [q.score for q in py.questions]
        assert [q["selected"] for q in js["questions"]] == [list(q.selected) for q in py.questions]


def test_web_links_open_in_a_new_tab(rich_manifest, tmp_path):
    manifest = copy.deepcopy(rich_manifest)
    module = manifest["modules"][0]
    module["lessons"][0]["blocks"][0]["value"] = '<p><a href="https://example.org/a">source</a> <a href="#top">top</a></p>'
    module["quiz"]["questions"][0]["answers"][0]["feedback"] = '<a href="https://example.org/f">why</a>'
    names = write_copy(manifest, tmp_path)
    lesson = next(name for name in names if name.endswith("/quiz-lesson.html") or name.endswith("/lesson-quiz.html"))
    page = Page((tmp_path / lesson).read_text(encoding="utf-8"))
    links = {attrs["href"]: attrs for tag, attrs, _ in page.links if tag == "a"}
    assert (links["https://example.org/a"].get("target"), links["https://example.org/a"].get("rel")) == ("_blank", "noopener")
    assert links["https://video.example.org/watch?v=1&t=2"].get("target") == "_blank"
    assert "target" not in links["#top"]
    quiz = (tmp_path / next(name for name in names if name.endswith("/quiz.html"))).read_text(encoding="utf-8")
    assert '\\u003Ca href=\\"https://example.org/f\\" target=\\"_blank\\" rel=\\"noopener\\"\\u003Ewhy' in quiz


@pytest.mark.browser
def test_a_pooled_quiz_draws_its_questions_in_the_browser_and_grades_only_those(manifest_t1, tmp_path, offline_chromium):
    import copy

    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][0]
    quiz = module["quiz"]
    quiz["ask"] = 3
    names = write_copy(manifest, tmp_path)
    page_name = next(name for name in names if name.endswith(f"{module['slug']}/quiz.html"))

    def journey(page):
        from playwright.sync_api import expect

        page.goto((tmp_path / page_name).as_uri())
        shown = page.locator("fieldset.question:visible")
        expect(shown).to_have_count(3)
        expect(page.locator("fieldset.question:visible .question-number")).to_have_text(["Question 1", "Question 2", "Question 3"])
        draws = []
        for _ in range(6):  # a new draw each time the answers are cleared
            ids = page.evaluate("Array.from(document.querySelectorAll('fieldset.question')).filter(f => !f.hidden).map(f => f.dataset.question)")
            draws.append(tuple(ids))
            for index in ids:
                question = quiz["questions"][int(index)]
                for answer in question["answers"]:
                    if answer["correct"]:
                        page.locator(f"#question-{int(index) + 1}").get_by_label(answer["text"], exact=True).check()
            page.get_by_role("button", name="Check my answers").click()
            expect(page.get_by_role("heading", name="Score: 100.0%")).to_be_visible()
            expect(page.locator("#score-verdict")).to_contain_text("You scored 3 of 3 points.")
            page.get_by_role("button", name="Clear my answers").click()
            expect(page.locator("fieldset.question:visible")).to_have_count(3)
        return draws

    draws = offline_chromium.with_page(journey)
    assert len(set(draws)) > 1  # fresh seeds, different draws
