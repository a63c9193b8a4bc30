"""Staff preview of a quiz: grade answers against the latest revision and show the result.

Nothing is written: no attempt, no answer records, no progress. Only users who can edit the quiz
page (trainers, kit maintainers, administrators) may use it."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .attempts import parse_submission
from .grading import SubmissionError, grade_quiz
from .learning.read_models import result_rows
from .models import QuizPage


def check_previewable_quiz(user, quiz_key, page_id=None):
    quizzes = QuizPage.objects.filter(translation_key=quiz_key)
    if page_id and str(page_id).isdigit():
        quizzes = quizzes.filter(pk=int(page_id))
    quiz = quizzes.order_by("pk").first()
    if quiz is None:
        raise Http404
    if not quiz.permissions_for_user(user).can_edit():
        raise PermissionDenied
    return quiz


@require_POST
@login_required
def preview_grade(request, quiz_key):
    page = check_previewable_quiz(request.user, quiz_key, request.POST.get("page"))
    quiz = page.get_latest_revision_as_object()
    submission = parse_submission(request.POST)
    try:
        result = grade_quiz(quiz.question_defs, submission)
    except SubmissionError as error:
        unknown = set(submission) - {q.id for q in quiz.question_defs}
        message = str(error)
        if unknown:
            message = _("The preview shows questions that are not saved yet. Save a draft, then preview the quiz again.")
        context = {"quiz": quiz, "page": page, "questions": quiz.question_views(), "error": message,
                   "error_question": error.question_id, "submitted": submission}
        return render(request, "modules/preview_quiz_result.html", context, status=400)
    context = {"quiz": quiz, "page": page, "result": result, "passed": result.passed(quiz.pass_mark), "rows": result_rows(quiz, {q.question_id: q for q in result.questions})}
    return render(request, "modules/preview_quiz_result.html", context)
