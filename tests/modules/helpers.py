"""Small helpers for driving quizzes through HTTP the way a browser does, and for translating kits."""

from wagtail.models import Locale

from modules.models import AnswerRecord, ItemProgress, KitPage, LessonPage, QuizAttempt, QuizPage


def right_answers(quiz):
    return {f"q-{q.id}": [a.id for a in q.answers if a.correct] for q in quiz.question_defs}


def wrong_answers(quiz):
    return {f"q-{q.id}": [next(a.id for a in q.answers if not a.correct)] for q in quiz.question_defs}


def start(client, quiz):
    response = client.post(f"/learn/quizzes/{quiz.translation_key}/start/")
    assert response.status_code == 302, response.content[:500]
    return QuizAttempt.objects.get(public_id=response["Location"].split("/")[3])


def state():
    """Everything a submission may write, to prove a refused one wrote nothing."""
    return (
        list(QuizAttempt.objects.order_by("pk").values_list("pk", "submitted_at", "percent")),
        AnswerRecord.objects.count(),
        list(ItemProgress.objects.order_by("pk").values_list("pk", "attempts_submitted", "best_percent", "passed")),
    )


def complete_lesson(client, lesson, next_url="/"):
    return client.post(f"/learn/lessons/{lesson.translation_key}/complete/", {"next": next_url})


def complete_module(client, module):
    for lesson in LessonPage.objects.child_of(module).live():
        complete_lesson(client, lesson)
    quiz = QuizPage.objects.child_of(module).get()
    client.post(f"/learn/attempts/{start(client, quiz).public_id}/", right_answers(quiz))


def complete_kit(client, kit):
    for module in kit.live_modules():
        complete_module(client, module)


def translate_kits(*languages):
    """Every English kit translated into `languages` and published, as load_kits does with the kits'
    translations: each translation carries a copy of the kit's module links."""
    for language in languages:
        locale, _created = Locale.objects.get_or_create(language_code=language)
        for kit in KitPage.objects.filter(locale__language_code="en"):
            if not kit.has_translation(locale):
                kit.copy_for_translation(locale, copy_parents=True).save_revision().publish()


def publish_lesson(module, slug, title=None):
    """A new lesson published at the end of `module` (as a trainer adding content later would)."""
    lesson = LessonPage(title=title or slug.replace("-", " ").capitalize(), slug=slug, estimated_minutes=5,
                        body=[("text", "<p>Published after some learners completed the module.</p>")])
    module.add_child(instance=lesson)
    lesson.save_revision().publish()
    return lesson


def add_question(quiz):
    """Publish `quiz` with one more (single-choice) question appended."""
    import json
    import uuid

    raw = list(quiz.questions.raw_data)
    answers = [{"type": "item", "id": str(uuid.uuid4()), "value": {"text": text, "correct": correct, "feedback": ""}}
               for text, correct in (("Yes", True), ("No", False))]
    raw.append({"type": "question", "id": str(uuid.uuid4()),
                "value": {"kind": "single", "prompt": "A question published later?", "answers": answers, "assessment_only": False}})
    quiz.questions = json.dumps(raw)
    quiz.save_revision().publish()
    return quiz


def make_pool(quiz, ask):
    """Publish `quiz` asking `ask` of its questions per attempt (a question pool)."""
    quiz.questions_asked = ask
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


def asked_answers(quiz, attempt, right=True):
    """Right (or wrong) answers to exactly the questions `attempt` drew."""
    defs = {q.id: q for q in quiz.question_defs}
    asked = [defs[question_id] for question_id in attempt.asked_ids]
    if right:
        return {f"q-{q.id}": [a.id for a in q.answers if a.correct] for q in asked}
    return {f"q-{q.id}": [next(a.id for a in q.answers if not a.correct)] for q in asked}
