"""What Moodle's importer relies on in a Moodle XML question bank, checked (test_moodle_xml.py, and the
release test of test_pack_languages.py for every language)."""

import html
import xml.etree.ElementTree as ET

from modules.packs.moodle_xml import build_moodle_xml

# Moodle's question_bank::fraction_options() in percent, spelled as Moodle writes them. Written out
# here rather than imported so a wrong list in the exporter cannot make this test agree with it.
ALLOWED = ["100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
           "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0"]
ALLOWED_FRACTIONS = set(ALLOWED) | {f"-{value}" for value in ALLOWED if value != "0"}

def parse(manifest):
    return ET.fromstring(build_moodle_xml(manifest))


def by_category(root):
    """[(category element, [question elements])] in file order."""
    groups = []
    for question in root.findall("question"):
        if question.get("type") == "category":
            groups.append((question, []))
        else:
            assert groups, "a question came before any category"
            groups[-1][1].append(question)
    return groups


def check_moodle_bank(manifest, data):
    """Problems of the Moodle XML `data` exported from `manifest` (already in the file's language): one
    category per module with a quiz, each question with its stable id, its prompt and its answers, only
    fractions Moodle accepts, the funding statement before the questions."""
    problems = []
    root = ET.fromstring(data)
    if root.tag != "quiz" or not data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        return ["not a Moodle XML quiz file"]
    statement = manifest["funding"]["statement"]
    if f"<!-- {statement} -->".encode() not in data.split(b"<quiz>")[0]:
        problems.append("the funding statement does not come before the questions")
    kit = manifest["kit"]
    modules = [module for module in manifest["modules"] if module["quiz"]]
    groups = by_category(root)
    expected = [f"$course$/{kit['code']} {kit['title']}/{module['code']} {module['title']}" for module in modules]
    if [category.findtext("category/text") for category, _ in groups] != expected:
        return problems + ["the categories are not the kit's modules, in order and in the file's language"]
    for (_category, questions), module in zip(groups, modules, strict=True):
        sources = module["quiz"]["questions"]
        if [q.findtext("idnumber") for q in questions] != [q["id"] for q in sources]:
            problems.append(f"{module['code']}: the questions are not the quiz's, by stable id")
            continue
        for element, question in zip(questions, sources, strict=True):
            if html.unescape(element.findtext("questiontext/text")) != f"<p>{question['prompt']}</p>":
                problems.append(f"{module['code']} {question['id']}: the prompt is not the quiz's")
            fractions = [answer.get("fraction") for answer in element.findall("answer")]
            if len(fractions) != len(question["answers"]) or not set(fractions) <= ALLOWED_FRACTIONS:
                problems.append(f"{module['code']} {question['id']}: answers or fractions Moodle would not take")
    return problems
