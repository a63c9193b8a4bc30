import pytest

from modules.grading import (
    MULTIPLE, RULE_EXACT_ONE, RULE_MULTI_PARTIAL, SINGLE, TRUE_FALSE, AnswerDef, QuestionDef, SubmissionError,
    grade_question, grade_quiz, validate_question, validate_submission,
)

SINGLE_Q = QuestionDef("q1", SINGLE, (AnswerDef("a", False, "No."), AnswerDef("b", True, "Yes."), AnswerDef("c", False, "No.")))
MULTI_Q = QuestionDef("q2", MULTIPLE, (AnswerDef("m1", True), AnswerDef("m2", True), AnswerDef("m3", False), AnswerDef("m4", True)))
TF_Q = QuestionDef("q3", TRUE_FALSE, (AnswerDef("t", False, "It is false."), AnswerDef("f", True, "Right.")))
QUIZ = (SINGLE_Q, MULTI_Q, TF_Q)


def test_single_choice_right_and_wrong():
    right = grade_question(SINGLE_Q, ["b"])
    wrong = grade_question(SINGLE_Q, ["c"])
    assert (right.score, right.is_correct, right.rule, right.feedback) == (1.0, True, RULE_EXACT_ONE, ("Yes.",))
    assert (wrong.score, wrong.is_correct, wrong.feedback) == (0.0, False, ("No.",))


def test_true_false_grading():
    assert grade_question(TF_Q, ["f"]).score == 1.0
    assert grade_question(TF_Q, ["t"]).score == 0.0


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        (["m1", "m2", "m4"], 1.0),          # exactly the right ones
        (["m1", "m2"], 0.6667),             # partly correct: 2 of 3
        (["m1"], 0.3333),
        (["m1", "m2", "m3"], 0.3333),       # two right, one wrong
        (["m1", "m2", "m3", "m4"], 0.6667),  # ticking everything costs the wrong one
        (["m3"], 0.0),                      # floored at zero, never negative
    ],
)
def test_multiple_choice_partial_credit(selected, expected):
    result = grade_question(MULTI_Q, selected)
    assert result.score == expected
    assert result.rule == RULE_MULTI_PARTIAL
    assert result.is_partly_correct == (0 < expected < 1)


def test_quiz_percent_and_pass_mark():
    result = grade_quiz(QUIZ, {"q1": ["b"], "q2": ["m1", "m2"], "q3": ["t"]})
    assert result.score == pytest.approx(1.6667)
    assert result.percent == 55.6
    assert not result.passed(60)
    assert result.passed(50)


@pytest.mark.parametrize(
    ("submission", "message"),
    [
        ({"q1": ["b"], "q2": ["m1"]}, "answer every question"),
        ({"q1": ["b"], "q2": ["m1"], "q3": []}, "answer every question"),
        ({"q1": ["zz"], "q2": ["m1"], "q3": ["t"]}, "does not belong"),
        ({"q1": ["m1"], "q2": ["m1"], "q3": ["t"]}, "does not belong"),  # another question's answer
        ({"q1": ["a", "b"], "q2": ["m1"], "q3": ["t"]}, "exactly one"),
        ({"q1": ["b"], "q2": ["m1", "m1"], "q3": ["t"]}, "twice"),
        ({"q1": ["b"], "q2": ["m1"], "q3": ["t"], "q9": ["x"]}, "not part of this quiz"),
    ],
)
def test_invalid_submissions_are_refused_whole(submission, message):
    with pytest.raises(SubmissionError, match=message):
        validate_submission(QUIZ, submission)
    with pytest.raises(SubmissionError):
        grade_quiz(QUIZ, submission)


@pytest.mark.parametrize(
    ("kind", "answers", "problem"),
    [
        (SINGLE, [("A", True), ("B", True)], "exactly one correct"),
        (SINGLE, [("A", False), ("B", False)], "exactly one correct"),
        (TRUE_FALSE, [("Yes", True), ("No", False)], "True and False"),
        (MULTIPLE, [("A", False), ("B", False)], "at least one correct"),
        (MULTIPLE, [("A", True)], "at least two answers"),
        ("essay", [("A", True), ("B", False)], "Unknown question type"),
    ],
)
def test_authoring_rules(kind, answers, problem):
    assert any(problem in p for p in validate_question(kind, answers))


def test_sound_questions_have_no_problems():
    assert validate_question(TRUE_FALSE, [("True", False), ("False", True)]) == []
    assert validate_question(MULTIPLE, [("A", True), ("B", True), ("C", False)]) == []
