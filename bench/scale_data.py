#!/usr/bin/env python
"""The large data set of issue 19 for bench/pages.py --scale: 50 kits × 10 modules × 10 lessons (each
module with its quiz of 4 questions) and 100,000 learners with their progress and quiz attempts, added
to a database that already holds the demo kits (`setup_demo`).

    .venv/bin/python bench/scale_data.py DB_DIR [--kits 50] [--modules 10] [--lessons 10] [--learners 100000]

(run by bench/pages.py --scale inside the site's environment; standalone it expects the environment
bench/pages.py sets: DJANGO_SETTINGS_MODULE, DATABASE_URL and the rest.)

Pages go through the project's own pack loader (`load_kits` on pack folders written by
tests/modules/pack_factory.py, the same builder as bench/pack_scale.py), so every page has its
revision, locale, translation key and outline exactly as an imported kit. Learners, progress rows,
attempts and answer rows are bulk_create'd in one transaction: each learner has started one kit (learner
number modulo the kits), completed 0–10 lessons of its first module, and half of them have submitted
its quiz once (4 answer rows). The bench's signed-in learner (made later by bench/pages.py) gets its
own rows in every synthetic kit through `seed_bench_learner`, so its own state grows too."""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

SLUG = "scale-kit-{:02d}"


def write_packs(folder, kits, modules, lessons):
    from tests.modules.pack_factory import write_pack

    folders = []
    for number in range(kits):
        pack = Path(folder) / SLUG.format(number)
        if not (pack / "pack.yaml").exists():
            write_pack(pack, slug=SLUG.format(number), modules=modules, lessons=lessons)
        folders.append(pack)
    return folders


def first_modules():
    """Inside Django: per synthetic kit, the lesson keys of its first module, its quiz page and the quiz's question ids."""
    from modules.learning.read_models import build_kit_views
    from modules.models import KitPage, QuizPage

    kits = KitPage.objects.filter(slug__startswith="scale-kit-").order_by("slug")
    firsts = []
    for view in build_kit_views(None, kits):
        module = view.modules[0]
        quiz = QuizPage.objects.get(pk=module.quiz.page.pk)
        firsts.append(([item.page.translation_key for item in module.lessons], quiz, [q.id for q in quiz.question_defs]))
    return firsts


def seed_learners(learners, batch=5000):
    """Inside Django: bulk-create the learners, their progress, attempts and answers. Returns row counts."""
    import random
    from datetime import timedelta
    from decimal import Decimal

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from modules.learning.models import AnswerRecord, ItemProgress, QuizAttempt

    rng = random.Random(19)
    firsts = first_modules()
    User = get_user_model()
    now = timezone.now()
    password = make_password("bench-scale")  # one hash for all: nobody signs in as them
    roles = ["public_authority", "research", "business", "civil_society"]
    regions = [("Salzburg", "AT"), ("Lombardy", "IT"), ("Bavaria", "DE"), ("Auvergne-Rhône-Alpes", "FR"), ("Ljubljana", "SI")]
    with transaction.atomic():
        for start in range(0, learners, batch):
            User.objects.bulk_create([
                User(username=f"scale{i}", email=f"scale{i}@bench.example.org", password=password, region=regions[i % 5][0],
                     country=regions[i % 5][1], organisation=f"Organisation {i % 500}", helix_role=roles[i % 4])
                for i in range(start, min(learners, start + batch))])
        ids = list(User.objects.filter(username__startswith="scale").order_by("pk").values_list("pk", flat=True))
        progress, attempts = [], []
        for n, user_id in enumerate(ids):
            lesson_keys, quiz, _questions = firsts[n % len(firsts)]
            when = now - timedelta(days=rng.randrange(365))
            for key in lesson_keys[:rng.randrange(len(lesson_keys) + 1)]:
                progress.append(ItemProgress(user_id=user_id, item_key=key, kind="lesson", started_at=when, completed_at=when))
            if n % 2:
                percent = Decimal(rng.randrange(0, 101))
                attempts.append(QuizAttempt(user_id=user_id, quiz=quiz, quiz_key=quiz.translation_key, number=1, language="en",
                                            submitted_at=when, percent=percent, score=percent / 25, max_score=Decimal(4),
                                            passed=percent >= 60, pass_mark=60))
                progress.append(ItemProgress(user_id=user_id, item_key=quiz.translation_key, kind="quiz", started_at=when,
                                             attempts_submitted=1, passed=percent >= 60, best_percent=percent))
            if len(progress) >= 20 * batch:
                ItemProgress.objects.bulk_create(progress, batch_size=batch)
                progress = []
        ItemProgress.objects.bulk_create(progress, batch_size=batch)
        QuizAttempt.objects.bulk_create(attempts, batch_size=batch)
        questions = {quiz.translation_key: ids for _keys, quiz, ids in firsts}
        answers = []
        seeded = QuizAttempt.objects.filter(user__username__startswith="scale").values_list("id", "quiz_key")
        for attempt_id, quiz_key in seeded.iterator(chunk_size=batch):
            answers += [AnswerRecord(attempt_id=attempt_id, question_key=key, selected=[], score=Decimal(0), max_score=Decimal(1),
                                     rule="bench") for key in questions[quiz_key]]
            if len(answers) >= 20 * batch:
                AnswerRecord.objects.bulk_create(answers, batch_size=batch)
                answers = []
        AnswerRecord.objects.bulk_create(answers, batch_size=batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"learners": len(ids), "progress": ItemProgress.objects.count(), "attempts": QuizAttempt.objects.count(),
            "answers": AnswerRecord.objects.count()}


