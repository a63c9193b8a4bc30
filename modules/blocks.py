"""StreamField blocks for lessons and quizzes. Each block carries its own template.

Question and answer ids are the StreamField/ListBlock child ids Wagtail stores with the JSON: they
survive edits in the admin, copying, export and import, so they serve as the stable item ids that
attempts, release diffs and upgrades are keyed by (see docs/design.md)."""

from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from . import grading
from .sanitize import clean_inline

LESSON_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "hr", "blockquote"]


class NamedRichTextBlock(blocks.RichTextBlock):
    """A rich-text block whose editing area carries the block's label as its accessible name.

    Wagtail's Draftail editor renders a `contenteditable` `role="textbox"` with no name: the field's
    `<label for>` points at the hidden input it replaces (axe `aria-input-field-name`, WCAG 4.1.2;
    upstream https://github.com/wagtail/wagtail/issues/14205). Draftail accepts an `ariaLabel` option,
    and Wagtail passes the widget's options to it unchanged, so the label travels there (a lazy string,
    rendered in the editor's language). Nothing about the stored value changes, so migrations keep
    Wagtail's own class: drop this class once Wagtail names the editor itself."""

    canonical_module_path = "wagtail.blocks.RichTextBlock"

    @cached_property
    def field(self):
        field = super().field
        options = getattr(field.widget, "options", None)
        if isinstance(options, dict) and self.label:  # Draftail; another editor keeps its own naming
            field.widget.options = {**options, "ariaLabel": self.label}
        return field


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(label=_("Alternative text"), max_length=250, help_text=_("Describe the image for people who cannot see it."))
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        template = "modules/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text=_("A link to the video, e.g. on YouTube or Vimeo."))
    title = blocks.CharBlock(max_length=200, help_text=_("Names the video for screen readers."))
    transcript = NamedRichTextBlock(required=False, features=["bold", "italic", "link", "ul"], label=_("Transcript"))

    class Meta:
        template = "modules/blocks/video.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("key_point", _("Key point")), ("open_point", _("Open point (not yet confirmed)"))],
        default="key_point",
    )
    text = NamedRichTextBlock(features=["bold", "italic", "link", "ul"], label=_("Text"))

    class Meta:
        template = "modules/blocks/callout.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    description = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        template = "modules/blocks/document.html"


class QuizLinkBlock(blocks.StructBlock):
    quiz = blocks.PageChooserBlock(page_type="modules.QuizPage")
    intro = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        template = "modules/blocks/quiz_link.html"


class H5PBlock(blocks.StructBlock):
    """An uploaded H5P activity, played in a sandboxed iframe (modules/h5p/player.py)."""

    activity = SnippetChooserBlock("modules.H5PActivity")
    intro = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        template = "modules/blocks/h5p.html"


class LessonStreamBlock(blocks.StreamBlock):
    # The editor's block menu, as trainers read it: each block's label and icon.
    text = NamedRichTextBlock(features=LESSON_TEXT_FEATURES, template="modules/blocks/text.html", label=_("Text"))
    image = ImageBlock(label=_("Image"), icon="image")
    video = VideoBlock(label=_("Video"), icon="media")
    callout = CalloutBlock(label=_("Key-point callout"), icon="pick")
    document = DocumentBlock(label=_("Downloadable document"), icon="doc-full")
    quiz = QuizLinkBlock(label=_("Quiz"), icon="tasks")
    h5p = H5PBlock(label=_("H5P activity"), icon="form")


class AnswerBlock(blocks.StructBlock):
    # Not required here: QuestionBlock.clean drops rows left wholly empty (a new question has four) and
    # asks for the text of any other row.
    text = blocks.CharBlock(max_length=500, required=False)
    correct = blocks.BooleanBlock(required=False)
    feedback = blocks.TextBlock(required=False, help_text=_(
        "Shown after submission when this answer was chosen: say why it is right or wrong. Needed for a wrong answer; "
        "optional for a right one (learners then read “That is right.”). Emphasis and links allowed."))

    class Meta:
        icon = "radio-full"


