"""Learner views: parse the request, call one check_/do_ function, render. No domain logic here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .attempts import (
    AttemptError, check_live_quiz, check_own_attempt, do_start_attempt, do_submit_attempt, parse_submission,
)
from .glossary import glossary_entries
from .grading import SubmissionError
from .h5p.requirements import pending_activities
from .learning.read_models import build_kit_views, build_quiz_place, live_item, quiz_status, result_rows
from .learning.records import record_lesson_completed
from .models import KitPage, LessonPage
from .search import MAX_QUERY, clean_query, search_pages
from .self_assessment_service import check_own_result, download, saved_result_context


def _kit_from_request(request):
    kit_id = request.GET.get("kit") or request.POST.get("kit")
    if kit_id and kit_id.isdigit():
        return KitPage.objects.live().filter(pk=int(kit_id)).first()
    return None


def _safe_next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _attempt_url(attempt, kit):
    url = reverse("attempt", args=[attempt.public_id])
    return f"{url}?kit={kit.pk}" if kit else url


@require_POST
@login_required
def complete_lesson(request, lesson_key):
    # The lesson in the learner's language (its title in the message, its URL to return to); the
    # progress row keys on the shared translation key, whatever the language.
    lesson = live_item(LessonPage, lesson_key)
    if lesson is None:
        raise Http404
    if pending_activities(request.user, lesson):
        # The lesson's H5P activities count towards it: it is done once they reach their required score.
        messages.error(request, _("Complete the activity in “%(title)s” to finish this lesson.") % {"title": lesson.title})
        return redirect(lesson.url or "/")
    record_lesson_completed(request.user, lesson)
    messages.success(request, _("“%(title)s” is marked as done.") % {"title": lesson.title})
    return redirect(_safe_next(request, lesson.url or "/"))


@require_POST
@login_required
def start_attempt(request, quiz_key):
    kit = _kit_from_request(request)
    try:
        quiz = check_live_quiz(quiz_key)
        attempt = do_start_attempt(request.user, quiz, kit)
    except AttemptError as error:
        return render(request, "modules/attempt_refused.html", {"message": error.message, "kit": kit}, status=error.status)
    return redirect(_attempt_url(attempt, kit))


@require_http_methods(["GET", "POST"])
@login_required
def attempt(request, public_id):
    kit = _kit_from_request(request)
    try:
        attempt = check_own_attempt(request.user, public_id)
    except AttemptError as error:
        return render(request, "modules/attempt_refused.html", {"message": error.message, "kit": kit}, status=error.status)
    quiz = attempt.quiz.specific
    if request.method == "GET":
        if attempt.is_submitted:
            return render(request, "modules/attempt_result.html", _result_context(attempt, quiz, kit))
        return render(request, "modules/attempt_form.html", {"attempt": attempt, "quiz": quiz, "questions": quiz.question_views(attempt.drawn),
                                                             **_place_context(request.user, quiz, kit)})

    submission = parse_submission(request.POST)
    try:
        attempt, _result = do_submit_attempt(request.user, public_id, submission)
    except SubmissionError as error:
        context = {"attempt": attempt, "quiz": quiz, "questions": quiz.question_views(attempt.drawn), **_place_context(request.user, quiz, kit),
                   "error": str(error), "error_question": error.question_id, "submitted": submission}
        return render(request, "modules/attempt_form.html", context, status=400)
    except AttemptError as error:
        return render(request, "modules/attempt_refused.html", {"message": error.message, "kit": kit}, status=error.status)
    return redirect(_attempt_url(attempt, kit))


def _place_context(user, quiz, kit):
    """Kit, module and quiz page of an attempt, for breadcrumbs and next steps."""
    place = build_quiz_place(user, quiz, kit)
    return {"place": place, "kit": place.kit or kit, "module": place.module,
            "module_url": place.module_view.url if place.module_view else None, "quiz_url": place.quiz_url}


def _result_context(attempt, quiz, kit):
    """Per-question results. The key is revealed only once the learner has passed or has no attempts
    left, so the result page cannot be used to ace the next attempt: before that each question shows
    only right / partly right / wrong, never which option is correct nor an option's feedback (it
    often names the right answer, and ticking every option would show them all)."""
    status = quiz_status(attempt.user, quiz)
    reveal = status["passed"] or status["attempts_left"] == 0
    rows = result_rows(quiz, {str(r.question_key): r for r in attempt.answers.all()}, reveal, drawn=attempt.drawn)
    return {"attempt": attempt, "quiz": quiz, "rows": rows, "status": status, "reveal": reveal, **_place_context(attempt.user, quiz, kit)}


@require_GET
@login_required
def my_learning(request):
    kit_views = build_kit_views(request.user, KitPage.listed())
    return render(request, "modules/my_learning.html", {"kit_views": kit_views})


@require_GET
@login_required
def self_assessment_result(request, public_id, kind=None):
    """A saved self-assessment result, its CSV or its PDF: the learner's own only (404 otherwise)."""
    result = check_own_result(request.user, public_id)
    kit = _kit_from_request(request)
    context = saved_result_context(result, kit)
    if kind:
        when = formats.date_format(timezone.localtime(result.created_at), "DATETIME_FORMAT")
        links = {score.area.id: entries for score, entries in context["revisit_for"]}
        return download(kind, result.title, context["profile"], links, when)
    return render(request, "modules/self_assessment_result.html", context)


@require_GET
def search(request):
    """Kits, modules and lessons matching ?q= in the reader's language."""
    query = clean_query(request.GET.get("q"))
    hits = search_pages(query, translation.get_language(), request) if query else []
    return render(request, "modules/search.html", {"query": query, "hits": hits, "max_query": MAX_QUERY})


@require_GET
def glossary(request):
    return render(request, "modules/glossary.html", {"entries": glossary_entries(translation.get_language())})
