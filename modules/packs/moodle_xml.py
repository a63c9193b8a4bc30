"""Moodle XML question bank from a release manifest: one category per module, then its questions.

A pure function of the manifest, like every other export. Grading is kept equivalent to
modules/grading.py: single and true/false score only the one right answer; multiple-answer questions
give +100/k per right option and -100/k per wrong one (k = number of right options), and Moodle floors
a question's total at zero just as our multi-partial rule does.

A question pool (a quiz with `ask`: each attempt asks N of its M questions) keeps its questions in
the module's category, whose info says how many a quiz should draw: Moodle XML carries questions, not
quizzes, and since Moodle 4.3 a random question is no longer a question in the bank but a quiz slot
that draws from a category, so the pool is written as the category and the quiz is set up in Moodle
with *Add › a random question* (docs/interop.md, "Moodle XML").

Format reference: https://docs.moodle.org/en/Moodle_XML_format (qformat_xml in Moodle's source).
Only the standard library is used; ElementTree escapes every text node, so no CDATA is needed.
"""

import html
import re
import xml.etree.ElementTree as ET

from ..sanitize import clean_inline

# Moodle refuses answer grades outside this list (question_bank::fraction_options, in percent), and
# writes them with these exact strings. Negatives are the same values with a minus sign.
MOODLE_FRACTIONS = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
                    "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0")
MULTICHOICE_PENALTY = "0.3333333"
TRUEFALSE_PENALTY = "1"
NAME_LENGTH = 60

# Characters XML 1.0 forbids even when escaped; a stray one would make the whole file unreadable.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def moodle_fraction(percent):
    """The allowed Moodle grade string nearest to `percent`; ValueError if none is close enough."""
    magnitude = abs(percent)
    for text in MOODLE_FRACTIONS:
        if abs(float(text) - magnitude) < 1e-4:
            return text if percent >= 0 or text == "0" else f"-{text}"
    raise ValueError(f"{percent} is not one of Moodle's allowed answer grades.")


def build_moodle_xml(manifest):
    """Manifest dict -> UTF-8 bytes of a Moodle XML question bank (root element <quiz>)."""
    statement = manifest["funding"]["statement"]
    kit = manifest["kit"]
    root = ET.Element("quiz")
    for module in manifest["modules"]:
        quiz = module.get("quiz")
        if not quiz:
            continue
        root.append(_category(kit, module, statement))
        for question in quiz["questions"]:
            root.append(_question(question))
    ET.indent(root, space="  ")
    # ElementTree cannot put a comment before the root element, so the prolog is written by hand.
    prolog = f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- {_comment_text(statement)} -->\n'
    return (prolog + ET.tostring(root, encoding="unicode", short_empty_elements=False) + "\n").encode("utf-8")


def _category(kit, module, statement):
    element = ET.Element("question", type="category")
    path = "/".join(["$course$", _path_part(f"{kit['code']} {kit['title']}"), _path_part(f"{module['code']} {module['title']}")])
    _text(element, "category", path)
    info = f"<p>{_esc(module['summary'])}</p>" if module.get("summary") else ""
    quiz = module["quiz"]
    if quiz.get("ask"):
        # Written in English like the rest of the file's structure; the numbers are what matters.
        info += (f"<p>Question pool: each attempt asks {quiz['ask']} of the {len(quiz['questions'])} questions in this "
                 f"category, drawn at random. In a Moodle quiz, add {quiz['ask']} random questions from this category.</p>")
    _text(element, "info", info + f"<p>{_esc(statement)}</p>", fmt="html")
    return element


def _question(question):
    kind = question["type"]
    element = ET.Element("question", type="truefalse" if kind == "true_false" else "multichoice")
    _text(element, "name", _short_name(question["prompt"]))
    _text(element, "questiontext", f"<p>{_esc(question['prompt'])}</p>", fmt="html")
    _text(element, "generalfeedback", "", fmt="html")
    ET.SubElement(element, "defaultgrade").text = "1"
    ET.SubElement(element, "penalty").text = TRUEFALSE_PENALTY if kind == "true_false" else MULTICHOICE_PENALTY
    ET.SubElement(element, "hidden").text = "0"
    # The stable question id lets a later re-import be matched to the questions already in Moodle.
    ET.SubElement(element, "idnumber").text = question["id"]
    if kind == "true_false":
        _true_false_answers(element, question["answers"])
    else:
        _multichoice(element, question)
    return element


def _multichoice(element, question):
    single = question["type"] == "single"
    ET.SubElement(element, "single").text = "true" if single else "false"
    ET.SubElement(element, "shuffleanswers").text = "1"
    ET.SubElement(element, "answernumbering").text = "abc"
    ET.SubElement(element, "showstandardinstruction").text = "1"
    for name in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(element, name, "", fmt="html")
    k = sum(1 for answer in question["answers"] if answer["correct"])
    for answer in question["answers"]:
        if single:
            percent = 100 if answer["correct"] else 0
        else:
            percent = 100 / k if answer["correct"] else -100 / k
        _answer(element, moodle_fraction(percent), f"<p>{_esc(answer['text'])}</p>", answer["feedback"], fmt="html")


def _true_false_answers(element, answers):
    # Moodle matches true/false answers on the literal texts "true" and "false", not on their order.
    for answer in answers:
        value = "true" if answer["text"].strip().lower() == "true" else "false"
        _answer(element, "100" if answer["correct"] else "0", value, answer["feedback"], fmt="moodle_auto_format")


def _answer(element, fraction, text, feedback, fmt):
    answer = ET.SubElement(element, "answer", fraction=fraction, format=fmt)
    ET.SubElement(answer, "text").text = _clean(text)
    # Feedback is trainer-written inline HTML on the site too: the same allow-list applies here.
    _text(answer, "feedback", clean_inline(feedback), fmt="html")


def _text(parent, tag, value, fmt=None):
    element = ET.SubElement(parent, tag, format=fmt) if fmt else ET.SubElement(parent, tag)
    ET.SubElement(element, "text").text = _clean(value)
    return element


def _esc(text):
    """Plain text going into an HTML-format field: escape it so it is shown, never interpreted."""
    return html.escape(_clean(text), quote=True)


def _clean(text):
    return _XML_INVALID.sub("", text or "")


def _short_name(prompt):
    words = " ".join(_clean(prompt).split())
    if len(words) <= NAME_LENGTH:
        return words
    cut = words[:NAME_LENGTH].rsplit(" ", 1)[0] or words[:NAME_LENGTH]
    return cut.rstrip(" ,;:.") + "…"


def _path_part(name):
    # In a Moodle category path "/" separates levels; a literal slash inside a name is written "//".
    return " ".join(_clean(name).split()).replace("/", "//")


def _comment_text(text):
    # "--" may not appear inside an XML comment, nor may it end with "-".
    text = " ".join(_clean(text).split())
    while "--" in text:
        text = text.replace("--", "- -")
    return text.rstrip("-")
