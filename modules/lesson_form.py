"""One place for a lesson and its questions: the lesson editor has a panel for new questions of the
module's quiz, so a trainer writes a lesson and its question in one editor and submits them together.

The questions are not the lesson's: saving the lesson writes them into the latest draft of the quiz
(modules/review/submissions.py, called from the editor's hooks in wagtail_hooks.py), keyed by their
block ids, so saving twice never adds a question twice. This form only validates them: the question
rules of the quiz editor (QuestionBlock.clean), a quiz to add them to, that the trainer may edit it and
that it is not locked or in review. A refusal is a form error and nothing is saved. Imported by the page
models, so models are looked up through the app registry."""

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel
from django.core.exceptions import ValidationError
from wagtail.blocks import BlockField, BlockWidget, StreamBlockValidationError
from wagtail.models import WorkflowState

from .blocks import QuestionStreamBlock

QUESTIONS_FIELD = "new_questions"


def module_of_form(page, parent_page=None):
    """The module a lesson being created (under `parent_page`) or edited belongs to, or None."""
    module_model = apps.get_model("modules", "ModulePage")
    parent = page.get_parent() if page.pk else parent_page
    parent = parent.specific if parent is not None else None
    return parent if isinstance(parent, module_model) else None


def module_quiz(module):
    """The module's quiz (the first, in tree order), or None."""
    if module is None:
        return None
    return apps.get_model("modules", "QuizPage").objects.child_of(module).order_by("path").first()


def _questions_block():
    block = QuestionStreamBlock(required=False, min_num=0)
    block.set_name(QUESTIONS_FIELD)
    return block


QUESTIONS_BLOCK = _questions_block()


class OptionalStreamWidget(BlockWidget):
    """No questions when the form data has none at all (a form posted by code that predates the panel)."""

    def value_from_datadict(self, data, files, name):
        if f"{name}-count" not in data:
            return self.block_def.to_python([])
        return super().value_from_datadict(data, files, name)


class LessonPageForm(WagtailAdminPageForm):
    new_questions = BlockField(block=QUESTIONS_BLOCK, widget=OptionalStreamWidget(QUESTIONS_BLOCK), required=False,
                               label=gettext_lazy("New questions for the module's quiz"))

    def clean(self):
        cleaned_data = super().clean()
        self.instance.new_quiz_questions = None
        questions = cleaned_data.get(QUESTIONS_FIELD)
        if not questions:
            return cleaned_data
        quiz = module_quiz(module_of_form(self.instance, getattr(self, "parent_page", None)))
        problem = None
        if quiz is None:
            problem = _("This module has no quiz to add questions to: create its quiz first.")
        elif not quiz.permissions_for_user(self.for_user).can_edit():
            problem = _("You may not edit the quiz “%(quiz)s”.") % {"quiz": quiz.title}
        elif (state := quiz.current_workflow_state) is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
            # (Wagtail's review task locks the page too; this says why.)
            problem = _("The quiz “%(quiz)s” is in review: add questions once the review is decided.") % {"quiz": quiz.title}
        elif (lock := quiz.get_lock()) is not None and lock.for_user(self.for_user):
            problem = _("The quiz “%(quiz)s” is locked: its questions cannot change now.") % {"quiz": quiz.title}
        if problem:
            # A stream's own error shape, so the editor shows it above the questions.
            self.add_error(QUESTIONS_FIELD, StreamBlockValidationError(non_block_errors=[ValidationError(problem)]))
        else:
            self.instance.new_quiz_questions = (quiz, self.fields[QUESTIONS_FIELD].block.get_prep_value(questions))
        return cleaned_data


class NewQuestionsPanel(FieldPanel):
    """The new-questions field, shown when the lesson's module has a quiz, headed with the quiz's title."""

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.quiz = module_quiz(module_of_form(self.instance, getattr(self.form, "parent_page", None)))
            if self.quiz is not None:
                self.heading = _("New questions for “%(quiz)s”") % {"quiz": self.quiz.title}
                self.help_text = _("A question added here joins the module's quiz when you save, and goes to review with this "
                                   "lesson. Edit the quiz's other questions in the quiz.")

        def is_shown(self):
            return self.quiz is not None and super().is_shown()
