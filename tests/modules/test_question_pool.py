"""The question-pool draw (modules/question_pool.py): seeded, reproducible, fair, the same in the browser."""

from collections import Counter

import pytest

from modules.question_pool import asked_count, draw_questions, validate_ask
from tests.modules.pool_js import run_draw

POOL = [(f"q{i}", "true_false" if i == 4 else ("multiple" if i % 3 == 0 else "single"),
         ["t", "f"] if i == 4 else [f"q{i}a{j}" for j in range(4)]) for i in range(10)]


def test_the_same_seed_draws_the_same_questions_and_option_order():
    assert draw_questions(POOL, 6, 1234) == draw_questions(POOL, 6, 1234)
    assert draw_questions(POOL, 6, 1234) != draw_questions(POOL, 6, 1235)


def test_a_draw_asks_n_distinct_questions_in_authored_order_with_their_own_options():
    authored = [question_id for question_id, _, _ in POOL]
    for seed in range(200):
        draw = draw_questions(POOL, 6, seed)
        ids = list(draw.question_ids)
        assert len(ids) == len(set(ids)) == 6
        assert ids == sorted(ids, key=authored.index)
        for question_id, answers in draw.questions:
            own = dict((q, a) for q, _, a in POOL)[question_id]
            assert sorted(answers) == sorted(own)


def test_true_false_keeps_its_order_and_other_options_are_shuffled():
    orders = Counter()
    for seed in range(300):
        for question_id, answers in draw_questions(POOL, None, seed).questions:
            if question_id == "q4":
                assert answers == ("t", "f")
            if question_id == "q1":
                orders[answers] += 1
    assert len(orders) == 24  # every order of four options turns up


def test_every_question_appears_over_many_seeds_about_equally():
    seen = Counter(question_id for seed in range(2000) for question_id in draw_questions(POOL, 3, seed).question_ids)
    assert set(seen) == {q for q, _, _ in POOL}
    # 2000 draws of 3 of 10: each question about 600 times.
    assert all(480 < count < 720 for count in seen.values()), seen


def test_blank_or_too_large_ask_means_every_question():
    assert asked_count(None, 7) == 7 and asked_count(0, 7) == 7 and asked_count(3, 7) == 3 and asked_count(9, 7) == 7
    assert len(draw_questions(POOL, None, 5).questions) == len(POOL)


@pytest.mark.parametrize("ask, problem", [(None, False), ("", False), (1, False), (10, False), (0, True), (11, True), (-1, True),
                                          ("3", True), (True, True)])
def test_validate_ask_accepts_1_to_the_number_of_questions(ask, problem):
    assert bool(validate_ask(ask, 10)) is problem


def test_the_browser_draw_is_the_python_draw():
    seeds = [0, 1, 7, 2**31 - 1, 2**31, 2**32 - 1, 123456789, 3141592653]
    cases = [{"pool": [{"id": q, "type": k, "answers": a} for q, k, a in POOL], "ask": ask, "seed": seed}
             for seed in seeds for ask in (None, 1, 4, 10)]
    expected = [[[q, list(a)] for q, a in draw_questions(POOL, c["ask"], c["seed"]).questions] for c in cases]
    assert run_draw(cases) == expected
