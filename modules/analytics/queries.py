"""Analytics as a fixed number of SQL aggregates, whatever the number of learners or attempts.

Every function takes an `AnalyticsFilter` and its resolved `Scope` (the stable item keys of the
chosen kit, module or quiz). Definitions:

- learner filters (region, country, organisation contains, helix role) restrict who is counted;
- release: only learners with an attempt on a scoped quiz in that release (QuizAttempt.release),
  and for the attempt tables only attempts in that release;
- language: the same, for attempts taken in that language (QuizAttempt.language); without it every
  language counts together, since an attempt belongs to the quiz's stable id, not to a translation;
- date range: enrolments and the funnel count the cohort whose first progress row in scope falls
  in the range; scores and item analysis use attempts submitted in the range;
- score distribution: each learner's best submitted percent per quiz, in 10-point bins
  (the last bin, 90–100, includes 100);
- item analysis: each learner's first submitted attempt per quiz (the one least shaped by
  feedback). Top/bottom groups are the round(27 %) of those attempts with the highest/lowest
  percent per quiz; discrimination = share correct in the top group − share correct in the bottom.
"""

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Avg, Count, Exists, F, IntegerField, Max, Min, OuterRef, Q
from django.db.models.functions import Cast, Floor, Least, TruncWeek
from django.utils import timezone

from ..models import AnswerRecord, ItemProgress, KitPage, QuizAttempt, QuizPage
from ..learning.read_models import module_outline

BINS = [(10 * n, 10 * n + 10) for n in range(10)]
TOP_SHARE = 27  # percent of learners in each discrimination group


@dataclass
class AnalyticsFilter:
    kit: KitPage
    module: object = None
    quiz: object = None
    region: str = ""
    country: str = ""
    organisation: str = ""
    helix_role: str = ""
    release_id: int = None
    language: str = ""
    date_from: date = None
    date_to: date = None

    def learner_q(self, prefix=""):
        q = Q()
        if self.region:
            q &= Q(**{f"{prefix}region__iexact": self.region})
        if self.country:
            q &= Q(**{f"{prefix}country": self.country})
        if self.organisation:
            q &= Q(**{f"{prefix}organisation__icontains": self.organisation})
        if self.helix_role:
            q &= Q(**{f"{prefix}helix_role": self.helix_role})
        return q

    def date_q(self, lookup):
        """Whole days in the current time zone, as datetime bounds so an index on the column can serve."""
        q = Q()
        if self.date_from:
            q &= Q(**{f"{lookup}__gte": _midnight(self.date_from)})
        if self.date_to:
            q &= Q(**{f"{lookup}__lt": _midnight(self.date_to + timedelta(days=1))})
        return q


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class Scope:
    modules: list
    lessons: list
    quizzes: list = field(default_factory=list)  # full QuizPage objects (with questions)

    @property
    def lesson_keys(self):
        return [lesson.translation_key for lesson in self.lessons]

    @property
    def quiz_keys(self):
        return [quiz.translation_key for quiz in self.quizzes]

    @property
    def keys(self):
        return self.lesson_keys + self.quiz_keys


def resolve_scope(filters):
    """Three or four queries: the kit's modules, their lessons and quizzes, the quizzes' questions."""
    modules = filters.kit.live_modules()
    if filters.module is not None:
        modules = [m for m in modules if m.pk == filters.module.pk]
    outline = module_outline(modules)
    lessons = [lesson for m in modules for lesson in outline[m.path][0]]
    quiz_pks = [quiz.pk for m in modules for quiz in outline[m.path][1][:1]]
    if filters.quiz is not None:
        quiz_pks = [pk for pk in quiz_pks if pk == filters.quiz.pk]
    quizzes = sorted(QuizPage.objects.filter(pk__in=quiz_pks), key=lambda q: q.path) if quiz_pks else []
    return Scope(modules=modules, lessons=lessons, quizzes=quizzes)


def _attempt_lookups(filters):
    lookups = {}
    if filters.release_id is not None:
        lookups["release_id"] = filters.release_id
    if filters.language:
        lookups["language"] = filters.language
    return lookups


