from django import template
from django.utils import translation
from django.utils.safestring import mark_safe

from modules.glossary import glossary_url, link_terms, term_forms

register = template.Library()


class GlossaryLinksNode(template.Node):
    def __init__(self, nodelist, language, lesson):
        self.nodelist, self.language, self.lesson = nodelist, language, lesson

    def render(self, context):
        html = self.nodelist.render(context)
        language = self.language.resolve(context) or translation.get_language()
        lesson = self.lesson.resolve(context)
        skip = str(lesson.translation_key) if lesson is not None else None
        # The body is our own rendered, sanitised markup; link_terms only wraps matched text in our links.
        return mark_safe(link_terms(html, term_forms(language), glossary_url(), skip_lesson=skip))  # noqa: S308


@register.tag
def glossary_links(parser, token):
    """{% glossary_links language lesson %}…{% endglossary_links %}: link the first use of each glossary
    term of `language` (the language the text is written in) in the enclosed lesson body."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("glossary_links takes a language and the lesson")
    nodelist = parser.parse(("endglossary_links",))
    parser.delete_first_token()
    return GlossaryLinksNode(nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2]))
