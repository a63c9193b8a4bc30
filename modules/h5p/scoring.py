"""Re-scoring H5P answers on the server, from the learner's `result.response` and the package's
own content.json. Pure functions: no Django, no database, no request.

The browser's score is only a claim. For the question types below the response is enough to
compute the score again, so the claim is ignored. Every rule follows H5P's own source, read in
the upstream repositories (h5p/h5p-multi-choice, h5p/h5p-true-false, h5p/h5p-question-set,
h5p/h5p-php-library); each function names the part it follows.

`rescore()` returns (raw, max) or None when the activity cannot be re-scored (another content
type, a question set holding another type or missing a child statement). A response that no H5P
player would send (an index out of range, two answers to a single-answer question, …) is a
forgery or a bug: it raises InvalidResponse and the statement is refused as a whole.
"""

from urllib.parse import parse_qs, urlsplit

MULTI_CHOICE = "H5P.MultiChoice"
TRUE_FALSE = "H5P.TrueFalse"
QUESTION_SET = "H5P.QuestionSet"

# H5P.MultiChoice joins answer indices with "[,]" in result.response (addResponseToXAPI in
# js/multichoice.js), the xAPI 1.0.3 separator for choice interactions.
RESPONSE_SEPARATOR = "[,]"

# js/multichoice.js `defaults.behaviour`: what the player uses when content.json leaves a key out.
MULTI_CHOICE_DEFAULTS = {"type": "auto", "singlePoint": True, "passPercentage": 100}


class InvalidResponse(ValueError):
    """A response that does not fit the activity's content: refused, never scored in part."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def machine_name(library):
    """"H5P.MultiChoice 1.16" -> "H5P.MultiChoice"."""
    return (library or "").split(" ", 1)[0]


def rescore(main_library, content, statement, children=()):
    """(raw, max) computed on the server for the activity's statement, or None."""
    name = machine_name(main_library)
    if name == QUESTION_SET:
        return score_question_set(content, children)
    scorer = QUESTION_SCORERS.get(name)
    if scorer is None:
        return None
    return scorer(_params(content), response_of(statement))


def response_of(statement):
    """The learner's answer as H5P reports it. Scorable types always send one (possibly empty):
    a statement without it would otherwise slip through to the browser's score."""
    result = statement.get("result") if isinstance(statement, dict) else None
    response = result.get("response") if isinstance(result, dict) else None
    if not isinstance(response, str):
        raise InvalidResponse("The statement carries no response to check the score against.")
    return response


def score_multi_choice(params, response):
    """H5P.MultiChoice, following js/multichoice.js (calcScore, calculateMaxScore, getMaxScore,
    the single-answer branch of toggleCheck) and the pure js/multichoice-scoring.js helpers that
    mirror it (calcScore, calcSingleAnswerScore, getMaxScore):

    - behaviour.type "auto" means single answer when exactly one option is correct; otherwise
      "single" / "multi" decide.
    - single answer: `weight` when the chosen option is correct, else 0; max `weight` (default 1).
    - multiple answers: +weight of each correct option chosen, -weight of each wrong one, floored
      at 0. When no option is correct, choosing none earns `weight`.
      singlePoint: `weight` if 100 * score / (sum of correct weights) >= passPercentage, else 0,
      with max `weight`. Otherwise max is the sum of the correct options' weights (1 each).
    - the response holds original-order indices even when answers are shuffled: the player maps
      displayed positions back through its idMap before reporting (addResponseToXAPI).
    """
    answers = [a if isinstance(a, dict) else {} for a in _list(params.get("answers"))]
    behaviour = {**MULTI_CHOICE_DEFAULTS, **_dict(params.get("behaviour"))}
    weight = _number(params.get("weight"), 1)
    chosen = parse_choice_response(response, len(answers))
    correct = [bool(a.get("correct")) for a in answers]
    number_correct = sum(correct)
    blank_is_correct = number_correct == 0

    if behaviour["type"] == "auto":
        single_answer = number_correct == 1
    else:
        single_answer = behaviour["type"] == "single"

    if single_answer:
        if len(chosen) > 1:
            raise InvalidResponse("A single-answer question was answered with several options.")
        return (weight if chosen and correct[chosen[0]] else 0), weight

    def choice_weight(index):
        return _number(answers[index].get("weight"), 1)

    full_marks = weight if blank_is_correct else sum(choice_weight(i) for i in range(len(answers)) if correct[i])
    score = sum(choice_weight(i) if correct[i] else -choice_weight(i) for i in chosen)
    score = max(score, 0)
    if not chosen and blank_is_correct:
        score = weight
    if behaviour["singlePoint"]:
        pass_percentage = _number(behaviour.get("passPercentage"), 100)
        reached = full_marks > 0 and 100 * score / full_marks >= pass_percentage
        return (weight if reached else 0), weight
    return score, full_marks


