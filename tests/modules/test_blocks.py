"""Quiz blocks enforce authoring rules and clean trainer-typed feedback; lesson blocks render."""

import uuid

import pytest
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
    html = block.render(block.to_python({"kind": "open_point", "text": "<p>Not confirmed.</p>"}))
    assert "Open point: not yet confirmed" in html and "Not confirmed." in html
