"""Question pools: which questions an attempt asks, and in which order it shows their options.

A quiz may hold more questions than it asks ("ask N of the M questions"; N blank = all). Each attempt
draws its set and shuffles the options of each drawn question from one 32-bit seed, recorded with the
attempt beside the result of the draw (`Draw.as_record()`), so a result page, an analytics query or a
tamper check reads what the learner was actually asked, never a new draw. Pure: no database, no
clock; the seed comes from the caller (modules/attempts.py picks it with `secrets`).

The algorithm is mulberry32 (a 32-bit generator) feeding Fisher–Yates shuffles, in integer
arithmetic only, so templates/packs/question-pool.js, the same draw in the SCORM package and the
offline copy, gives the same set and order for the same seed (tests/modules/test_question_pool.py
runs both). Drawn questions keep their authored order (a quiz's questions often build on each
other); options are shuffled except in true/false questions, which always read True, False.
"""

from dataclasses import dataclass

MASK = 0xFFFFFFFF
SEED_LIMIT = 2**32
KEEP_ORDER_KINDS = frozenset({"true_false"})


def _imul(a, b):
    return (a * b) & MASK


class Mulberry32:
    """The generator of question-pool.js, bit for bit (unsigned 32-bit state)."""

    def __init__(self, seed):
        self.state = int(seed) & MASK

    def next_uint32(self):
        self.state = (self.state + 0x6D2B79F5) & MASK
        t = self.state
        t = _imul(t ^ (t >> 15), t | 1)
        t ^= (t + _imul(t ^ (t >> 7), t | 61)) & MASK
        return (t ^ (t >> 14)) & MASK

    def below(self, n):
        return self.next_uint32() % n


def shuffled(items, rng):
    """Fisher–Yates from the end, the same steps as question-pool.js."""
    items = list(items)
    for i in range(len(items) - 1, 0, -1):
        j = rng.below(i + 1)
        items[i], items[j] = items[j], items[i]
    return items


@dataclass(frozen=True)
class Draw:
    seed: int
    questions: tuple  # ((question id, (answer ids in the order shown)), ...) in authored order

    @property
    def question_ids(self):
        return tuple(question_id for question_id, _ in self.questions)

    def as_record(self):
        return [{"question": question_id, "answers": list(answers)} for question_id, answers in self.questions]


def asked_count(ask, total):
    """How many questions an attempt asks: `ask` (None or 0 = all), never more than the quiz holds."""
    return total if not ask else min(int(ask), total)


def draw_questions(pool, ask, seed):
    """Draw `ask` questions of `pool` and shuffle their options, reproducibly from `seed`.

    `pool` is a sequence of (question id, kind, answer ids) in authored order."""
    pool = list(pool)
    rng = Mulberry32(seed)
    count = asked_count(ask, len(pool))
    chosen = sorted(shuffled(range(len(pool)), rng)[:count])
    questions = []
    for index in chosen:
        question_id, kind, answer_ids = pool[index]
        answers = tuple(answer_ids) if kind in KEEP_ORDER_KINDS else tuple(shuffled(answer_ids, rng))
        questions.append((str(question_id), tuple(str(a) for a in answers)))
    return Draw(int(seed) & MASK, tuple(questions))


def validate_ask(ask, total):
    """Authoring rule of a pool; returns a problem (a plain English sentence) or None."""
    if ask in (None, ""):
        return None
    if isinstance(ask, bool) or not isinstance(ask, int) or not 1 <= ask <= max(total, 1):
        return f"Ask between 1 and {total} questions (the number of questions in this quiz), or leave it blank to ask them all."
    return None