def parse_choice_response(response, option_count):
    """"0[,]2" -> [0, 2]; "" -> []. Indices must name distinct existing options."""
    if response == "":
        return []
    indices = []
    for part in response.split(RESPONSE_SEPARATOR):
        if not (part.isascii() and part.isdigit()):
            raise InvalidResponse("The response is not a list of option numbers.")
        index = int(part)
        if index >= option_count:
            raise InvalidResponse("The response names an option the question does not have.")
        if index in indices:
            raise InvalidResponse("The response names the same option twice.")
        indices.append(index)
    return indices


def score_true_false(params, response):
    """H5P.TrueFalse, following scripts/h5p-true-false.js: max is always 1 (MAX_SCORE); the
    response is "true" or "false" (getCorrectAnswer / getWrongAnswer), "" when unanswered.
    `correct` defaults to "true" as in the player's defaults. Versions before 1.2 reported the
    button labels (l10n.trueText / falseText) instead, so those are mapped back."""
    correct = "true" if params.get("correct", "true") == "true" else "false"
    labels = _dict(params.get("l10n"))
    legacy = {labels.get("trueText"): "true", labels.get("falseText"): "false"}
    if response not in ("true", "false", ""):
        response = legacy.get(response)
        if response is None:
            raise InvalidResponse("A true/false question was answered with something else.")
    return (1 if response == correct else 0), 1


QUESTION_SCORERS = {MULTI_CHOICE: score_multi_choice, TRUE_FALSE: score_true_false}


def score_question_set(content, children):
    """H5P.QuestionSet, following js/questionset.js: getScore and getMaxScore are the sums over
    its question instances; getXAPIData reports one child statement per question, whose object
    id is the set's id plus "?subContentId=<question's subContentId>" (getContentXAPIId in the
    core's h5p-x-api-event.js).

    Every question must be a re-scorable type and have its child statement; otherwise (another
    type, a pool showing only some questions, a missing child) the set cannot be re-scored."""
    questions = [q for q in _list(_params(content).get("questions")) if isinstance(q, dict)]
    if not questions:
        return None
    by_id = {}
    for child in children:
        sub_id = sub_content_id(child)
        if sub_id is None:
            raise InvalidResponse("A child statement does not name the question it answers.")
        if sub_id in by_id:
            raise InvalidResponse("Two child statements answer the same question.")
        by_id[sub_id] = child
    known = {q.get("subContentId") for q in questions}
    if not set(by_id) <= known:
        raise InvalidResponse("A child statement answers a question this activity does not have.")

    total_raw = total_max = 0
    for question in questions:
        scorer = QUESTION_SCORERS.get(machine_name(question.get("library")))
        child = by_id.get(question.get("subContentId"))
        if scorer is None or child is None:
            return None
        raw, maximum = scorer(_dict(question.get("params")), response_of(child))
        total_raw += raw
        total_max += maximum
    return total_raw, total_max


def sub_content_id(statement):
    """The subContentId in a child statement's object id, or None."""
    obj = statement.get("object") if isinstance(statement, dict) else None
    object_id = obj.get("id") if isinstance(obj, dict) else None
    if not isinstance(object_id, str):
        return None
    values = parse_qs(urlsplit(object_id).query).get("subContentId", [])
    return values[0] if len(values) == 1 and values[0] else None


def _params(content):
    # content.json holds the main library's params at its top level.
    return content if isinstance(content, dict) else {}


def _dict(value):
    return value if isinstance(value, dict) else {}


def _list(value):
    return value if isinstance(value, list) else []


def _number(value, default):
    # As in the player: a missing weight counts as the default. bool is an int in Python: refuse it.
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
        return value
    return default
