"""What changed in the source of a translation since it was translated, segment by segment (issue 12.3).

wagtail-localize keeps one StringTranslation per (source string, context, language): the context is the
segment's place in the page ("title", "body.<block id>", …), the source string the English text it
translated. When the English text at a place changes, the translation made for the old text stays,
attached to the old string; the new string has none. So, for each segment of the source page as it is
now (`extract_segments`, what wagtail-localize's editor shows after *Sync translated pages*):

- **current**: a translation of this very text exists at this place;
- **changed**: a translation exists at this place, but of another (older) text: the old and the new
  English are shown side by side, with the translation that was made for the old one;
- **missing**: nothing was ever translated at this place (a new segment).

`StaleTranslation` (an upstream release changed the source: translation_merge.py) is shown beside
them. Reads only: the source page, its segments, and one query for every translation of the item into
the language, whatever the number of segments."""

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import Page
from wagtail_localize.models import StringTranslation, Translation
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from ..models import StaleTranslation

CURRENT, CHANGED, MISSING = "current", "changed", "missing"
WORDS = re.compile(r"\s+|[^\s]+")
SIMILAR = 0.5  # how alike a paragraph must be to the old one to count as its changed version


@dataclass
class SegmentChange:
    path: str
    status: str
    source: str  # the English text now
    old_source: str = ""  # the English text the translation was made for (changed only)
    translation: str = ""

    @property
    def comparison(self):
        """(old, new) as HTML with the words taken out and put in marked (<del>, <ins>)."""
        return word_diff(self.old_source, self.source)


@dataclass
class TranslationChanges:
    page: Page
    source_page: Page
    segments: list = field(default_factory=list)
    flag: StaleTranslation | None = None

    def of(self, status):
        return [segment for segment in self.segments if segment.status == status]

    @property
    def changed(self):
        return self.of(CHANGED)

    @property
    def missing(self):
        return self.of(MISSING)

    @property
    def current(self):
        return self.of(CURRENT)


def check_may_review(user, page):
    """Trainers of the kit: whoever may edit the translated page (the kit's page permissions)."""
    if not page.permissions_for_user(user).can_edit():
        raise PermissionDenied


def translated_page(page_id):
    """The translated page (not the source, not an alias Wagtail made to hold a translation)."""
    page = Page.objects.select_related("locale").filter(pk=page_id, alias_of__isnull=True).first()
    if page is None:
        raise Http404
    made = (Translation.objects.filter(source__object_id=page.translation_key, target_locale_id=page.locale_id)
            .values_list("source__locale__language_code", flat=True).first())
    source_language = made or settings.LANGUAGE_CODE
    source = (Page.objects.filter(translation_key=page.translation_key, locale__language_code=source_language, alias_of__isnull=True)
              .exclude(pk=page.pk).select_related("locale").first())
    if source is None:
        raise Http404  # the source itself, or a page with no source: no translation to compare
    return page, source


def build_translation_changes(page, source):
    """The segments of `source` (the page as it is now) against the translations of `page`'s language."""
    segments = [s for s in extract_segments(source.specific) if isinstance(s, StringSegmentValue)]
    made = {}
    rows = (StringTranslation.objects.filter(locale_id=page.locale_id, context__object_id=page.translation_key, has_error=False)
            .select_related("translation_of", "context").order_by("updated_at"))
    for row in rows:
        made.setdefault(row.context.path, {})[row.translation_of.data] = row  # the newest last: kept per text
    by_path = {}
    for segment in segments:
        by_path.setdefault(segment.path, []).append(segment.string.data)
    # Per place, the translations of texts the source no longer has there: what a changed segment was.
    orphans = {path: [(text, row) for text, row in made.get(path, {}).items() if text not in texts] for path, texts in by_path.items()}
    changes = []
    for segment in segments:
        text = segment.string.data
        at_place = made.get(segment.path, {})
        if text in at_place:
            changes.append(SegmentChange(segment.path, CURRENT, text, translation=at_place[text].data))
            continue
        old = _earlier_text(text, orphans[segment.path], alone=len(by_path[segment.path]) == 1)
        if old is None:
            changes.append(SegmentChange(segment.path, MISSING, text))
        else:
            orphans[segment.path].remove(old)
            changes.append(SegmentChange(segment.path, CHANGED, text, old_source=old[0], translation=old[1].data))
    flag = StaleTranslation.objects.filter(item_key=page.translation_key, language=page.locale.language_code).first()
    return TranslationChanges(page=page, source_page=source, segments=changes, flag=flag)


def _earlier_text(text, orphans, *, alone):
    """The (old text, translation) this segment was before it changed, or None for a new segment.

    A place with one segment (a title, a plain field) was whatever was translated there last. A rich
    text block has a segment per paragraph at the same place: a paragraph is the old one it resembles
    most (at least SIMILAR), so a paragraph added to a block is missing, not a change of its neighbour."""
    if not orphans:
        return None
    if alone:
        return orphans[-1]  # the newest
    scored = [(difflib.SequenceMatcher(a=candidate[0], b=text, autojunk=False).ratio(), position, candidate)
              for position, candidate in enumerate(orphans)]
    ratio, _position, old = max(scored, key=lambda item: (item[0], item[1]))
    return old if ratio >= SIMILAR else None


def word_diff(old, new):
    """Two HTML strings: `old` with the words that went marked <del>, `new` with those that came <ins>."""
    before, after = WORDS.findall(old), WORDS.findall(new)
    left, right = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        gone, came = escape("".join(before[i1:i2])), escape("".join(after[j1:j2]))
        if tag == "equal":
            left.append(gone)
            right.append(came)
            continue
        if gone:
            left.append(f"<del>{gone}</del>")
        if came:
            right.append(f"<ins>{came}</ins>")
    return mark_safe("".join(left)), mark_safe("".join(right))
