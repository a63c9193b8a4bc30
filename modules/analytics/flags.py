"""Which questions a trainer should look at first.

Pure functions over the item analysis of queries.item_analysis (first attempts only, so a learner who
retried after seeing the result does not make a question look easier than it is). A question is
flagged only once enough learners answered it: below MIN_ANSWERS a share is noise, not a signal.
The thresholds are the usual ones of classical test theory (difficulty 0.30–0.95, discrimination
index under 0.20 is weak)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MIN_ANSWERS = 10
HARD_BELOW = 30  # % of first attempts right
EASY_ABOVE = 95
WEAK_DISCRIMINATION = 0.2

TOO_HARD = "too-hard"
TOO_EASY = "too-easy"
DISTRACTOR = "distractor"
LOW_DISCRIMINATION = "low-discrimination"

LABELS = {
    TOO_HARD: _("Too hard: fewer than 30 % answer it right"),
    TOO_EASY: _("Too easy: more than 95 % answer it right"),
    DISTRACTOR: _("A wrong answer is chosen more often than the right one"),
    LOW_DISCRIMINATION: _("Low discrimination: strong and weak learners do about as well"),
}


@dataclass
class FlaggedQuestion:
    stat: object  # queries.QuestionStats
    flags: list
    module_code: str = ""

    @property
    def labels(self):
        return [LABELS[flag] for flag in self.flags]

    @property
    def strongest_distractor(self):
        wrong = self.stat.wrong_options
        return max(wrong, key=lambda option: option["chosen"]) if wrong else None


def flag_question(stat, min_answers=MIN_ANSWERS):
    """The flags of one question, in a fixed order; none below `min_answers` answers."""
    if stat.answered < min_answers:
        return []
    flags = []
    share = stat.share_correct
    if share < HARD_BELOW:
        flags.append(TOO_HARD)
    elif share > EASY_ABOVE:
        flags.append(TOO_EASY)
    keys = [option["chosen"] for option in stat.options if option["correct"]]
    if keys and any(option["chosen"] > min(keys) for option in stat.wrong_options):
        flags.append(DISTRACTOR)
    if stat.discrimination is not None and stat.discrimination < WEAK_DISCRIMINATION:
        flags.append(LOW_DISCRIMINATION)
    return flags


def questions_to_review(stats, min_answers=MIN_ANSWERS):
    """Flagged questions, the most troubling first: more flags, then fewer right, then weaker discrimination."""
    flagged = [FlaggedQuestion(stat, flags) for stat in stats if (flags := flag_question(stat, min_answers))]
    return sorted(flagged, key=lambda item: (-len(item.flags), item.stat.share_correct,
                                             item.stat.discrimination if item.stat.discrimination is not None else 1,
                                             item.stat.quiz.path))
