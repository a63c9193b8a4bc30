"""Questions to review: which questions are flagged, in which order, and how the analytics page shows them."""

import pytest

from modules.analytics import flags, queries
from modules.analytics.flags import DISTRACTOR, LOW_DISCRIMINATION, TOO_EASY, TOO_HARD, flag_question, questions_to_review



class Quiz:
    def __init__(self, path="0001"):
        self.path, self.title, self.pk = path, "Quiz", 1


def stat(answered=20, correct=10, key=10, wrongs=(5, 5), top=(6, 5), bottom=(6, 1), quiz=None):
    options = [{"id": "k", "text": "Key", "correct": True, "chosen": key}]
    options += [{"id": f"w{n}", "text": f"Wrong {n}", "correct": False, "chosen": c} for n, c in enumerate(wrongs)]
    return queries.QuestionStats(quiz=quiz or Quiz(), question_id="q", prompt="Which?", answered=answered, correct=correct,
                                 top_n=top[0], top_correct=top[1], bottom_n=bottom[0], bottom_correct=bottom[1], options=options)


def test_a_sound_question_has_no_flag():
    assert flag_question(stat()) == []


@pytest.mark.parametrize("kwargs, expected", [
    ({"correct": 5, "key": 5, "wrongs": (8, 7)}, [TOO_HARD, DISTRACTOR]),       # 25 % right; a wrong answer beats the key
    ({"correct": 20, "key": 20, "wrongs": (0, 0), "top": (6, 6), "bottom": (6, 6)}, [TOO_EASY, LOW_DISCRIMINATION]),
    ({"correct": 10, "key": 10, "wrongs": (9, 1), "top": (6, 3), "bottom": (6, 3)}, [LOW_DISCRIMINATION]),
    ({"correct": 8, "key": 8, "wrongs": (9, 3)}, [DISTRACTOR]),
    ({"correct": 6, "key": 6, "wrongs": (7, 7)}, [DISTRACTOR]),                 # exactly 30 % is not "too hard"
])
def test_each_flag(kwargs, expected):
    assert flag_question(stat(**kwargs)) == expected


def test_too_few_answers_are_not_a_signal():
    assert flag_question(stat(answered=9, correct=0, key=0, wrongs=(9, 0))) == []
    assert flag_question(stat(answered=9, correct=0, key=0, wrongs=(9, 0)), min_answers=5) == [TOO_HARD, DISTRACTOR]


def test_unknown_discrimination_is_not_flagged():
    assert flag_question(stat(top=(0, 0), bottom=(0, 0))) == []


def test_most_troubling_first():
    one = stat(correct=8, key=8, wrongs=(9, 3))                                   # one flag, 40 %
    two = stat(correct=5, key=5, wrongs=(8, 7))                                   # two flags, 25 %
    three = stat(correct=2, key=2, wrongs=(15, 3), top=(6, 1), bottom=(6, 1))     # three flags, 10 %
    also_one = stat(correct=10, key=10, wrongs=(9, 1), top=(6, 3), bottom=(6, 3))  # one flag, 50 %
    ordered = questions_to_review([one, stat(), also_one, two, three])
    assert [item.stat for item in ordered] == [three, two, one, also_one]
    assert ordered[0].strongest_distractor["text"] == "Wrong 0"
    assert [str(label) for label in ordered[1].labels] == [str(flags.LABELS[TOO_HARD]), str(flags.LABELS[DISTRACTOR])]
