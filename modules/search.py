"""Public search over kits, modules and lessons, in the reader's language (Wagtail's search backend:
the database backend, which uses PostgreSQL's full-text search on PostgreSQL).

A German reader searches the German pages, and the English pages of items not yet translated (which
the site shows to them in English with a note). Each hit is placed in the kits that hold it: a module
in the library is read inside a kit (`/itg-t1/sh-1/`), so a shared module or lesson links to each of
its kits. The number of queries does not grow with the number of hits."""

import re
from dataclasses import dataclass, field
from html import escape

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from .models import KitModule, KitPage, LessonPage, ModulePage

MAX_QUERY = 200
MAX_HITS = 50
SNIPPET = 220
TYPES = (KitPage, ModulePage, LessonPage)


@dataclass
class Place:
    label: str
    url: str


@dataclass
class Hit:
    page: Page
    kind: str
    title: str
    snippet: str
    places: list = field(default_factory=list)
    fallback: bool = False


def clean_query(text):
    return " ".join((text or "").split())[:MAX_QUERY]


def search_pages(query, language, request=None):
    """[Hit] for `query` in `language`, best first."""
    if not query:
        return []
    found = _search(query, language)
    if language != settings.LANGUAGE_CODE:
        english = _search(query, settings.LANGUAGE_CODE)
        translated = set(
            Page.objects.live().filter(
                locale__language_code=language, alias_of__isnull=True, translation_key__in=[page.translation_key for page in english],
            ).values_list("translation_key", flat=True)
        )
        found += [page for page in english if page.translation_key not in translated]
    pages = _specific(found[:MAX_HITS])
    return _hits(pages, query, language, request)


def _search(query, language):
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return []
    pages = Page.objects.live().public().type(*TYPES).filter(locale=locale)
    # Aliases (the parents Wagtail copies into a language's tree) repeat their source: left out.
    return [page for page in pages.search(query, operator="and")[:MAX_HITS] if page.alias_of_id is None]


def _specific(pages):
    by_id = {page.pk: page for page in Page.objects.filter(pk__in=[page.pk for page in pages]).specific()}
    return [by_id[page.pk] for page in pages if page.pk in by_id]


def _hits(pages, query, language, request):
    source = settings.LANGUAGE_CODE
    # Kits keep their module links on the source-language pages: map every hit to its source item.
    keys = {page.translation_key for page in pages}
    sources = {page.translation_key: page for page in Page.objects.filter(translation_key__in=keys, locale__language_code=source)}
    source_locale = next(iter(sources.values())).locale_id if sources else None
    parents = {}
    for page in pages:
        if isinstance(page, LessonPage):
            parents[page.pk] = sources.get(page.translation_key, page).path[:-Page.steplen]
    modules = {page.path: page for page in ModulePage.objects.filter(path__in=set(parents.values()), locale__language_code=source)}
    module_ids = {module.pk for module in modules.values()} | {
        sources[page.translation_key].pk for page in pages if isinstance(page, ModulePage) and page.translation_key in sources
    }
    links = (KitModule.objects.filter(module_id__in=module_ids, page__live=True).select_related("page", "page__locale")
             .order_by("page__path", "sort_order"))
    # Each translation of a kit links the module too: one place per kit, in the reader's language where
    # the kit is translated, else the source's.
    kits_of = {}
    for link in links:
        chosen = kits_of.setdefault(link.module_id, {})
        known = chosen.get(link.page.translation_key)
        if known is None or (link.page.locale.language_code == language and known.locale.language_code != language):
            chosen[link.page.translation_key] = link.page
    kits_of = {module_id: list(kits.values()) for module_id, kits in kits_of.items()}
    kit_urls = {}

    def kit_url(kit):
        if kit.pk not in kit_urls:
            kit_urls[kit.pk] = kit.get_url(request)
        return kit_urls[kit.pk]

    module_codes = {module.pk: module.code for module in modules.values()}
    terms = _terms(query)
    hits = []
    for page in pages:
        fallback = language != source and page.locale_id == source_locale
        if isinstance(page, KitPage):
            places = [Place(page.code, kit_url(page))]
            kind, text = _("Kit"), page.summary
        elif isinstance(page, ModulePage):
            module = sources.get(page.translation_key, page)
            places = [Place(f"{kit.code} · {page.code}", f"{kit_url(kit)}{page.slug}/") for kit in kits_of.get(module.pk, [])]
            kind, text = _("Module"), f"{page.summary} {page.objectives}"
        else:
            module = modules.get(parents[page.pk])
            if module is None:
                continue
            code = module_codes[module.pk]
            places = [Place(f"{kit.code} · {code}", f"{kit_url(kit)}{module.slug}/{page.slug}/") for kit in kits_of.get(module.pk, [])]
            kind, text = _("Lesson"), f"{page.objectives} {_block_text(page.body.raw_data)}"
        if not places:
            continue
        hits.append(Hit(page, kind, page.title, highlight(text, terms), places, fallback))
    return hits


def _block_text(data):
    """The plain text of a StreamField's raw data (every string value, tags removed)."""
    if isinstance(data, str):
        return strip_tags(data)
    if isinstance(data, dict):
        return " ".join(_block_text(value) for key, value in data.items() if key not in ("type", "id", "image", "alt_text"))
    if isinstance(data, (int, float, bool)) or data is None:
        return ""
    return " ".join(_block_text(item) for item in data)  # lists, and StreamValue's RawDataView


def _terms(query):
    return [term for term in re.findall(r"\w[\w'-]*", query) if len(term) > 1][:10]


def highlight(text, terms):
    """An escaped excerpt of `text` around the first match, each match in <mark>."""
    text = " ".join(strip_tags(text).split())
    if not terms:
        return mark_safe(escape(text[:SNIPPET]))
    pattern = re.compile("|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - SNIPPET // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    excerpt = text[start:start + SNIPPET]
    pieces, last = [], 0
    for match in pattern.finditer(excerpt):
        pieces += [escape(excerpt[last:match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    pieces.append(escape(excerpt[last:]))
    prefix, suffix = ("… " if start else ""), (" …" if start + SNIPPET < len(text) else "")
    return mark_safe(prefix + "".join(pieces) + suffix)
