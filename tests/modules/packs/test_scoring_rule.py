"""One rounding rule everywhere: the site (modules/grading.py + modules/scoring_rule.py), the SCORM SCO
and the offline self-check give the same score and percent for every achievable quiz total of up to
10 questions with 4 options. The JavaScript is the very file each export ships, run with node."""

import io
import itertools
import json
import os
import shutil
import subprocess
import zipfile
from fractions import Fraction
from math import floor

import pytest

from modules.grading import AnswerDef, QuestionDef, grade_quiz
from modules.packs.offline import write_offline_copy
from modules.packs.scorm import write_scorm_package
from modules.scoring_rule import quiz_percent, round_half_up

# Every score one question with 4 options (or true/false) can earn, as (type, right options, chosen).
OUTCOMES = {
    Fraction(0): ("single", [0], [1]),
    Fraction(1): ("true_false", [0], [0]),
    Fraction(1, 4): ("multiple", [0, 1, 2, 3], [0]),
    Fraction(1, 3): ("multiple", [0, 1, 2], [0]),
    Fraction(1, 2): ("multiple", [0, 1], [0]),
    Fraction(2, 3): ("multiple", [0, 1, 2], [0, 1]),
    Fraction(3, 4): ("multiple", [0, 1, 2, 3], [0, 1, 2]),
}
# Further ways to the same scores (wrong options that cancel right ones, all ticked), so that the
# graders' hit/miss counting is exercised as well as their rounding.
ALTERNATIVES = {
    Fraction(0): ("multiple", [0, 1], [0, 2, 3]),
    Fraction(1, 2): ("multiple", [0, 1], [0, 1, 2]),
    Fraction(1): ("multiple", [0, 1, 2, 3], [0, 1, 2, 3]),
}


def node():
    found = shutil.which("node")
    if not found:
        if os.environ.get("CI"):
            pytest.fail("node is missing: ./dev.sh installs it with the front-end packages.")
        pytest.skip("node is not installed")
    return found


def expected_percent(scores):
    """The rule written out independently: 4-decimal question scores, then percent, both half up."""
    total = sum(Fraction(floor(s * 10000 + Fraction(1, 2)), 10000) for s in scores)
    return total, Fraction(floor(total * 100 / len(scores) * 10 + Fraction(1, 2)), 10)


def quiz_cases(outcomes):
    """One quiz per multiset of question scores, 1 to 10 questions: every achievable total."""
    cases = []
    for count in range(1, 11):
        for combination in itertools.combinations_with_replacement(sorted(outcomes), count):
            questions, selections = [], []
            for number, score in enumerate(combination):
                kind, right, chosen = outcomes[score]
                size = 2 if kind == "true_false" else 4
                ids = [f"q{number}a{i}" for i in range(size)]
                questions.append({"id": f"q{number}", "type": kind, "correct": [ids[i] for i in right],
                                  "answers": [(ids[i], i in right) for i in range(size)]})
                selections.append([ids[i] for i in chosen])
            cases.append((combination, questions, selections))
    return cases


def python_grades(cases):
    grades = []
    for _, questions, selections in cases:
        defs = [QuestionDef(q["id"], q["type"], tuple(AnswerDef(i, c) for i, c in q["answers"])) for q in questions]
        result = grade_quiz(defs, {q["id"]: chosen for q, chosen in zip(questions, selections)})
        grades.append([[q.score for q in result.questions], result.score, result.percent])
    return grades


def js_grades(script, cases):
    program = ("require(process.argv[1]); const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
               "process.stdout.write(JSON.stringify(cases.map(([qs, sel]) => { const r = ElearnScoring.gradeQuiz(qs, sel);"
               " return [r.scores, r.score, r.percent]; })));")
    payload = json.dumps([[[{"type": q["type"], "correct": q["correct"]} for q in qs], sel] for _, qs, sel in cases])
    done = subprocess.run([node(), "-e", program, str(script)], input=payload, capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


@pytest.fixture
def shipped_scripts(manifest_t1, tmp_path):
    """scoring-rule.js as the SCORM package and the offline copy ship it, each written to a file."""
    buffer = io.BytesIO()
    module = next(m for m in manifest_t1["modules"] if m["quiz"])
    with zipfile.ZipFile(buffer, "w") as archive:
        write_scorm_package(manifest_t1, module["id"], archive, None)
    scorm = zipfile.ZipFile(buffer)
    offline = {}
    write_offline_copy(manifest_t1, offline.__setitem__)
    assert '<script src="scoring-rule.js"></script>' in scorm.read("index.html").decode()
    quiz_page = next(data for name, data in offline.items() if name.endswith("/quiz.html")).decode()
    assert '<script src="../assets/scoring-rule.js"></script>' in quiz_page
    paths = {"scorm": tmp_path / "scorm-scoring-rule.js", "offline": tmp_path / "offline-scoring-rule.js"}
    paths["scorm"].write_bytes(scorm.read("scoring-rule.js"))
    paths["offline"].write_bytes(offline["offline/assets/scoring-rule.js"])
    return paths


def test_site_sco_and_self_check_agree_on_every_achievable_total(shipped_scripts):
    cases = quiz_cases(OUTCOMES) + quiz_cases(ALTERNATIVES)
    python = python_grades(cases)
    for (combination, _, _), (scores, score, percent) in zip(cases, python, strict=True):
        total, percent_exact = expected_percent(combination)
        assert (Fraction(repr(score)), Fraction(repr(percent))) == (total, percent_exact), combination
        assert scores == [round_half_up(s, 4) for s in combination]
    for name, script in shipped_scripts.items():
        assert js_grades(script, cases) == python, name
    # The enumeration reaches the cases the old rules disagreed on: exact ties at one decimal.
    ties = [c for c, *_ in cases if (expected_percent(c)[0] * 1000 / len(c)).denominator == 2]
    assert len(ties) > 100


def test_ties_round_half_up_on_the_exact_value():
    assert quiz_percent(0.5, 8) == 6.3  # 6.25 exactly; Python's round(6.25, 1) gives 6.2
    assert quiz_percent(6.095, 10) == 61.0  # 60.95 exactly; as a float 100 * 6.095 / 10 is 60.949999…
    assert quiz_percent(2.6667, 3) == 88.9 and quiz_percent(0, 3) == 0.0 and quiz_percent(3, 3) == 100.0
    assert quiz_percent(1, 0) == 0.0
    assert round_half_up(1 / 32, 4) == 0.0313 and round_half_up(2 / 3, 4) == 0.6667
