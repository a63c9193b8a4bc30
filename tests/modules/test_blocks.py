"""Quiz blocks enforce authoring rules and clean trainer-typed feedback; lesson blocks render."""

import json
import uuid

import pytest
from django.utils import translation
from wagtail.blocks import StructBlockValidationError

from modules.blocks import CalloutBlock, QuestionBlock


def question(kind, answers):
    block = QuestionBlock()
    return block, block.to_python({"kind": kind, "prompt": "Which helix does the quadruple helix add?", "answers": [
        {"type": "item", "id": str(uuid.uuid4()), "value": {"text": text, "correct": correct, "feedback": feedback}}
        for text, correct, feedback in answers
    ]})


def test_single_choice_with_two_correct_answers_is_refused():
    block, value = question("single", [("Civil society", True, "Yes."), ("Venture capital", True, "No.")])
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_feedback_html_is_cleaned_on_save():
    block, value = question("single", [("Civil society", True, 'Yes <b>indeed</b><script>steal()</script><img src=x onerror=alert(1)>'),
                                       ("Venture capital", False, "No.")])
    cleaned = block.clean(value)
    assert cleaned["answers"][0]["feedback"] == "Yes <b>indeed</b>steal()"


def test_callout_renders_open_points_as_such():
    block = CalloutBlock()
    with translation.override("en"):   # an admin request in an earlier test may leave another language active
        html = block.render(block.to_python({"kind": "open_point", "text": "<p>Not confirmed.</p>"}))
    assert "Open point: not yet confirmed" in html and "Not confirmed." in html


def test_a_new_question_starts_with_four_answer_rows():
    assert len(QuestionBlock().get_default()["answers"]) == 4


def test_feedback_is_optional_on_a_right_answer_but_needed_on_a_wrong_one():
    block, value = question("single", [("Civil society", True, ""), ("Venture capital", False, "Capital is not a helix.")])
    assert block.clean(value)["answers"][0]["feedback"] == ""
    block, value = question("single", [("Civil society", True, "Yes."), ("Venture capital", False, "  "), ("Banks", False, "No.")])
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    errors = raised.value.block_errors["answers"].block_errors
    assert list(errors) == [1]   # the silent wrong answer, named by its row
    assert "Say why this answer is wrong" in str(errors[1].block_errors["feedback"])


def test_answer_rows_left_empty_are_dropped_and_errors_name_the_rows_the_trainer_sees():
    block, value = question("single", [("Civil society", True, ""), ("", False, ""), ("Venture capital", False, "Not a helix."), ("  ", False, "")])
    cleaned = block.clean(value)
    assert [(a["text"], a["correct"]) for a in cleaned["answers"]] == [("Civil society", True), ("Venture capital", False)]
    # A silent wrong answer after an empty row is named by its own row (2), not by its place among the kept ones.
    block, value = question("single", [("Civil society", True, ""), ("", False, ""), ("Venture capital", False, "")])
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    assert list(raised.value.block_errors["answers"].block_errors) == [2]


def test_an_answer_row_with_feedback_but_no_text_is_refused():
    block, value = question("single", [("Civil society", True, ""), ("", False, "Capital is not a helix."), ("Banks", False, "No.")])
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    errors = raised.value.block_errors["answers"].block_errors
    assert list(errors) == [1] and "Give this answer a text" in str(errors[1].block_errors["text"])


def test_a_question_whose_rows_are_all_empty_but_one_is_refused():
    block, value = question("single", [("Civil society", True, ""), ("", False, ""), ("", False, ""), ("", False, "")])
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(value)
    assert "at least two answers" in str(raised.value.non_block_errors)


def test_the_quiz_editor_numbers_its_questions(client, trainer, sh1_quiz):
    client.force_login(trainer)
    html = client.get(f"/admin/pages/{sh1_quiz.pk}/edit/").content.decode()
    assert "admin-elearn/quiz-editor.css" in html
    assert QuestionBlock().meta.label_format == "{prompt}"


def test_rich_text_blocks_name_their_editor_in_the_editors_language():
    """Draftail's editing area has no accessible name of its own (wagtail/wagtail#14205): our rich-text
    blocks give it their label, translated when the editor's page is drawn, and stay Wagtail's class in migrations."""
    from wagtail.admin.telepath import JSContext

    from modules.blocks import LessonStreamBlock, VideoBlock

    for block in (LessonStreamBlock().child_blocks["text"], CalloutBlock().child_blocks["text"], VideoBlock().child_blocks["transcript"]):
        assert block.deconstruct()[0] == "wagtail.blocks.RichTextBlock"
        assert block.field.widget.options["ariaLabel"] == block.label
    with translation.override("fr"):
        text = JSContext().pack(LessonStreamBlock().child_blocks["text"].field.widget)
        transcript = JSContext().pack(VideoBlock().child_blocks["transcript"].field.widget)
    assert '"ariaLabel": "Texte"' in json.dumps(text) and '"ariaLabel": "Transcription"' in json.dumps(transcript)


MENU_LABELS = {"en": ("Image", "Video"), "de": ("Bild", "Video"), "fr": ("Image", "Vidéo"), "it": ("Immagine", "Video"),
               "sl": ("Slika", "Videoposnetek")}


@pytest.mark.parametrize("language", MENU_LABELS)
def test_the_lesson_block_menu_reads_in_the_editors_language(language):
    """Every block in a lesson's block menu is named by a translated label of ours: Image and Video used to
    show Wagtail's English default, made from the block's name, in every admin language."""
    from modules.blocks import LessonStreamBlock

    stream = LessonStreamBlock()
    assert all(block.meta.label for block in stream.child_blocks.values())
    with translation.override(language):
        labels = {name: str(block.label) for name, block in stream.child_blocks.items()}
    assert (labels["image"], labels["video"]) == MENU_LABELS[language]
    icons = {name: block.meta.icon for name, block in stream.child_blocks.items() if name != "text"}
    assert icons == {"image": "image", "video": "media", "callout": "pick", "document": "doc-full", "quiz": "tasks", "h5p": "form"}
