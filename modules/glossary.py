"""The glossary: terms of the field with their definitions, listed on /glossary/ and linked from the
first use of each term in a lesson.

Terms are GlossaryTerm snippets (editable and translatable in the admin), seeded from the kits'
`glossary.yaml` by load_kits. Lessons are linked at render time from the terms of the lesson's own
language, so a term added or renamed in the admin links everywhere at once; the term list is cached per
language and the cache is dropped whenever a term changes."""

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

import yaml
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from .models import GlossaryTerm, KitModule, LessonPage

FILE_NAME = "glossary.yaml"
CACHE_KEY = "glossary:forms:{language}:{version}"
VERSION_KEY = "glossary:version"
# Inside these elements a term is not linked: links, headings, code, and our own callout titles.
SKIP = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style", "button", "label"}
TAG = re.compile(r"(<[^>]*>)")
TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")
VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr"}


@dataclass(frozen=True)
class TermForms:
    slug: str
    lesson_id: str | None
    pattern: re.Pattern


def _version():
    return cache.get_or_set(VERSION_KEY, 1, None)


@receiver([post_save, post_delete], sender=GlossaryTerm)
def _forget_terms(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def forms_pattern(forms):
    # Whole words only, and not part of a code such as "S3-4AlpClusters" or a compound "EFRE-Mittel".
    alternatives = "|".join(re.escape(escape(form, quote=False)) for form in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def term_forms(language):
    """[TermForms] of the language's terms, longest forms first; one query per language until a term changes."""
    key = CACHE_KEY.format(language=language, version=_version())
    cached = cache.get(key)
    if cached is None:
        terms = GlossaryTerm.objects.filter(locale__language_code=language).select_related("lesson")
        cached = [(term.slug, str(term.lesson.translation_key) if term.lesson else None, term.forms) for term in terms]
        cached.sort(key=lambda item: -len(item[2][0]))
        cache.set(key, cached, 3600)
    return [TermForms(slug, lesson, forms_pattern(forms)) for slug, lesson, forms in cached]


def link_terms(html, terms, glossary_url, skip_lesson=None):
    """`html` with the first use of each term linked to its glossary entry.

    `html` is our own rendered (sanitised) lesson markup; only text between tags is touched, never inside
    links, headings or code, and each term is linked once. The link markup is ours: the matched text is
    already escaped HTML text, and the slug is a SlugField."""
    remaining = [term for term in terms if skip_lesson is None or term.lesson_id != skip_lesson]
    if not remaining:
        return html
    out, skipping = [], []
    for piece in TAG.split(str(html)):
        if piece.startswith("<"):
            match = TAG_NAME.match(piece)
            if match:
                closing, name = match.group(1) == "/", match.group(2).lower()
                if name in SKIP and name not in VOID and not piece.rstrip().endswith("/>"):
                    if closing and name in skipping:
                        skipping.remove(name)
                    elif not closing:
                        skipping.append(name)
            out.append(piece)
            continue
        if skipping or not piece.strip():
            out.append(piece)
            continue
        out.append(_link_text(piece, remaining, glossary_url))
    return "".join(out)


def _link_text(text, remaining, glossary_url):
    for term in list(remaining):
        match = term.pattern.search(text)
        if match is None:
            continue
        remaining.remove(term)
        link = f'<a class="glossary-term" href="{glossary_url}#{term.slug}">{match.group(0)}</a>'
        # Link the rest of the text too, for other terms, but never inside the link just made.
        return _link_text(text[:match.start()], remaining, glossary_url) + link + _link_text(text[match.end():], remaining, glossary_url)
    return text


@dataclass
class GlossaryEntry:
    term: GlossaryTerm
    lesson_url: str | None
    lesson_title: str | None
    fallback: bool


def glossary_entries(language):
    """The glossary page: the terms of `language`, with English standing in for a term not translated yet,
    each with a link to the lesson that explains it (in the first kit that holds its module)."""
    source = settings.LANGUAGE_CODE
    terms = {term.translation_key: term for term in GlossaryTerm.objects.filter(locale__language_code=source).select_related("lesson")}
    if language != source:
        for term in GlossaryTerm.objects.filter(locale__language_code=language, translation_key__in=terms):
            term.lesson = terms[term.translation_key].lesson
            terms[term.translation_key] = term
    lessons = [term.lesson for term in terms.values() if term.lesson]
    places = _lesson_places(lessons)
    entries = []
    for term in terms.values():
        url, title = places.get(term.lesson.pk, (None, None)) if term.lesson else (None, None)
        entries.append(GlossaryEntry(term, url, title, fallback=term.locale.language_code != language if language != source else False))
    return sorted(entries, key=lambda entry: entry.term.term.casefold())


def _lesson_places(lessons):
    """{lesson pk: (url in its first kit, title in the reader's language)} in a fixed number of queries."""
    if not lessons:
        return {}
    modules = {lesson.pk: lesson.get_parent() for lesson in lessons}
    links = KitModule.objects.filter(module__in={m.pk for m in modules.values()}, page__live=True).select_related("page").order_by("page__path", "sort_order")
    first_kit = {}
    for link in links:
        first_kit.setdefault(link.module_id, link.page)
    language = translation.get_language()
    titles = {
        page.translation_key: page.title
        for page in LessonPage.objects.filter(translation_key__in=[lesson.translation_key for lesson in lessons], locale__language_code=language, live=True)
    }
    places = {}
    for lesson in lessons:
        module = modules[lesson.pk]
        kit = first_kit.get(module.pk)
        if kit is not None and kit.url:
            places[lesson.pk] = (f"{kit.url}{module.slug}/{lesson.slug}/", f"{module.specific.code} · {titles.get(lesson.translation_key, lesson.title)}")
    return places


def glossary_url():
    return reverse("glossary")


def load_glossary(folder, say=lambda message: None):
    """Create or update the terms of `folder`/glossary.yaml in every language it gives (idempotent).

    Terms are keyed by slug; a term changed in the admin is overwritten only where the file differs."""
    path = Path(folder) / FILE_NAME
    if not path.exists():
        return 0
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    count = 0
    with transaction.atomic():
        for item in data.get("terms", []):
            lesson = LessonPage.objects.filter(translation_key=item.get("lesson"), locale__language_code=settings.LANGUAGE_CODE).first()
            source = _save_term(item, settings.LANGUAGE_CODE, lesson, None)
            for language in (code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE):
                if language in item:
                    _save_term(item, language, lesson, source)
            count += 1
    say(f"Glossary: {count} terms")
    return count


def _save_term(item, language, lesson, source):
    text = item[language]
    locale, _created = Locale.objects.get_or_create(language_code=language)
    term = GlossaryTerm.objects.filter(slug=item["slug"], locale=locale).first()
    if term is None:
        term = source.copy_for_translation(locale) if source is not None else GlossaryTerm(slug=item["slug"], locale=locale)
    term.term, term.aliases, term.definition, term.lesson = text["term"], text.get("forms") or "", text["definition"], lesson
    term.save()
    return term
