"""Server-side re-scoring of H5P answers: pure functions, no database."""

import pytest

from modules.h5p.scoring import InvalidResponse, rescore, score_multi_choice, score_question_set, score_true_false

from .real_statements import (REAL_MC_SUB, REAL_QUESTION_SET, REAL_TF_SUB, editor_multi_choice, editor_true_false, real_qs_child,
                              real_qs_completed)

MC = "H5P.MultiChoice 1.16"
TF = "H5P.TrueFalse 1.8"
QS = "H5P.QuestionSet 1.20"
BASE = "http://testserver/h5p/activities/4f1c7e52-8d5b-4a55-9b53-2f0f3f0d9a10/"


def multi_choice(correct, **behaviour):
    """content.json of a MultiChoice whose options are right or wrong as `correct` says."""
    return {
        "question": "<p>Which helices?</p>",
        "answers": [{"text": f"Option {i}", "correct": flag} for i, flag in enumerate(correct)],
        "behaviour": {"type": "auto", "singlePoint": False, "passPercentage": 100, "randomAnswers": True, **behaviour},
    }


def answered(response, raw=1, maximum=1, object_id=BASE):
    return {"verb": {"id": "http://adlnet.gov/expapi/verbs/answered"}, "object": {"id": object_id},
            "result": {"response": response, "score": {"min": 0, "raw": raw, "max": maximum}}}


# --- MultiChoice -------------------------------------------------------------------------------

@pytest.mark.parametrize("response, expected", [("1", (1, 1)), ("0", (0, 1)), ("", (0, 1))])
def test_single_answer_scores_one_for_the_right_option(response, expected):
    # "auto" with exactly one correct option is a single-answer (radio) question: max is 1.
    assert score_multi_choice(multi_choice([False, True, False]), response) == expected


def test_single_answer_type_ignores_single_point_and_caps_at_one():
    content = multi_choice([True, True, False], type="single", singlePoint=False)
    assert score_multi_choice(content, "1") == (1, 1)
    assert score_multi_choice(content, "2") == (0, 1)


def test_single_answer_refuses_several_options():
    with pytest.raises(InvalidResponse, match="several options"):
        score_multi_choice(multi_choice([False, True, False]), "1[,]2")


@pytest.mark.parametrize("response, expected", [
    ("0[,]2", (2, 2)),         # both right answers
    ("2[,]0", (2, 2)),         # order does not matter
    ("0", (1, 2)),             # partial: one of two right answers
    ("0[,]1", (0, 2)),         # one right, one wrong: +1 -1
    ("1[,]3", (0, 2)),         # only wrong answers: floored at 0, never negative
    ("0[,]1[,]2", (1, 2)),     # two right, one wrong
    ("", (0, 2)),
])
def test_multiple_answers_plus_one_per_right_minus_one_per_wrong(response, expected):
    assert score_multi_choice(multi_choice([True, False, True, False]), response) == expected


@pytest.mark.parametrize("response, expected", [("0[,]2", (1, 1)), ("0", (0, 1)), ("0[,]1[,]2", (0, 1))])
def test_single_point_is_all_or_nothing(response, expected):
    assert score_multi_choice(multi_choice([True, False, True], singlePoint=True), response) == expected


def test_single_point_honours_the_pass_percentage():
    content = multi_choice([True, False, True, True, True], singlePoint=True, passPercentage=75)
    assert score_multi_choice(content, "0[,]2[,]3") == (1, 1)   # 3 of 4 = 75 %
    assert score_multi_choice(content, "0[,]2") == (0, 1)       # 2 of 4 = 50 %


def test_missing_behaviour_uses_the_players_defaults():
    # js/multichoice.js defaults: type "auto", singlePoint true, passPercentage 100.
    content = {"answers": [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}]}
    assert score_multi_choice(content, "0[,]1") == (1, 1)
    assert score_multi_choice(content, "0") == (0, 1)


