"""Moodle XML question bank export: real kits in, a file Moodle's importer accepts and grades like we do."""

import copy
import html
import itertools
import xml.etree.ElementTree as ET

import pytest

from modules.grading import AnswerDef, QuestionDef, grade_question
from modules.packs.manifest import validate_manifest
from modules.packs.moodle_xml import build_moodle_xml

from .moodle_checks import ALLOWED_FRACTIONS, by_category, parse

HOSTILE = '<script>alert(1)</script> & "quotes"'
# Tests that pick a kit with request.getfixturevalue() also name `db`: pytest-django runs database
# tests first only when it can see they use the database, and a later slot would put them after
# tests/browser has started an asyncio loop in this thread, where Django refuses ORM calls.


def manifest_questions(manifest):
    return [q for module in manifest["modules"] for q in module["quiz"]["questions"]]


def moodle_grade(question_xml, selected_positions):
    """How Moodle scores a response: the chosen answers' fractions added, then kept within 0..1."""
    fractions = [float(answer.get("fraction")) / 100 for answer in question_xml.findall("answer")]
    return min(1.0, max(0.0, sum(fractions[i] for i in selected_positions)))


@pytest.mark.parametrize("kit", ["manifest_t1", "manifest_t2"])
def test_real_kits_export_one_category_per_module_with_its_questions(kit, request, db):
    manifest = request.getfixturevalue(kit)
    data = build_moodle_xml(manifest)
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    statement = manifest["funding"]["statement"]
    assert data.index(f"<!-- {statement} -->".encode()) < data.index(b"<quiz>")

    groups = by_category(root)
    kit_data = manifest["kit"]
    assert [category.findtext("category/text") for category, _ in groups] == [
        f"$course$/{kit_data['code']} {kit_data['title']}/{module['code']} {module['title']}" for module in manifest["modules"]
    ]
    for (category, questions), module in zip(groups, manifest["modules"], strict=True):
        assert category.find("info").get("format") == "html"
        assert statement in html.unescape(category.findtext("info/text"))
        assert len(questions) == len(module["quiz"]["questions"])
        for element, question in zip(questions, module["quiz"]["questions"], strict=True):
            # The stable id lets a re-import be matched to the questions already in Moodle.
            assert element.findtext("idnumber") == question["id"]
            assert element.findtext("name/text").strip()
            assert html.unescape(element.findtext("questiontext/text")) == f"<p>{question['prompt']}</p>"
            assert element.find("questiontext").get("format") == "html"
            assert element.findtext("defaultgrade") == "1"


@pytest.mark.parametrize("kit", ["manifest_t1", "manifest_t2"])
def test_fractions_are_moodle_values_and_grade_like_grading_py(kit, request, db):
    manifest = request.getfixturevalue(kit)
    questions = [q for _, qs in by_category(parse(manifest)) for q in qs]
    sources = manifest_questions(manifest)
    assert len(questions) == len(sources)
    kinds = set()
    for element, source in zip(questions, sources, strict=True):
        kinds.add(source["type"])
        answers = element.findall("answer")
        fractions = [answer.get("fraction") for answer in answers]
        assert set(fractions) <= ALLOWED_FRACTIONS
        assert len(answers) == len(source["answers"])
        if source["type"] == "true_false":
            assert element.get("type") == "truefalse" and element.findtext("penalty") == "1"
            assert sorted(a.findtext("text") for a in answers) == ["false", "true"]
            key = {a["text"].lower(): a["correct"] for a in source["answers"]}
            assert {a.findtext("text"): a.get("fraction") == "100" for a in answers} == key
        else:
            assert element.get("type") == "multichoice" and element.findtext("penalty") == "0.3333333"
            assert element.findtext("shuffleanswers") == "1" and element.findtext("answernumbering") == "abc"
            assert element.findtext("single") == ("true" if source["type"] == "single" else "false")
        right = [float(f) for f, a in zip(fractions, source["answers"], strict=True) if a["correct"]]
        if source["type"] == "multiple":
            assert abs(sum(right) - 100) < 0.01
        else:
            assert fractions.count("100") == 1 and right == [100.0]
            assert all(f == "0" for f, a in zip(fractions, source["answers"], strict=True) if not a["correct"])
        # Every possible response scores in Moodle what modules/grading.py gives it.
        definition = QuestionDef(source["id"], source["type"], tuple(AnswerDef(a["id"], a["correct"]) for a in source["answers"]))
        positions = range(len(source["answers"]))
        sizes = range(1, len(answers) + 1) if source["type"] == "multiple" else [1]
        for size in sizes:
            for chosen in itertools.combinations(positions, size):
                expected = grade_question(definition, [source["answers"][i]["id"] for i in chosen]).score
                assert moodle_grade(element, chosen) == pytest.approx(expected, abs=1e-4)
    assert kinds == {"single", "multiple", "true_false"}