def seed_bench_learner(user):
    """Inside Django: the signed-in learner of the bench has completed every lesson of the first module
    of every synthetic kit and submitted its quiz once, so its own rows grow with the data set too."""
    from decimal import Decimal

    from django.utils import timezone

    from modules.learning.models import ItemProgress, QuizAttempt

    now, rows, attempts = timezone.now(), [], []
    for lesson_keys, quiz, _questions in first_modules():
        rows += [ItemProgress(user=user, item_key=key, kind="lesson", completed_at=now) for key in lesson_keys]
        attempts.append(QuizAttempt(user=user, quiz=quiz, quiz_key=quiz.translation_key, number=1, language="en", submitted_at=now,
                                    percent=Decimal(75), score=Decimal(3), max_score=Decimal(4), passed=True, pass_mark=60))
        rows.append(ItemProgress(user=user, item_key=quiz.translation_key, kind="quiz", attempts_submitted=1, passed=True,
                                 best_percent=Decimal(75)))
    ItemProgress.objects.bulk_create(rows)
    QuizAttempt.objects.bulk_create(attempts)
    return len(rows)


def build(work, env, kits, modules, lessons, learners):
    """Outside Django: write the packs, load them with `load_kits`, seed the learners. Prints the times."""
    t0 = time.perf_counter()
    folders = write_packs(Path(work) / "packs", kits, modules, lessons)
    subprocess.run([sys.executable, "manage.py", "load_kits", "-v", "0", *map(str, folders)], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)
    t1 = time.perf_counter()
    subprocess.run([sys.executable, __file__, "--seed", str(learners)], cwd=ROOT, env=env, check=True)
    t2 = time.perf_counter()
    print(f"scale data: {kits} kits × {modules} modules × {lessons} lessons loaded in {t1 - t0:.0f} s, "
          f"{learners:,} learners seeded in {t2 - t1:.0f} s", flush=True)
    return {"load_s": round(t1 - t0), "seed_s": round(t2 - t1)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("work", nargs="?", type=Path)
    parser.add_argument("--kits", type=int, default=50)
    parser.add_argument("--modules", type=int, default=10)
    parser.add_argument("--lessons", type=int, default=10)
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--seed", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed is not None:
        import django

        django.setup()
        t0 = time.perf_counter()
        counts = seed_learners(args.seed)
        print(f"seeded {counts['learners']:,} learners, {counts['progress']:,} progress rows, {counts['attempts']:,} attempts, "
              f"{counts['answers']:,} answer rows in {time.perf_counter() - t0:.0f} s", flush=True)
        return
    if args.work is None:
        parser.error("DB_DIR is required")
    build(args.work, os.environ, args.kits, args.modules, args.lessons, args.learners)


if __name__ == "__main__":
    main()
