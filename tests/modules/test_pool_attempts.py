"""Question pools on the site: each attempt draws its set once, is graded on it, and refuses the rest."""

import re
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import escape

from modules.analytics import queries
from modules.models import AnswerRecord, ItemProgress, QuizAttempt
from tests.factories import make_user

from .helpers import asked_answers, make_pool, right_answers, start, state

pytestmark = pytest.mark.django_db
ASK = 3


@pytest.fixture
def pool_quiz(sh1_quiz):
    assert len(sh1_quiz.question_defs) > ASK
    return make_pool(sh1_quiz, ASK)


def submit(client, attempt, data):
    return client.post(f"/learn/attempts/{attempt.public_id}/", data)


def test_an_attempt_records_its_seed_and_draw_and_the_form_shows_exactly_that(learner_client, pool_quiz):
    attempt = start(learner_client, pool_quiz)
    assert attempt.seed is not None and len(attempt.drawn) == ASK
    assert [entry for entry in attempt.drawn] == pool_quiz.draw(attempt.seed).as_record()  # reproducible from the seed
    page = learner_client.get(f"/learn/attempts/{attempt.public_id}/").content.decode()
    shown = [q.id for q in pool_quiz.question_defs if f'name="q-{q.id}"' in page]
    assert shown == attempt.asked_ids
    for entry in attempt.drawn:  # options in the recorded order
        positions = [page.index(f'value="{answer_id}"') for answer_id in entry["answers"]]
        assert positions == sorted(positions)


def test_the_drawn_set_is_what_is_graded_and_recorded(learner_client, learner, pool_quiz):
    attempt = start(learner_client, pool_quiz)
    response = submit(learner_client, attempt, asked_answers(pool_quiz, attempt))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.passed and attempt.percent == 100 and attempt.max_score == ASK
    assert sorted(str(k) for k in AnswerRecord.objects.filter(attempt=attempt).values_list("question_key", flat=True)) == sorted(attempt.asked_ids)
    assert ItemProgress.objects.get(user=learner, item_key=pool_quiz.translation_key).passed
    # The result page lists the questions asked, no others.
    page = learner_client.get(response["Location"]).content.decode()
    prompts = {q["id"]: escape(str(q["prompt"])) for q in pool_quiz.question_views()}
    for question_id, prompt in prompts.items():
        assert (prompt in page) is (question_id in attempt.asked_ids)


def test_a_wrong_answer_on_a_drawn_question_costs_its_share(learner_client, pool_quiz):
    attempt = start(learner_client, pool_quiz)
    data = asked_answers(pool_quiz, attempt)
    first = f"q-{attempt.asked_ids[0]}"
    data[first] = asked_answers(pool_quiz, attempt, right=False)[first]
    submit(learner_client, attempt, data)
    attempt.refresh_from_db()
    assert attempt.score == ASK - 1 and attempt.max_score == ASK


@pytest.mark.parametrize("tamper", ["undrawn_question", "every_question", "foreign_answer", "missing_drawn"])
def test_tampered_pool_submission_is_refused_whole(learner_client, pool_quiz, tamper):
    attempt = start(learner_client, pool_quiz)
    data = asked_answers(pool_quiz, attempt)
    undrawn = next(q for q in pool_quiz.question_defs if q.id not in attempt.asked_ids)
    if tamper == "undrawn_question":
        data[f"q-{undrawn.id}"] = [undrawn.answers[0].id]
    elif tamper == "every_question":
        data = right_answers(pool_quiz)
    elif tamper == "foreign_answer":
        # An answer id of an undrawn question, sent for a drawn one.
        data[f"q-{attempt.asked_ids[0]}"] = [undrawn.answers[0].id]
    else:
        del data[f"q-{attempt.asked_ids[-1]}"]
    before = state()
    response = submit(learner_client, attempt, data)
    assert response.status_code == 400
    assert state() == before
    assert not QuizAttempt.objects.get(pk=attempt.pk).is_submitted


def test_continuing_or_replaying_never_draws_again(learner_client, pool_quiz):
    attempt = start(learner_client, pool_quiz)
    again = start(learner_client, pool_quiz)  # "Continue your attempt"
    assert again.pk == attempt.pk and again.seed == attempt.seed and again.drawn == attempt.drawn
    def form_fields():
        page = learner_client.get(f"/learn/attempts/{attempt.public_id}/").content.decode()
        return re.findall(r'name="(q-[^"]+)" value="([^"]+)"', page)

    assert form_fields() == form_fields() != []
    data = asked_answers(pool_quiz, attempt)
    assert submit(learner_client, attempt, data).status_code == 302
    before = state()
    assert submit(learner_client, attempt, data).status_code == 409  # replay
    assert state() == before
    assert QuizAttempt.objects.get(pk=attempt.pk).drawn == attempt.drawn


def test_each_new_attempt_draws_afresh_and_every_question_turns_up(client, pool_quiz):
    seen = Counter()
    for n in range(12):
        client.force_login(make_user(f"pool{n}"))
        attempt = start(client, pool_quiz)
        seen.update(attempt.asked_ids)
    assert len(QuizAttempt.objects.values_list("seed", flat=True).distinct()) > 1
    assert sum(seen.values()) == 12 * ASK