def test_every_count_of_right_options_gets_allowed_fractions(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    question = next(q for q in manifest_questions(manifest) if q["type"] == "multiple")
    template = question["answers"][0]
    for k in range(1, 10):
        question["answers"] = [{**template, "id": f"00000000-0000-4000-8000-{i:012d}", "text": f"Option {i}", "correct": i < k}
                               for i in range(k + 1)]
        element = next(q for q in parse(manifest).findall("question") if q.findtext("idnumber") == question["id"])
        fractions = [a.get("fraction") for a in element.findall("answer")]
        assert set(fractions) <= ALLOWED_FRACTIONS, (k, fractions)
        assert abs(sum(float(f) for f in fractions[:k]) - 100) < 0.01
        assert float(fractions[-1]) == pytest.approx(-100 / k, abs=1e-4)


@pytest.mark.parametrize("kit", ["manifest_t1", "manifest_t2"])
def test_per_answer_feedback_is_kept(kit, request, db):
    manifest = request.getfixturevalue(kit)
    questions = [q for _, qs in by_category(parse(manifest)) for q in qs]
    for element, source in zip(questions, manifest_questions(manifest), strict=True):
        exported = [(a.find("feedback").get("format"), html.unescape(a.findtext("feedback/text"))) for a in element.findall("answer")]
        assert exported == [("html", a["feedback"]) for a in source["answers"]]
        assert all(a["feedback"] for a in source["answers"])  # the real kits explain every answer


def test_hostile_text_is_escaped_and_the_file_still_parses(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][0]
    module["title"] = f"A/B {HOSTILE}"
    question = module["quiz"]["questions"][0]
    question["prompt"] = HOSTILE
    question["answers"][0]["text"] = HOSTILE
    question["answers"][0]["feedback"] = f"<b>Close.</b> {HOSTILE} ]]> --> <!--"
    manifest["funding"]["statement"] = "Funded -- really --> by <the> ERDF & more-"
    validate_manifest(manifest)

    data = build_moodle_xml(manifest)
    root = ET.fromstring(data)  # still well-formed
    assert b"<script>" not in data
    element = next(q for q in root.findall("question") if q.findtext("idnumber") == question["id"])
    # HTML fields carry the text escaped once for HTML: Moodle shows it, never runs it.
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"
    assert element.findtext("questiontext/text") == f"<p>{escaped}</p>"
    assert element.find("answer").findtext("text") == f"<p>{escaped}</p>"
    assert element.findtext("name/text").startswith("<script>alert(1)")  # the name is plain text in Moodle
    feedback = element.find("answer").findtext("feedback/text")
    assert feedback.startswith("<b>Close.</b>") and "<script" not in feedback
    # A slash inside a name is doubled, or Moodle would read it as one more category level.
    path = by_category(root)[0][0].findtext("category/text")
    assert path.endswith("/SH-1 A//B " + HOSTILE.replace("/", "//")) and path.count("/") - 2 * path.count("//") == 2
    assert "<the> ERDF" in html.unescape(by_category(root)[0][0].findtext("info/text"))
