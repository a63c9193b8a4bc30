#!/usr/bin/env python
"""Database side of the load test (bench/load_site.py): learner accounts before the run, and the
check of every recorded quiz submission after it. Talks to the database through the Django ORM of
the settings in the environment (DJANGO_SETTINGS_MODULE, DATABASE_URL, ...); no management command.

    .venv/bin/python bench/load_data.py setup  --learners 200 --password ... --out site.json
    .venv/bin/python bench/load_data.py verify --records DIR --site site.json [--json summary.json]

`setup` creates the bench learners and writes site.json: the kits' URLs (kit, modules, lessons,
quizzes) and each quiz's answer key, read from the database. Only the load script reads the key, to
choose right and wrong answers and to know the score each submission must get; the pages never show
it. `verify` reads the submissions the learners recorded (records*.jsonl) and compares them with
the stored attempts: each one stored exactly once, with the expected score and answers."""

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EMAIL_DOMAIN = "bench.example.org"


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "elearn.settings.production")
    import django

    django.setup()


def setup(args):
    django_setup()
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from modules.models import KitPage
    from modules.learning.read_models import build_kit_view

    User = get_user_model()
    password = make_password(args.password)
    emails = [f"learner{n:04d}@{EMAIL_DOMAIN}" for n in range(args.learners)]
    with transaction.atomic():
        User.objects.bulk_create([
            User(username=email.split("@")[0], email=email, password=password, first_name="Bench", last_name=f"Learner {n}",
                 country="AT", region="Salzburg", organisation="Load test")
            for n, email in enumerate(emails)
        ])
        users = dict(User.objects.filter(email__in=emails).values_list("email", "pk"))
        EmailAddress.objects.bulk_create([EmailAddress(user_id=users[e], email=e, verified=True, primary=True) for e in emails])

    kits, quizzes = [], {}
    for kit in KitPage.objects.live().order_by("path"):
        view = build_kit_view(None, kit)
        modules = []
        for module_view in view.modules:
            quiz = None
            if module_view.quiz:
                page = module_view.quiz.page.specific
                quiz = {"url": module_view.quiz.url, "key": str(page.translation_key)}
                quizzes[str(page.translation_key)] = {
                    "title": page.title, "attempts_allowed": page.attempts_allowed, "pass_mark": page.pass_mark,
                    "questions": {q.id: {"kind": q.kind, "answers": [a.id for a in q.answers], "correct": sorted(q.correct_ids())}
                                  for q in page.question_defs},
                }
            modules.append({"url": module_view.url, "lessons": [item.url for item in module_view.lessons], "quiz": quiz})
        kits.append({"id": kit.pk, "url": kit.url, "modules": modules})
    Path(args.out).write_text(json.dumps({"learners": emails, "kits": kits, "quizzes": quizzes}, indent=1))
    print(f"{len(emails)} learners, {len(kits)} kits, {len(quizzes)} quizzes -> {args.out}")


def expected_score(key, selected):
    """The score the server must give, computed here from the answer key (not by modules.grading):
    single and true/false 1 or 0; multiple (right - wrong) / number of right options, at least 0."""
    total = Decimal(0)
    for qid, question in key["questions"].items():
        chosen, correct = set(selected[qid]), set(question["correct"])
        if question["kind"] == "multiple":
            score = max(Decimal(0), Decimal(len(chosen & correct) - len(chosen - correct)) / len(correct))
        else:
            score = Decimal(int(chosen == correct))
        total += score.quantize(Decimal("0.0001"), ROUND_HALF_EVEN)
    maximum = Decimal(len(key["questions"]))
    percent = (100 * total / maximum).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
    return total, maximum, percent