def _release_q(filters, scope, user_ref="pk"):
    """Learners with an attempt on a scoped quiz in the chosen release and/or language."""
    lookups = _attempt_lookups(filters)
    if not lookups:
        return Q()
    return Q(Exists(QuizAttempt.objects.filter(user=OuterRef(user_ref), quiz_key__in=scope.quiz_keys, **lookups)))


def _to_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.fromisoformat(value[:10]).date()
    return value


def enrolments(filters, scope):
    """[(week starting, learners whose first progress row in scope is that week)], one query."""
    if not scope.keys:
        return []
    first = (
        ItemProgress.objects.filter(filters.learner_q("user__"), _release_q(filters, scope, "user"), item_key__in=scope.keys)
        .values("user_id").annotate(first_at=Min("started_at"), week=TruncWeek(Min("started_at")))
        .filter(filters.date_q("first_at")).values("week").order_by()
    )
    sql, params = first.query.sql_with_params()
    rows = _fetch(f"SELECT f.week, COUNT(*) FROM ({sql}) f GROUP BY f.week ORDER BY f.week", params)
    return [(_to_date(week), n) for week, n in rows]


def funnel(filters, scope):
    """Counts for started → all lessons done → all quizzes passed → complete (both), one query."""
    User = get_user_model()
    n_lessons, n_quizzes = len(scope.lessons), len(scope.quizzes)
    if not scope.keys:
        return {"started": 0, "lessons_done": 0, "quizzes_passed": 0, "complete": 0}
    users = User.objects.filter(filters.learner_q(), _release_q(filters, scope)).annotate(
        first=Min("item_progress__started_at", filter=Q(item_progress__item_key__in=scope.keys)),
        lessons=Count("item_progress", filter=Q(item_progress__item_key__in=scope.lesson_keys, item_progress__completed_at__isnull=False)),
        quizzes=Count("item_progress", filter=Q(item_progress__item_key__in=scope.quiz_keys, item_progress__passed=True)),
    ).filter(Q(first__isnull=False) & filters.date_q("first"))
    lessons_done, quizzes_passed = Q(lessons__gte=n_lessons), Q(quizzes__gte=n_quizzes)
    return users.aggregate(
        started=Count("pk"),
        lessons_done=Count("pk", filter=lessons_done),
        quizzes_passed=Count("pk", filter=quizzes_passed),
        complete=Count("pk", filter=lessons_done & quizzes_passed),
    )


def _attempts(filters, scope):
    return QuizAttempt.objects.filter(
        filters.learner_q("user__"), filters.date_q("submitted_at"),
        quiz_key__in=scope.quiz_keys, submitted_at__isnull=False, **_attempt_lookups(filters),
    )


LATEST_ATTEMPTS = 100


def attempts_by_language(filters, scope):
    """[{language, attempts, learners, average, passed}] of the submitted attempts in scope, one query."""
    if not scope.quizzes:
        return []
    return list(_attempts(filters, scope).values("language").annotate(
        attempts=Count("id"), learners=Count("user_id", distinct=True), average=Avg("percent"),
        passed=Count("id", filter=Q(passed=True)),
    ).order_by("language"))


def latest_attempts(filters, scope, limit=LATEST_ATTEMPTS):
    """The newest submitted attempts in scope with learner, quiz (in the language taken) and language, one query."""
    if not scope.quizzes:
        return []
    return list(_attempts(filters, scope).select_related("user", "quiz").only(
        "submitted_at", "number", "language", "percent", "passed", "quiz_key", "user__username", "user__first_name",
        "user__last_name", "user__email", "user__erased_at", "quiz__title").order_by("-submitted_at", "-id")[:limit])