def test_an_attempt_from_before_pools_is_graded_on_every_question(learner_client, pool_quiz):
    attempt = start(learner_client, pool_quiz)
    QuizAttempt.objects.filter(pk=attempt.pk).update(seed=None, drawn=[])
    assert submit(learner_client, attempt, right_answers(pool_quiz)).status_code == 302
    assert QuizAttempt.objects.get(pk=attempt.pk).max_score == len(pool_quiz.question_defs)


def test_item_analysis_counts_only_the_attempts_that_were_asked_each_question(client, kit_t1, pool_quiz):
    asked = Counter()
    for n in range(8):
        client.force_login(make_user(f"stats{n}"))
        attempt = start(client, pool_quiz)
        submit(client, attempt, asked_answers(pool_quiz, attempt, right=n % 2 == 0))
        asked.update(attempt.asked_ids)
    filters = queries.AnalyticsFilter(kit=kit_t1, module=pool_quiz.get_parent().specific, quiz=pool_quiz)
    stats = {s.question_id: s for s in queries.item_analysis(filters, queries.resolve_scope(filters))}
    for question in pool_quiz.question_defs:
        assert stats[question.id].answered == asked[question.id]
        chosen = [option["chosen"] for option in stats[question.id].options]
        assert max(chosen) <= asked[question.id]
        if question.kind != "multiple":  # one option per answer
            assert sum(chosen) == asked[question.id]
    assert sum(s.answered for s in stats.values()) == 8 * ASK


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "sl"])
def test_the_quiz_page_counts_the_questions_asked_in_every_language(client, pool_quiz, language):
    prefix = "" if language == "en" else f"/{language}"
    body = client.get(f"{prefix}/itg-t1/sh-1/{pool_quiz.slug}/").content.decode()
    total = len(pool_quiz.question_defs)
    with translation.override(language):
        sentence = translation.ngettext(
            "Each attempt draws %(asked)s of the %(total)s questions in this quiz at random.",
            "Each attempt draws %(asked)s of the %(total)s questions in this quiz at random.", total) % {"asked": ASK, "total": total}
    assert sentence in body
    assert f"<dd>{ASK}</dd>" in body
    if language != "en":
        assert "Each attempt draws" not in body


def test_a_quiz_without_pool_says_nothing_of_pools(client, sh1_quiz):
    body = client.get(f"/itg-t1/sh-1/{sh1_quiz.slug}/").content.decode()
    assert f"<dd>{len(sh1_quiz.question_defs)}</dd>" in body and "at random" not in body


@pytest.mark.parametrize("ask, ok", [(None, True), (1, True), ("total", True), (0, False), ("total+1", False)])
def test_the_editor_accepts_1_to_the_number_of_questions(sh1_quiz, ask, ok):
    total = len(sh1_quiz.question_defs)
    sh1_quiz.questions_asked = {"total": total, "total+1": total + 1}.get(ask, ask)
    if ok:
        sh1_quiz.clean()
        return
    with pytest.raises(ValidationError) as raised:
        sh1_quiz.clean()
    assert f"between 1 and {total} questions" in str(raised.value.message_dict["questions_asked"])


def test_the_quiz_editor_shows_the_pool_setting_with_its_help(client, administrator, sh1_quiz):
    client.force_login(administrator)
    body = client.get(f"/admin/pages/{sh1_quiz.pk}/edit/").content.decode()
    assert 'name="questions_asked"' in body and "Questions asked per attempt" in body
    assert "Leave blank to ask every question." in body
    assert "Assessment only" in body  # the per-question setting beside it


def test_a_learner_cannot_open_the_quiz_editor(learner_client, sh1_quiz):
    response = learner_client.get(f"/admin/pages/{sh1_quiz.pk}/edit/")
    assert response.status_code in (302, 403)


def test_a_translated_quiz_draws_from_the_same_pool_and_counts_once(client, learner, sh1_quiz):
    from wagtail.models import Locale
    from wagtail_localize.models import TranslationSource

    from tests.modules.packs.snapshots import load_german_sh1

    load_german_sh1()
    pool = make_pool(sh1_quiz, ASK)
    # The trainer syncs the translations after changing the source (wagtail-localize's "Sync"): the
    # pool setting is not text, so it is synchronised, never translated.
    de = Locale.objects.get(language_code="de")
    source, _created = TranslationSource.update_or_create_from_instance(pool)
    source.create_or_update_translation(de, publish=True, fallback=True)
    german = pool.get_translation(de).specific
    assert german.questions_asked == ASK and german.live
    assert [q.id for q in german.question_defs] == [q.id for q in pool.question_defs]  # the same stable ids
    client.force_login(learner)
    response = client.post(f"/de/learn/quizzes/{pool.translation_key}/start/")
    attempt = QuizAttempt.objects.get(public_id=response["Location"].split("/")[4])
    assert attempt.language == "de" and len(attempt.drawn) == ASK
    assert set(attempt.asked_ids) <= {q.id for q in pool.question_defs}
    client.post(f"/de/learn/attempts/{attempt.public_id}/", asked_answers(pool, attempt))
    attempt.refresh_from_db()
    assert attempt.passed
    # Back in English the same attempt counts: one attempt used, the quiz passed.
    assert QuizAttempt.objects.filter(user=learner, quiz_key=pool.translation_key).count() == 1
    assert ItemProgress.objects.get(user=learner, item_key=pool.translation_key).passed