def test_no_correct_option_means_choosing_none_is_right():
    content = multi_choice([False, False], type="multi")
    assert score_multi_choice(content, "") == (1, 1)
    assert score_multi_choice(content, "0") == (0, 1)


def test_weights_from_content_json_are_honoured():
    content = multi_choice([True, False, True])
    content["answers"][2]["weight"] = 3
    assert score_multi_choice(content, "2") == (3, 4)
    content = multi_choice([False, True]) | {"weight": 0}
    assert score_multi_choice(content, "1") == (0, 0)   # nothing to score: the caller refuses it


@pytest.mark.parametrize("response, message", [
    ("3", "does not have"), ("0[,]7", "does not have"), ("-1", "option numbers"), ("1,2", "option numbers"),
    (" 1", "option numbers"), ("0[,]0", "twice"), ("1[,]", "option numbers"), ("١", "option numbers"),
])
def test_out_of_range_or_malformed_indices_are_refused(response, message):
    with pytest.raises(InvalidResponse, match=message):
        score_multi_choice(multi_choice([True, False, True]), response)


def test_indices_are_original_order_whatever_the_shuffle():
    # randomAnswers only changes the display: the same response scores the same.
    shuffled = multi_choice([False, True, True], randomAnswers=True)
    plain = multi_choice([False, True, True], randomAnswers=False)
    assert score_multi_choice(shuffled, "2[,]1") == score_multi_choice(plain, "1[,]2") == (2, 2)


# --- TrueFalse ---------------------------------------------------------------------------------

@pytest.mark.parametrize("correct, response, expected", [
    ("true", "true", (1, 1)), ("true", "false", (0, 1)), ("false", "false", (1, 1)),
    ("false", "true", (0, 1)), ("true", "", (0, 1)),
])
def test_true_false(correct, response, expected):
    assert score_true_false({"question": "<p>Is it?</p>", "correct": correct}, response) == expected


def test_true_false_maps_legacy_labels_and_refuses_anything_else():
    content = {"correct": "false", "l10n": {"trueText": "Richtig", "falseText": "Falsch"}}
    assert score_true_false(content, "Falsch") == (1, 1)
    with pytest.raises(InvalidResponse):
        score_true_false(content, "maybe")


# --- rescore() dispatch --------------------------------------------------------------------------

def test_rescore_ignores_the_posted_score():
    content = multi_choice([True, False])
    assert rescore(MC, content, answered("1", raw=1, maximum=1)) == (0, 1)
    assert rescore(TF, {"correct": "true"}, answered("true", raw=0)) == (1, 1)


def test_rescore_needs_a_response_for_scorable_types():
    statement = answered("0")
    del statement["result"]["response"]
    with pytest.raises(InvalidResponse, match="no response"):
        rescore(MC, multi_choice([True, False]), statement)


@pytest.mark.parametrize("library", ["H5P.DragText 1.10", "H5P.ElearnCheck 1.0", "", None])
def test_other_types_are_not_rescorable(library):
    assert rescore(library, {"answers": []}, answered("0")) is None


# --- QuestionSet -------------------------------------------------------------------------------

def question_set(*questions, **params):
    return {"questions": [{"library": lib, "subContentId": sub, "params": p} for lib, sub, p in questions], **params}


SET = question_set(
    (MC, "mc-1", multi_choice([True, False, True])),
    (TF, "tf-1", {"correct": "false"}),
    (MC, "mc-2", multi_choice([False, True])),
)


def child(sub_id, response):
    return answered(response, object_id=f"{BASE}?subContentId={sub_id}")


def test_question_set_sums_rescored_children():
    children = [child("mc-1", "0"), child("tf-1", "false"), child("mc-2", "1")]
    assert rescore(QS, SET, {"result": {"score": {"raw": 4, "max": 4}}}, children) == (3, 4)
    assert score_question_set(SET, [child("mc-1", "0[,]2"), child("tf-1", "false"), child("mc-2", "1")]) == (4, 4)


