"""{% render_once page kit language %}…{% endrender_once %}: the enclosed lesson body rendered once per
content version (issue 19.1, elearn/site/page_cache.py: any publish, unpublish, move or delete draws a
new one) for each page revision, kit and language, instead of on every request. The body is the same
for every reader; the learner's own state is rendered around it, never inside.

Rendered afresh every time, never stored: a preview (the draft is not the published revision) and a
body with an H5P activity (its player carries a token signed for the learner, modules/h5p/player.py)."""

from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from elearn.site.page_cache import cached_content
from modules.blocks import has_h5p

register = template.Library()


class RenderOnceNode(template.Node):
    def __init__(self, nodelist, page, kit, language):
        self.nodelist, self.page, self.kit, self.language = nodelist, page, kit, language

    def render(self, context):
        page, kit, language = (expression.resolve(context) for expression in (self.page, self.kit, self.language))
        if context.get("is_preview") or getattr(context.get("request"), "is_preview", False) or has_h5p(page):
            return self.nodelist.render(context)
        parts = (page.pk, page.latest_revision_id, getattr(kit, "pk", None), language, translation.get_language())
        return mark_safe(cached_content("lesson-body", parts, lambda: str(self.nodelist.render(context))))  # noqa: S308 - our own rendered template


@register.tag
def render_once(parser, token):
    bits = token.split_contents()
    if len(bits) != 4:
        raise template.TemplateSyntaxError("render_once takes the page, the kit and the language the text is in")
    nodelist = parser.parse(("endrender_once",))
    parser.delete_first_token()
    return RenderOnceNode(nodelist, *(parser.compile_filter(bit) for bit in bits[1:]))
