"""Grading as pure functions: question definition + submission -> score and feedback.

No database, no request: the same functions grade quiz attempts on the site and in the admin
preview, and check questions as they are authored or imported. The offline copy's self-check is a
line-by-line JavaScript port (templates/packs/offline/selfcheck.js, compared in the tests); H5P
scores are recomputed by h5p/scoring.py. Every result names the rule it was graded by, and the rule
string is stored with each answer so a later change of rules never rewrites history.
"""

from dataclasses import dataclass, field

from .errors import ElearnError
from .scoring_rule import SCORE_PLACES, quiz_percent, round_half_up

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
QUESTION_KINDS = (SINGLE, MULTIPLE, TRUE_FALSE)

RULE_EXACT_ONE = "exact-one:v1"
RULE_MULTI_PARTIAL = "multi-partial:v1"


class SubmissionError(ElearnError, ValueError):
    """A submission that does not fit the quiz: it is refused as a whole, never graded in part (400)."""

    status = 400

    def __init__(self, message, question_id=None):
        super().__init__(message)
        self.question_id = question_id


@dataclass(frozen=True)
class AnswerDef:
    id: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class QuestionDef:
    id: str
    kind: str
    answers: tuple

    def answer_ids(self):
        return {a.id for a in self.answers}

    def correct_ids(self):
        return {a.id for a in self.answers if a.correct}


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    selected: tuple
    score: float
    max_score: float
    rule: str
    feedback: tuple = ()

    @property
    def is_correct(self):
        return self.score >= self.max_score

    @property
    def is_partly_correct(self):
        return 0 < self.score < self.max_score


@dataclass(frozen=True)
class QuizResult:
    questions: tuple = field(default_factory=tuple)

    @property
    def score(self):
        return round(sum(q.score for q in self.questions), 4)

    @property
    def max_score(self):
        return sum(q.max_score for q in self.questions)

    @property
    def percent(self):
        return quiz_percent(self.score, self.max_score)

    def passed(self, pass_mark):
        return self.percent >= pass_mark


def grade_question(question, selected_ids):
    """Score one question. `selected_ids` must already be validated (see validate_submission)."""
    selected = set(selected_ids)
    correct = question.correct_ids()
    if question.kind == MULTIPLE:
        # Each right option adds 1/k, each wrong one takes 1/k away (k = number of right options),
        # floored at zero: ticking every box earns nothing, a partly right selection earns part.
        hits = len(selected & correct)
        misses = len(selected - correct)
        score = max(0.0, (hits - misses) / len(correct)) if correct else 0.0
        rule = RULE_MULTI_PARTIAL
    else:
        score = 1.0 if selected == correct else 0.0
        rule = RULE_EXACT_ONE
    feedback = tuple(a.feedback for a in question.answers if a.id in selected and a.feedback)
    ordered = tuple(a.id for a in question.answers if a.id in selected)
    return QuestionResult(question.id, ordered, round_half_up(score, SCORE_PLACES), 1.0, rule, feedback)


def validate_submission(questions, submission):
    """Refuse anything but exactly one well-formed answer set per question of this quiz.

    `submission` maps question id -> list of answer ids, as parsed from the request.
    """
    by_id = {q.id: q for q in questions}
    unknown = set(submission) - set(by_id)
    if unknown:
        raise SubmissionError("The submission names a question that is not part of this quiz.", sorted(unknown)[0])
    for question in questions:
        chosen = submission.get(question.id) or []
        if not chosen:
            raise SubmissionError("Please answer every question before submitting.", question.id)
        if len(set(chosen)) != len(chosen):
            raise SubmissionError("The same answer was sent twice.", question.id)
        if set(chosen) - question.answer_ids():
            raise SubmissionError("The submission names an answer that does not belong to the question.", question.id)
        if question.kind != MULTIPLE and len(chosen) != 1:
            raise SubmissionError("Choose exactly one answer for this question.", question.id)


def grade_quiz(questions, submission):
    """Validate, then grade every question. Raises SubmissionError before grading anything."""
    validate_submission(questions, submission)
    return QuizResult(tuple(grade_question(q, submission[q.id]) for q in questions))


def validate_question(kind, answers):
    """Authoring rules for one question; returns a list of problems (empty when it is sound).

    `answers` is a sequence of (text, correct) pairs."""
    problems = []
    if kind not in QUESTION_KINDS:
        return [f"Unknown question type {kind!r}."]
    correct = sum(1 for _, is_correct in answers if is_correct)
    if len(answers) < 2:
        problems.append("A question needs at least two answers.")
    if kind == TRUE_FALSE and sorted(text.strip().lower() for text, _ in answers) != ["false", "true"]:
        problems.append("A true/false question has exactly the two answers True and False.")
    if kind in (SINGLE, TRUE_FALSE) and correct != 1:
        problems.append("This question type needs exactly one correct answer.")
    if kind == MULTIPLE and correct < 1:
        problems.append("A multiple-choice question needs at least one correct answer.")
    return problems