def test_question_set_without_every_child_falls_back():
    # e.g. a pool showing only some questions: the server cannot tell the full score.
    assert score_question_set(SET, [child("mc-1", "0"), child("tf-1", "false")]) is None
    assert score_question_set(SET, []) is None


def test_question_set_with_another_question_type_falls_back():
    mixed = question_set((MC, "mc-1", multi_choice([True, False])), ("H5P.DragText 1.10", "dt-1", {}))
    assert score_question_set(mixed, [child("mc-1", "0"), child("dt-1", "x")]) is None


@pytest.mark.parametrize("children, message", [
    ([child("mc-1", "0"), child("mc-1", "2"), child("tf-1", "true"), child("mc-2", "1")], "same question"),
    ([child("mc-1", "0"), child("tf-1", "true"), child("mc-2", "1"), child("zz-9", "0")], "does not have"),
    ([answered("0"), child("tf-1", "true"), child("mc-2", "1")], "does not name"),
    ([child("mc-1", "9"), child("tf-1", "true"), child("mc-2", "1")], "does not have"),
])
def test_question_set_refuses_forged_children(children, message):
    with pytest.raises(InvalidResponse, match=message):
        score_question_set(SET, children)


# --- Statements captured from the real H5P.MultiChoice 1.16 player ---------------------------------
# Emitted by upstream js/multichoice.js (h5p/h5p-multi-choice, library.json 1.16.12) through
# h5p-standalone's core in headless Chromium, answers shuffled (randomAnswers: true, the editor's
# default): choices are listed in display order but `response` holds original indices.

