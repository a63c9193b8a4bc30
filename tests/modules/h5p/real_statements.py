"""Statements captured from the real H5P.QuestionSet player (with MultiChoice and TrueFalse children),
shared by the re-scoring and the xAPI endpoint tests, and the editor content they answer."""


def editor_multi_choice(correct, single_point=False):
    """content.json as the H5P editor writes it for MultiChoice 1.16 (every behaviour key present)."""
    return {
        "media": {"disableImageZooming": False},
        "answers": [{"correct": flag, "tipsAndFeedback": {"tip": "", "chosenFeedback": "", "notChosenFeedback": ""},
                     "text": f"<div>Option {i}</div>\n"} for i, flag in enumerate(correct)],
        "overallFeedback": [{"from": 0, "to": 100}],
        "behaviour": {"enableRetry": True, "enableSolutionsButton": True, "enableCheckButton": True, "type": "auto",
                      "singlePoint": single_point, "randomAnswers": True, "showSolutionsRequiresInput": True,
                      "confirmCheckDialog": False, "confirmRetryDialog": False, "autoCheck": False,
                      "passPercentage": 100, "showScorePoints": True},
        "question": "<p>Question?</p>\n",
    }


def editor_true_false(question, correct):
    """content.json as the H5P editor writes it for TrueFalse 1.8 (semantics.json defaults)."""
    return {
        "media": {}, "correct": correct, "question": f"<p>{question}</p>\n",
        "l10n": {"trueText": "True", "falseText": "False", "score": "You got @score of @total points", "checkAnswer": "Check",
                 "showSolutionButton": "Show solution", "tryAgain": "Retry", "wrongAnswerMessage": "Wrong answer",
                 "correctAnswerMessage": "Correct answer", "scoreBarLabel": "You got :num out of :total points"},
        "behaviour": {"enableRetry": True, "enableSolutionsButton": True, "enableCheckButton": True, "disableImageZooming": False,
                      "confirmCheckDialog": False, "confirmRetryDialog": False, "autoCheck": False},
    }


REAL_QS_BASE = "http://127.0.0.1:8000/h5p/activities/c09f1ccf-fd50-4aba-80e2-fb3967650737/"
REAL_MC_SUB, REAL_TF_SUB = "3b1c4a7e-2f0d-4c55-9a61-0c1d2e3f4a5b", "9e8d7c6b-5a49-4382-b716-f5e4d3c2b1a0"
REAL_QUESTION_SET = {
    "introPage": {"showIntroPage": False, "startButtonText": "Start Quiz"}, "progressType": "dots", "passPercentage": 50,
    "questions": [
        {"params": dict(editor_multi_choice([True, False, False]), question="<p>What is the capital of <strong>France</strong>?</p>\n"),
         "library": "H5P.MultiChoice 1.16", "metadata": {"contentType": "Multiple Choice", "license": "U", "title": "Capital"},
         "subContentId": REAL_MC_SUB},
        {"params": editor_true_false("Lyon is the capital of France.", "false"),
         "library": "H5P.TrueFalse 1.8", "metadata": {"contentType": "True/False Question", "license": "U", "title": "Lyon"},
         "subContentId": REAL_TF_SUB}],
    "disableBackwardsNavigation": False, "randomQuestions": False, "override": {"checkButton": True},
    "endGame": {"showResultPage": True, "showSolutionButton": True, "message": "Your result:", "showAnimations": False},
}


def real_qs_completed(raw):
    return {
        "actor": {"account": {"name": "532bdd9d-7339-41ab-8bdb-e6a8852f4d8b"}, "objectType": "Agent"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
        "object": {"id": REAL_QS_BASE, "objectType": "Activity"},
        "context": {"contextActivities": {"category": [{"id": "http://h5p.org/libraries/H5P.QuestionSet-1.12", "objectType": "Activity"}]}},
        "result": {"score": {"min": 0, "max": 2, "raw": raw, "scaled": raw / 2}, "completion": True, "success": raw / 2 >= 0.5},
    }


def real_qs_child(sub_id, library, response, raw):
    return {
        "verb": {"id": "http://adlnet.gov/expapi/verbs/answered", "display": {"en-US": "answered"}},
        "object": {"id": f"{REAL_QS_BASE}?subContentId={sub_id}", "objectType": "Activity",
                   "definition": {"extensions": {"http://h5p.org/x-api/h5p-subContentId": sub_id}}},
        "context": {"contextActivities": {"parent": [{"id": REAL_QS_BASE, "objectType": "Activity"}],
                                          "category": [{"id": f"http://h5p.org/libraries/{library}", "objectType": "Activity"}]}},
        "result": {"score": {"min": 0, "max": 1, "raw": raw, "scaled": raw}, "completion": True, "success": bool(raw),
                   "response": response},
    }