def load_records(folder):
    records = []
    for path in sorted(Path(folder).glob("records*.jsonl")):
        records += [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return records


def verify(args):
    django_setup()
    from django.contrib.auth import get_user_model

    from modules.models import AnswerRecord, ItemProgress, QuizAttempt

    site = json.loads(Path(args.site).read_text())
    records = load_records(args.records)
    submits = [r for r in records if r["type"] == "submit"]
    users = dict(get_user_model().objects.filter(email__endswith="@" + EMAIL_DOMAIN).values_list("email", "pk"))
    attempts = {str(a.public_id): a for a in QuizAttempt.objects.filter(user_id__in=users.values())}
    answers = defaultdict(dict)
    for row in AnswerRecord.objects.filter(attempt__user_id__in=users.values()).values("attempt__public_id", "question_key", "selected"):
        answers[str(row["attempt__public_id"])][str(row["question_key"])] = row["selected"]

    problems = []
    accepted = [r for r in submits if r["accepted"]]
    uncertain = [r for r in submits if not r["accepted"] and r["outcome"] != "refused"]
    seen = Counter(r["attempt"] for r in accepted)
    duplicated = [pid for pid, n in seen.items() if n > 1]
    for pid in duplicated:
        problems.append(f"attempt {pid}: accepted {seen[pid]} times")
    wrong_score = wrong_answers = wrong_shown = missing = 0
    for r in accepted:
        attempt = attempts.get(r["attempt"])
        if attempt is None or attempt.submitted_at is None:
            missing += 1
            problems.append(f"attempt {r['attempt']} ({r['user']}): accepted but not stored as submitted")
            continue
        key = site["quizzes"][r["quiz"]]
        score, maximum, percent = expected_score(key, r["selected"])
        if attempt.user_id != users[r["user"]] or str(attempt.quiz_key) != r["quiz"] or attempt.number != r["number"]:
            problems.append(f"attempt {r['attempt']}: stored for another learner, quiz or number")
        stored_result = (attempt.score, attempt.max_score, attempt.percent, attempt.passed)
        if stored_result != (score, maximum, percent, percent >= key["pass_mark"]):
            wrong_score += 1
            problems.append(f"attempt {r['attempt']}: stored {attempt.score}/{attempt.max_score} ({attempt.percent}%, "
                            f"passed {attempt.passed}), expected {score}/{maximum} ({percent}%)")
        if r.get("shown_percent") is not None and Decimal(r["shown_percent"]) != percent:
            wrong_shown += 1
            problems.append(f"attempt {r['attempt']}: result page showed {r['shown_percent']}%, expected {percent}%")
        stored = {q: sorted(s) for q, s in answers[r["attempt"]].items()}
        if stored != {q: sorted(s) for q, s in r["selected"].items()}:
            wrong_answers += 1
            problems.append(f"attempt {r['attempt']}: stored answers {stored} differ from the submitted {r['selected']}")
    recorded = {r["attempt"] for r in submits}
    submitted_rows = {pid for pid, a in attempts.items() if a.submitted_at is not None}
    unrecorded = sorted(submitted_rows - recorded)
    for pid in unrecorded:
        problems.append(f"attempt {pid}: submitted in the database but never recorded by a learner")
    stored_uncertain = sum(1 for r in uncertain if r["attempt"] in submitted_rows)

    # The per-learner quiz summary must count each stored attempt once.
    counts = Counter((a.user_id, str(a.quiz_key)) for a in attempts.values() if a.submitted_at is not None)
    best = defaultdict(Decimal)
    for a in attempts.values():
        if a.submitted_at is not None:
            best[(a.user_id, str(a.quiz_key))] = max(best[(a.user_id, str(a.quiz_key))], a.percent)
    summary_wrong = 0
    rows = ItemProgress.objects.filter(user_id__in=users.values(), kind=ItemProgress.QUIZ)
    summaries = {(p.user_id, str(p.item_key)): p for p in rows}
    for k, n in counts.items():
        p = summaries.get(k)
        if p is None or p.attempts_submitted != n or p.best_percent != best[k]:
            summary_wrong += 1
            problems.append(f"progress {k}: attempts_submitted={p and p.attempts_submitted} best={p and p.best_percent}, "
                            f"expected {n} and {best[k]}")
    lessons_marked = {(users[r["user"]], r["lesson"]) for r in records if r["type"] == "lesson" and r["accepted"]}
    done = set(ItemProgress.objects.filter(user_id__in=users.values(), kind=ItemProgress.LESSON, completed_at__isnull=False)
               .values_list("user_id", "item_key"))
    done = {(u, str(k)) for u, k in done}
    lessons_lost = len(lessons_marked - done)
    if lessons_lost:
        problems.append(f"{lessons_lost} lessons marked as done by a learner are not stored as completed")

    double = [r for r in submits if r.get("double")]
    result = {
        "submissions": len(submits), "accepted": len(accepted), "refused_duplicates": sum(r.get("refused", 0) for r in submits),
        "double_posts": len(double), "replays": sum(1 for r in submits if r.get("replay")),
        "double_starts": sum(1 for r in records if r["type"] == "start" and r.get("double")),
        "stored": len(submitted_rows & {r["attempt"] for r in accepted}), "missing": missing, "duplicated": len(duplicated),
        "wrong_score": wrong_score, "wrong_answers": wrong_answers, "wrong_shown": wrong_shown, "unrecorded": len(unrecorded),
        "uncertain": len(uncertain), "uncertain_stored": stored_uncertain, "summary_wrong": summary_wrong,
        "open_attempts": sum(1 for a in attempts.values() if a.submitted_at is None),
        "lessons_marked": len(lessons_marked), "lessons_lost": lessons_lost, "problems": problems,
    }
    result["ok"] = not problems
    print(f"submissions recorded: {result['submissions']} (accepted {result['accepted']}, double POSTs {result['double_posts']}, "
          f"replays {result['replays']}, duplicates refused with 409: {result['refused_duplicates']}; "
          f"no clear answer: {result['uncertain']}, "
          f"of which stored: {stored_uncertain})")
    print(f"stored exactly once with the right score and answers: {result['stored'] - wrong_score - wrong_answers}; missing {missing}, "
          f"duplicated {len(duplicated)}, wrong score {wrong_score}, wrong answers {wrong_answers}, wrong score shown {wrong_shown}, "
          f"stored but unrecorded {len(unrecorded)}, quiz summaries wrong {summary_wrong}; open attempts left {result['open_attempts']}; "
          f"lessons marked {len(lessons_marked)}, lost {lessons_lost}")
    for line in problems[:30]:
        print("  PROBLEM", line)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0 if result["ok"] else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup")
    p.add_argument("--learners", type=int, default=200)
    p.add_argument("--password", required=True)
    p.add_argument("--out", required=True)
    p = sub.add_parser("verify")
    p.add_argument("--records", required=True)
    p.add_argument("--site", required=True)
    p.add_argument("--json")
    args = parser.parse_args()
    sys.exit(setup(args) if args.command == "setup" else verify(args))


if __name__ == "__main__":
    main()
