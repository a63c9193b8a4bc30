"""{% overlay "template.html" %}: an include whose output belongs to the reader (elearn/site/overlay.py).
Rendered in place like `{% include %}`, except in a skeleton, where it leaves a marker that every
response fills with the template rendered for its own reader. The name must be a literal string."""

from django import template
from django.template.loader_tags import IncludeNode
from django.utils.safestring import mark_safe

from elearn.site.overlay import SKELETON, marker

register = template.Library()


class OverlayNode(template.Node):
    def __init__(self, name, include):
        self.name, self.include = name, include

    def render(self, context):
        if context.get(SKELETON):
            return mark_safe(marker(self.name))  # noqa: S308 - our own marker, the name from our template
        return self.include.render(context)


@register.tag
def overlay(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("overlay takes one template name, as a literal string")
    include = IncludeNode(parser.compile_filter(bits[1]))
    include.origin, include.token = parser.origin, token  # as the parser sets them on the nodes it keeps
    return OverlayNode(bits[1][1:-1], include)
