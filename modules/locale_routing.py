"""Routing through a locale's page tree that is only partly translated.

Translating one page makes Wagtail create its parents in the target locale (as aliases), so `/de/`
is served by a German home page whose only children are the pages translated so far. A path that
is not found there is routed through the source tree (the English home page), whose pages then
show themselves in the learner's language where translated, else in English with a note
(modules/learning/read_models.py picks the translation)."""

from django.conf import settings
from django.http import Http404
from wagtail.models import Locale


class SourceTreeRouteMixin:
    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if not path_components:
                raise
            locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
            source = self.get_translation_or_none(locale) if locale else None
            if source is None or source.pk == self.pk:
                raise
            return source.specific.route(request, path_components)