def _fetch(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def score_distribution(filters, scope):
    """[(low, high, learner × quiz count)] for the ten 10-point bins of best percent, one query."""
    counts = dict.fromkeys(range(10), 0)
    if scope.quizzes:
        best = (
            _attempts(filters, scope).values("user_id", "quiz_key")
            .annotate(best=Max("percent"))
            .annotate(bin=Least(Cast(Floor(F("best") / 10), IntegerField()), 9))
            .values("bin").order_by()
        )
        sql, params = best.query.sql_with_params()
        for bin_, n in _fetch(f"SELECT b.bin, COUNT(*) FROM ({sql}) b GROUP BY b.bin", params):
            counts[int(bin_)] += n
    return [(low, high, counts[n]) for n, (low, high) in enumerate(BINS)]


def _first_attempts_sql(filters, scope):
    """SQL for each learner's first submitted attempt per quiz (within the filters): id, quiz_key, percent."""
    attempts = _attempts(filters, scope).values("id", "user_id", "quiz_key", "number", "percent").order_by()
    sql, params = attempts.query.sql_with_params()
    return (
        "SELECT n.id, n.quiz_key, n.percent FROM (SELECT a.id, a.quiz_key, a.percent, "
        "ROW_NUMBER() OVER (PARTITION BY a.user_id, a.quiz_key ORDER BY a.number) AS rn_user "
        f"FROM ({sql}) a) n WHERE n.rn_user = 1"
    ), params


def _key(value):
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


@dataclass
class QuestionStats:
    quiz: object
    question_id: str
    prompt: str
    answered: int = 0
    correct: int = 0
    top_n: int = 0
    top_correct: int = 0
    bottom_n: int = 0
    bottom_correct: int = 0
    options: list = field(default_factory=list)  # [{"id", "text", "correct", "chosen"}]

    @property
    def share_correct(self):
        return round(100 * self.correct / self.answered, 1) if self.answered else None

    @property
    def discrimination(self):
        if not self.top_n or not self.bottom_n:
            return None
        return round(self.top_correct / self.top_n - self.bottom_correct / self.bottom_n, 2)

    @property
    def wrong_options(self):
        return [option for option in self.options if not option["correct"]]


def item_analysis(filters, scope):
    """Per question of the scoped quizzes: share correct, how often each option was chosen, and the
    discrimination index. One query, whatever the number of learners or attempts."""
    if not scope.quizzes:
        return []
    stats, by_key = [], {}
    for quiz in scope.quizzes:
        defs = {d.id: d for d in quiz.question_defs}
        for question in quiz.question_views():
            correct_ids = defs[question["id"]].correct_ids() if question["id"] in defs else set()
            stat = QuestionStats(quiz=quiz, question_id=question["id"], prompt=str(question["prompt"]), options=[
                {"id": a["id"], "text": str(a["text"]), "correct": a["id"] in correct_ids, "chosen": 0} for a in question["answers"]
            ])
            stats.append(stat)
            by_key[(quiz.translation_key, _key(question["id"]))] = stat
    first_sql, params = _first_attempts_sql(filters, scope)

    # One query: rank first attempts per quiz by percent, then count answers per question, selection
    # and group (t = top 27 %, b = bottom 27 %, m = the rest). Rows are bounded by answer
    # combinations × 3, not by learners.
    answers = AnswerRecord._meta.db_table
    rows = _fetch(f"""
        SELECT g.quiz_key, ar.question_key, ar.selected,
               CASE WHEN g.rn <= (g.total * {TOP_SHARE} + 50) / 100 THEN 't'
                    WHEN g.rn > g.total - (g.total * {TOP_SHARE} + 50) / 100 THEN 'b' ELSE 'm' END AS grp,
               COUNT(*), SUM(CASE WHEN ar.score >= ar.max_score THEN 1 ELSE 0 END)
        FROM {answers} ar
        JOIN (SELECT f.id, f.quiz_key,
                     ROW_NUMBER() OVER (PARTITION BY f.quiz_key ORDER BY f.percent DESC, f.id) AS rn,
                     COUNT(*) OVER (PARTITION BY f.quiz_key) AS total
              FROM ({first_sql}) f) g ON g.id = ar.attempt_id
        GROUP BY g.quiz_key, ar.question_key, ar.selected, grp""", params)
    for quiz_key, question_key, selected, group, n, correct in rows:
        stat = by_key.get((_key(quiz_key), _key(question_key)))
        if stat is None:
            continue  # a question since removed from the quiz
        correct = correct or 0
        stat.answered += n
        stat.correct += correct
        if group == "t":
            stat.top_n, stat.top_correct = stat.top_n + n, stat.top_correct + correct
        elif group == "b":
            stat.bottom_n, stat.bottom_correct = stat.bottom_n + n, stat.bottom_correct + correct
        chosen = set(json.loads(selected) if isinstance(selected, (str, bytes)) else selected or [])
        for option in stat.options:
            if option["id"] in chosen:
                option["chosen"] += n
    return stats
