#!/usr/bin/env python
"""Time each trainers' analytics query (modules/analytics/queries.py) on 10,000 learners and
100,000 submitted quiz attempts (with an answer row per question) in the ITG T1 kit.

    .venv/bin/python bench/analytics_scale.py [--learners 10000] [--attempts 100000] [--repeat 3]

Runs as `manage.py` processes on a temporary SQLite database: migrate, load_kits, then one shell
process that seeds with bulk_create and times every query (best of --repeat runs, warm cache)."""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEED_AND_TIME = r"""
import json, os, random, time
from datetime import timedelta
from decimal import Decimal
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone
from modules.analytics import queries
from modules.models import AnswerRecord, ItemProgress, KitPage, KitRelease, QuizAttempt
from modules.learning.read_models import build_kit_view

rng = random.Random(42)
n_learners, n_attempts, repeat = int(os.environ["BENCH_LEARNERS"]), int(os.environ["BENCH_ATTEMPTS"]), int(os.environ["BENCH_REPEAT"])
kit = KitPage.objects.get(slug="itg-t1")
view = build_kit_view(None, kit)
lessons = [item.page for m in view.modules for item in m.lessons]
quizzes = [m.quiz.page.specific for m in view.modules if m.quiz]
quizzes = [type(q).objects.get(pk=q.pk) for q in quizzes]
release = KitRelease.objects.create(kit=kit, kit_key=kit.translation_key, kit_slug=kit.slug, kit_title=kit.title, version="1.0.0",
                                    major=1, minor=0, patch=0, licence="CC-BY-4.0", languages="en", manifest={}, manifest_sha256="0" * 64)
User = get_user_model()
now = timezone.now()
seed_start = time.perf_counter()
password = make_password("bench")
regions = [("Salzburg", "AT"), ("Lombardy", "IT"), ("Bavaria", "DE"), ("Auvergne-Rhône-Alpes", "FR"), ("Ljubljana", "SI")]
roles = ["public_authority", "research", "business", "civil_society"]
with transaction.atomic():
    User.objects.bulk_create([
        User(username=f"bench{i}", email=f"bench{i}@example.org", password=password, region=regions[i % 5][0], country=regions[i % 5][1],
             organisation=f"Organisation {i % 200}", helix_role=roles[i % 4]) for i in range(n_learners)
    ], batch_size=2000)
    users = list(User.objects.filter(username__startswith="bench").values_list("pk", flat=True))
    per_learner = n_attempts // n_learners
    attempts, progress = [], []
    for u in users:
        start = now - timedelta(days=rng.randrange(365))
        done_lessons = rng.randrange(len(lessons) + 1)
        for lesson in lessons[:done_lessons]:
            progress.append(ItemProgress(user_id=u, item_key=lesson.translation_key, kind="lesson", started_at=start, completed_at=start))
        counts = {}
        for k in range(per_learner):
            quiz = quizzes[k % len(quizzes)]
            counts[quiz.pk] = counts.get(quiz.pk, 0) + 1
            percent = Decimal(rng.randrange(0, 101))
            attempts.append(QuizAttempt(user_id=u, quiz=quiz, quiz_key=quiz.translation_key, number=counts[quiz.pk], submitted_at=start + timedelta(hours=k),
                                        percent=percent, score=percent / 20, max_score=Decimal(5), passed=percent >= 60,
                                        release=release if k % 2 else None))
        for quiz in quizzes[:min(per_learner, len(quizzes))]:
            progress.append(ItemProgress(user_id=u, item_key=quiz.translation_key, kind="quiz", started_at=start, attempts_submitted=counts[quiz.pk],
                                         passed=rng.random() < 0.6, best_percent=Decimal(rng.randrange(0, 101))))
    ItemProgress.objects.bulk_create(progress, batch_size=5000)
    QuizAttempt.objects.bulk_create(attempts, batch_size=5000)
    defs = {q.translation_key: q.question_defs for q in quizzes}
    batch = []
    for a_id, quiz_key, percent in QuizAttempt.objects.values_list("id", "quiz_key", "percent").iterator(chunk_size=5000):
        for question in defs[quiz_key]:
            right = rng.random() * 100 < float(percent)
            ids = [a.id for a in question.answers if a.correct == right]
            batch.append(AnswerRecord(attempt_id=a_id, question_key=question.id, selected=ids if right else [rng.choice(ids)],
                                      score=Decimal(int(right)), max_score=Decimal(1), rule="bench"))
        if len(batch) >= 20000:
            AnswerRecord.objects.bulk_create(batch); batch = []
    AnswerRecord.objects.bulk_create(batch)
with connection.cursor() as c:
    # started_at is auto_now_add: spread first progress rows over a year with one UPDATE.
    c.execute("UPDATE modules_itemprogress SET started_at = datetime(started_at, '-' || (user_id % 365) || ' days')")
    c.execute("ANALYZE")
seed_s = time.perf_counter() - seed_start
counts = {"learners": User.objects.filter(username__startswith="bench").count(), "attempts": QuizAttempt.objects.count(),
          "answers": AnswerRecord.objects.count(), "progress": ItemProgress.objects.count()}

def timed(fn, filters):
    scope = queries.resolve_scope(filters)
    best = None
    for _ in range(repeat):
        t = time.perf_counter(); fn(filters, scope); elapsed = time.perf_counter() - t
        best = elapsed if best is None else min(best, elapsed)
    return best

sh1 = view.modules[0].module
cases = {
    "kit, no filter": queries.AnalyticsFilter(kit=kit),
    "one quiz": queries.AnalyticsFilter(kit=kit, module=sh1, quiz=quizzes[0]),
    "kit, country=IT + release + 90 days": queries.AnalyticsFilter(kit=kit, country="IT", release_id=release.pk, date_from=(now - timedelta(days=90)).date()),
}
rows = []
for label, filters in cases.items():
    for name in ["enrolments", "funnel", "score_distribution", "item_analysis"]:
        rows.append([label, name, timed(getattr(queries, name), filters)])
scope_t = time.perf_counter(); queries.resolve_scope(cases["kit, no filter"]); scope_s = time.perf_counter() - scope_t
print("BENCH" + json.dumps({"seed_s": seed_s, "counts": counts, "rows": rows, "scope_s": scope_s}))
"""


def run(env, *args, capture=False):
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed: {result.stderr[-3000:]}")
    return time.perf_counter() - start, result.stdout


def main():
    import json

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="elearn-analytics-") as tmp:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "elearn.settings.test", "DATABASE_URL": f"sqlite:///{tmp}/db.sqlite3",
               "ELEARN_MEDIA_ROOT": f"{tmp}/media", "BENCH_LEARNERS": str(args.learners), "BENCH_ATTEMPTS": str(args.attempts),
               "BENCH_REPEAT": str(args.repeat)}
        run(env, "migrate", "--no-input", "-v", "0")
        run(env, "load_kits", "-v", "0")
        _elapsed, out = run(env, "shell", "--no-imports", "-c", SEED_AND_TIME)
    data = json.loads(next(line for line in out.splitlines() if line.startswith("BENCH"))[5:])
    c = data["counts"]
    print(f"Seeded {c['learners']:,} learners, {c['attempts']:,} attempts, {c['answers']:,} answer rows, "
          f"{c['progress']:,} progress rows in {data['seed_s']:.0f} s; scope resolution {data['scope_s'] * 1000:.0f} ms\n")
    print("| filters | query | time (best of %d) |" % args.repeat)
    print("|---|---|---|")
    for label, name, seconds in data["rows"]:
        print(f"| {label} | {name} | {seconds * 1000:.0f} ms |")


if __name__ == "__main__":
    main()
