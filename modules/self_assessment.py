"""The StressTest self-assessment: pure functions (areas + ratings -> profile), shared by the page,
the saved results, the CSV and PDF downloads; the offline copy ships the same rule in JavaScript
(templates/packs/offline/self-assessment.js) and tests hold the two together.

The project's StressTest questionnaire (WP T1) asked about six published question areas; its item
wording, answer scale and scoring are not public. The statements and the 1–5 scale here are this
kit's own, for self-reflection: nothing is graded, nothing counts as a quiz or towards progress.

Means are kept in tenths of a scale point and rounded half up with integer arithmetic, so Python and
JavaScript give the same number for every combination of ratings."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ElearnError

MIN_RATING, MAX_RATING = 1, 5
# This kit's own scale (not the project's): value -> label.
SCALE = (
    (1, gettext_lazy("Not in place")),
    (2, gettext_lazy("Planned or just starting")),
    (3, gettext_lazy("Partly in place")),
    (4, gettext_lazy("Largely in place")),
    (5, gettext_lazy("Fully in place")),
)
# An area whose mean is below this (in tenths: 3.0) is one to work on.
WEAK_BELOW_TENTHS = 30
FIELD_PREFIX = "rating-"


class RatingError(ElearnError):
    """Missing or out-of-range ratings: nothing is computed or stored. `statements` names them."""

    status = 400

    def __init__(self, message, statements):
        super().__init__(message)
        self.statements = list(statements)


@dataclass(frozen=True)
class AreaDef:
    id: str
    title: str
    question: str
    statements: tuple  # ((statement id, text), ...)
    revisit: tuple = ()  # lesson links, whatever the caller needs to show them


@dataclass
class AreaScore:
    area: AreaDef
    ratings: list
    mean_tenths: int

    @property
    def mean(self):
        return self.mean_tenths / 10

    @property
    def mean_text(self):
        return f"{self.mean_tenths // 10}.{self.mean_tenths % 10}"


@dataclass
class Profile:
    scores: list
    strongest: list = field(default_factory=list)
    weakest: list = field(default_factory=list)
    to_revisit: list = field(default_factory=list)

    @property
    def all_equal(self):
        return len({score.mean_tenths for score in self.scores}) <= 1


def mean_tenths(values):
    """The mean of whole-number ratings in tenths, rounded half up: round(10 * sum / n)."""
    n = len(values)
    return (20 * sum(values) + n) // (2 * n)


def statement_ids(areas):
    return [statement_id for area in areas for statement_id, _text in area.statements]


def rating_value(raw):
    """The rating a form value stands for, or None: only the ASCII digits of the scale count."""
    text = str(raw or "").strip()
    return int(text) if text in {str(value) for value in range(MIN_RATING, MAX_RATING + 1)} else None


def parse_ratings(areas, data):
    """{statement id: rating} from form data (`rating-<statement id>` fields). Raises RatingError
    naming every statement left unrated or rated outside the scale."""
    ratings, missing, invalid = {}, [], []
    for statement_id in statement_ids(areas):
        raw = str(data.get(FIELD_PREFIX + statement_id, "") or "").strip()
        if not raw:
            missing.append(statement_id)
            continue
        if rating_value(raw) is None:
            invalid.append(statement_id)
            continue
        ratings[statement_id] = rating_value(raw)
    if invalid:
        raise RatingError(_("Every rating must be a whole number from %(low)s to %(high)s.") % {"low": MIN_RATING, "high": MAX_RATING}, invalid + missing)
    if missing:
        raise RatingError(_("Please rate every statement before you see your profile."), missing)
    return ratings


def build_profile(areas, ratings):
    """Mean per area, the strongest and weakest areas, and the areas to work on (mean below 3.0, and
    the weakest ones), in area order. `ratings` must cover every statement (parse_ratings)."""
    scores = [AreaScore(area, [ratings[sid] for sid, _t in area.statements], 0) for area in areas if area.statements]
    for score in scores:
        score.mean_tenths = mean_tenths(score.ratings)
    profile = Profile(scores)
    if not scores:
        return profile
    top = max(s.mean_tenths for s in scores)
    low = min(s.mean_tenths for s in scores)
    if top != low:
        profile.strongest = [s for s in scores if s.mean_tenths == top]
        profile.weakest = [s for s in scores if s.mean_tenths == low]
    profile.to_revisit = [s for s in scores if s.mean_tenths < WEAK_BELOW_TENTHS or s in profile.weakest]
    return profile


def scale_label(value):
    return dict(SCALE).get(value, "")


def _cell(value):
    """Spreadsheets run a cell that starts with = + - @ as a formula: such text is quoted."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def profile_csv(title, profile, when=None):
    """The profile as CSV text: one row per statement with its area and rating, then one per area mean."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    rows = [[_("Self-assessment"), title]]
    if when:
        rows.append([_("Date"), when])
    rows += [[], [_("Area"), _("Statement"), _("Rating (1–5)"), _("Scale label")]]
    for score in profile.scores:
        for (_sid, text), rating in zip(score.area.statements, score.ratings):
            rows.append([score.area.title, text, rating, scale_label(rating)])
    rows += [[], [_("Area"), _("Question area of the StressTest"), _("Mean (1–5)")]]
    rows += [[score.area.title, score.area.question, score.mean_text] for score in profile.scores]
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return buffer.getvalue()
