"""Form fields that tell assistive technology about their own errors (WCAG 3.3.1, 3.3.3)."""

from django import template
from django.utils.html import strip_tags

register = template.Library()


@register.simple_tag
def described_field(field):
    """The field's widget with aria-describedby pointing at its help text and error messages, and
    aria-invalid when it has errors (the messages are rendered by includes/form_fields.html)."""
    ids = []
    if field.help_text:
        ids.append(f"{field.id_for_label}_helptext")
    ids += [f"{field.id_for_label}_error{index}" for index, _error in enumerate(field.errors)]
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def summary_label(label):
    """A field's label as plain text for the error summary: the summary entry is itself a link, so a link
    inside the label (the privacy notice's) is dropped, and so is its closing punctuation before the colon."""
    return strip_tags(str(label)).strip().rstrip(".:")
