"""The one rounding rule of quiz scores, shared by the site, the SCORM SCO and the offline self-check.

Scores are rounded half up (away from zero for the non-negative values we have), on their exact
decimal value: a question score to 4 decimals, a quiz percent to 1 decimal. Python's round() breaks
ties to even on the binary value of a float (100 * 0.6095 is 60.949999…), and JavaScript's
Math.round(x * 10) / 10 rounds half up on a product that is itself rounded, so the two disagreed on
ties and near-ties; the pass mark compares against this rounded percent, so a disagreement could
turn a pass into a fail.

templates/packs/scoring-rule.js is the same rule in integer arithmetic for the browser;
tests/modules/packs/test_scoring_rule.py compares the two over every achievable quiz total."""

from fractions import Fraction
from math import floor

SCORE_PLACES = 4
PERCENT_PLACES = 1


def round_half_up(value, places):
    """`value` (int, Fraction, Decimal, or a float taken at its shortest decimal form) rounded half up."""
    exact = Fraction(repr(value)) if isinstance(value, float) else Fraction(value)
    scale = 10**places
    return floor(exact * scale + Fraction(1, 2)) / scale


def quiz_percent(score, max_score):
    """The percent of a quiz: 100 * score / max_score, rounded half up to one decimal (0.0 without points)."""
    if not max_score:
        return 0.0
    return round_half_up(Fraction(repr(float(score))) * 100 / Fraction(repr(float(max_score))), PERCENT_PLACES)