REAL_SINGLE_RIGHT = {
    "actor": {"account": {"name": "8a29ca9a-4c05-4dc0-b4a9-bf2ca5b80fda"}, "objectType": "Agent"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
    "object": {
        "id": "http://127.0.0.1:8000/h5p/activities/bc5d2702-2437-495d-8b78-30fadd3cdc1e/", "objectType": "Activity",
        "definition": {
            "extensions": {"http://h5p.org/x-api/h5p-local-content-id": "bc5d27022437495d8b7830fadd3cdc1e"},
            "description": {"en-US": "What is the capital of France?\n"},
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "choice",
            "correctResponsesPattern": ["0"],
            "choices": [{"id": "1", "description": {"en-US": "Lyon\n"}}, {"id": "0", "description": {"en-US": "Paris\n"}},
                        {"id": "2", "description": {"en-US": "Marseille\n"}}],
        },
    },
    "context": {"contextActivities": {"category": [
        {"id": "http://h5p.org/libraries/H5P.MultiChoice-1.16", "objectType": "Activity"}]}},
    "result": {"score": {"min": 0, "max": 1, "raw": 1, "scaled": 1}, "completion": True, "success": True, "response": "0"},
}


def real_statement(response, raw, maximum):
    statement = {**REAL_SINGLE_RIGHT, "result": dict(REAL_SINGLE_RIGHT["result"], response=response,
                                                     score={"min": 0, "max": maximum, "raw": raw, "scaled": raw / maximum})}
    return statement


@pytest.mark.parametrize("correct, single_point, response, reported", [
    ([True, False, False], False, "0", (1, 1)),               # single answer, right
    ([True, False, False], False, "1", (0, 1)),               # single answer, wrong
    ([True, False, True, False], False, "0[,]2", (2, 2)),     # multiple answers, both right
    ([True, False, True, False], False, "0[,]3", (0, 2)),     # one right, one wrong: +1 -1
    ([True, False, True, False], True, "0[,]2", (1, 1)),      # singlePoint, all right
    ([True, False, True, False], True, "0", (0, 1)),          # singlePoint, half right
])
def test_rescoring_matches_what_the_real_player_reported(correct, single_point, response, reported):
    # Each (response, score) pair was posted by the real library for content of this shape.
    statement = real_statement(response, *reported)
    assert rescore(MC, editor_multi_choice(correct, single_point), statement) == reported


def test_the_captured_statement_itself_rescores_to_its_own_score():
    assert rescore(MC, editor_multi_choice([True, False, False]), REAL_SINGLE_RIGHT) == (1, 1)


# --- Statements captured from the real H5P.TrueFalse and H5P.QuestionSet players ----------------
# Upstream h5p/h5p-true-false (library.json 1.8.4, scripts/h5p-true-false*.js) and h5p/h5p-question-set
# (library.json 1.12.0, js/questionset.js) with the real H5P.MultiChoice 1.16, played through
# h5p-standalone in headless Chromium. Object ids are the player's xAPIObjectIRI; abridged to the
# parts the server reads plus enough of the rest to recognise them.

REAL_TF_BASE = "http://127.0.0.1:8000/h5p/activities/3574d064-3be1-4ee6-8866-d54ab6205302/"


def real_true_false(response, raw):
    return {
        "actor": {"account": {"name": "060c5ed8-09bb-4248-b5c5-0d5a29a318df"}, "objectType": "Agent"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"id": REAL_TF_BASE, "objectType": "Activity", "definition": {
            "description": {"en-US": "Paris is the capital of France.\n"},
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction", "interactionType": "true-false",
            "correctResponsesPattern": ["true"]}},
        "context": {"contextActivities": {"category": [{"id": "http://h5p.org/libraries/H5P.TrueFalse-1.8", "objectType": "Activity"}]}},
        "result": {"score": {"min": 0, "max": 1, "raw": raw, "scaled": raw}, "completion": True, "success": bool(raw),
                   "response": response},
    }


@pytest.mark.parametrize("response, reported", [("true", (1, 1)), ("false", (0, 1))])
def test_true_false_rescoring_matches_the_real_player(response, reported):
    content = editor_true_false("Paris is the capital of France.", "true")
    assert rescore(TF, content, real_true_false(response, reported[0])) == reported


@pytest.mark.parametrize("mc_response, tf_response, reported", [
    ("0", "false", 2),   # Paris, False: both right
    ("1", "true", 0),    # Lyon, True: both wrong
    ("0", "true", 1),    # Paris right, True wrong
])
def test_question_set_rescoring_matches_the_real_player(mc_response, tf_response, reported):
    # Children as the real questions emitted them on "Check"; `reported` is the set's own "completed".
    children = [real_qs_child(REAL_MC_SUB, "H5P.MultiChoice-1.16", mc_response, int(mc_response == "0")),
                real_qs_child(REAL_TF_SUB, "H5P.TrueFalse-1.8", tf_response, int(tf_response == "false"))]
    statement = real_qs_completed(reported)
    assert rescore(QS, REAL_QUESTION_SET, statement, children) == (reported, 2)


def test_question_set_scores_the_answers_it_is_given_so_children_must_be_current():
    # Captured: "Lyon" checked (child "1"), Retry, "Paris" chosen without checking again, True/False
    # answered "false", Finish. The real set reported 2/2. The "Check" statements alone hold the stale
    # "1" and score 1/2: why the player sends getXAPIData's children built from the current answers
    # (static/h5p/player.js), which hold "0" and score what the player reported.
    stale = [real_qs_child(REAL_MC_SUB, "H5P.MultiChoice-1.16", "1", 0),
             real_qs_child(REAL_TF_SUB, "H5P.TrueFalse-1.8", "false", 1)]
    current = [real_qs_child(REAL_MC_SUB, "H5P.MultiChoice-1.16", "0", 1), stale[1]]
    assert rescore(QS, REAL_QUESTION_SET, real_qs_completed(2), stale) == (1, 2)
    assert rescore(QS, REAL_QUESTION_SET, real_qs_completed(2), current) == (2, 2)