def _blank_answer(answer):
    return not (answer["text"] or "").strip() and not answer["correct"] and not (answer["feedback"] or "").strip()


class QuestionBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[(grading.SINGLE, _("Single choice")), (grading.MULTIPLE, _("Multiple choice")), (grading.TRUE_FALSE, _("True / false"))],
        default=grading.SINGLE,
        label=_("Question type"),
    )
    prompt = blocks.TextBlock(max_length=1000)
    # Four empty rows to start: most questions have four options, and two rows under a "minimum is 2"
    # warning made every new question start with an error.
    answers = blocks.ListBlock(AnswerBlock(), min_num=2, max_num=10, default=[{"text": "", "correct": False, "feedback": ""}] * 4)
    # Public downloads carry the answer key; questions marked here stay on this server (issue 11.6).
    assessment_only = blocks.BooleanBlock(
        required=False, default=False, label=_("Assessment only"),
        help_text=_("Keep this question on this server: it is left out of public downloads (pack, offline copy, SCORM, Moodle XML)."),
    )

    class Meta:
        icon = "help"
        # The collapsed question shows its prompt, so a long quiz reads as a list of questions.
        label_format = "{prompt}"

    def clean(self, value):
        value = super().clean(value)
        rows = value["answers"]
        # An answer row left wholly empty is not an answer: it is dropped, so a new question's four rows
        # need only be filled as far as the question goes. Errors name the rows as the trainer sees them.
        used = [(index, row) for index, row in enumerate(rows.bound_blocks) if not _blank_answer(row.value)]
        row_errors = {}
        for index, row in used:
            answer = row.value
            if not (answer["text"] or "").strip():
                row_errors[index] = {"text": ValidationError(_("Give this answer a text, or empty the whole row to leave it out."))}
            elif not answer["correct"] and not (answer["feedback"] or "").strip():
                row_errors[index] = {"feedback": ValidationError(_("Say why this answer is wrong: learners who chose it read this feedback."))}
        value["answers"] = blocks.list_block.ListValue(rows.list_block, bound_blocks=[row for _index, row in used])
        problems = grading.validate_question(value["kind"], [(a["text"], a["correct"]) for a in value["answers"]])
        if problems:
            raise blocks.StructBlockValidationError(non_block_errors=ValidationError(problems))
        if row_errors:
            raise blocks.StructBlockValidationError(block_errors={"answers": blocks.ListBlockValidationError(block_errors={
                index: blocks.StructBlockValidationError(block_errors=errors) for index, errors in row_errors.items()})})
        # Trainer-typed feedback is untrusted HTML: keep emphasis and links, drop everything else.
        for answer in value["answers"]:
            answer["feedback"] = clean_inline(answer["feedback"])
        return value


class QuestionStreamBlock(blocks.StreamBlock):
    question = QuestionBlock()

    class Meta:
        min_num = 1


class SelfAssessmentAreaBlock(blocks.StructBlock):
    """One StressTest question area: its published question, this kit's statements to rate, and
    the lessons to revisit when the area comes out weak. Statement ids are the ListBlock item ids."""

    title = blocks.CharBlock(max_length=40, help_text=_("A short name for the area (it labels the chart), e.g. “Clusters in S3 design”."))
    question = blocks.CharBlock(max_length=300, help_text=_("The StressTest question area as the project published it."))
    statements = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1, max_num=6,
                                  help_text=_("Statements the learner rates for their own region (this kit's wording)."))
    revisit = blocks.ListBlock(blocks.PageChooserBlock(page_type="modules.LessonPage"), min_num=0, max_num=4,
                               label=_("Lessons to revisit"), help_text=_("Suggested when this area comes out weak."))

    class Meta:
        icon = "list-ol"


class SelfAssessmentStreamBlock(blocks.StreamBlock):
    area = SelfAssessmentAreaBlock()

    class Meta:
        min_num = 1
        max_num = 12


def has_h5p(page):
    """Whether the page's body holds an H5P activity (its player carries a token signed for the learner,
    so such a body is never rendered once for everyone)."""
    return any(block.block_type == "h5p" for block in getattr(page, "body", None) or [])
