"""Is a content translation complete, current and faithful? One PO file (translations/<language>/<stable id>.po)
checked against the segments of its English source page, as wagtail-localize extracts them today.

The importer (translations.py) applies what it can and counts the rest as "not translated"; this is the
stricter review a kit's own translations are held to before a release:

- every source segment has a translation whose `msgid` is the current source text (missing / stale);
- no entry names a segment the source no longer has (extra: an old `msgid` or a removed block);
- the same numbers, dates, URLs and DOIs (digits compared after thousands/decimal separators are
  removed, so "EUR 1,929,500" may become "1 929 500 EUR" and "76.5%" "76,5 %"; a number may be repeated,
  as in a gloss "S3-Innovationsmodell („S3-Innovation Model“)", but none may change, go or come);
- the same inline markup: every link, <strong>, <em>, <br/> … of the source, no more and no fewer;
- not left in English: a translation identical to its source is accepted only for codes ("WP T1") or
  for an entry flagged `#, verbatim` (a proper name or the title of a cited document, kept on purpose).

Obsolete entries (`#~`) are ignored: that is how a PO file marks what no longer applies."""

import re
from collections import Counter
from dataclasses import dataclass

from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .translations import TAG

VERBATIM = "verbatim"
# Digit groups joined by a thousands or decimal separator count as one number: 2,521,964 = 2.521.964 =
# 2 521 964 (also with a no-break or narrow no-break space); 76.5 = 76,5.
NUMBER = re.compile(r"\d+(?:(?:[.,'\u00a0\u202f]|\s(?=\d{3}(?!\d)))\d+)*")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+|\b(?:doi:\s*)?10\.\d{4,9}/[^\s<>\"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>\"]*")
TRAILING = ".,;:)]»“”\"'"


@dataclass(frozen=True)
class Problem:
    kind: str  # missing, stale, extra, numbers, urls, markup, untranslated
    context: str
    source: str
    detail: str = ""

    def __str__(self):
        return f"{self.kind} [{self.context}] {self.source[:70]!r}{': ' + self.detail if self.detail else ''}"


def source_segments(page):
    """[(context path, source text)] of the page's translatable strings, in page order."""
    return [(segment.path, segment.string.data) for segment in extract_segments(page) if isinstance(segment, StringSegmentValue)]


def numbers(text):
    return {re.sub(r"\D", "", match) for match in NUMBER.findall(TAG.sub(" ", text))}


def urls(text):
    return Counter(match.rstrip(TRAILING) for match in URL.findall(TAG.sub(" ", text)))


def tags(text):
    return Counter(TAG.findall(text))


def is_code(text):
    """No lower-case letter once the markup is gone: a code or acronym such as "WP T1" or "SH-1"."""
    return not any(character.islower() for character in TAG.sub("", text))


def check_entry(context, source, entry):
    """The problems of one current entry (its msgid is the source text)."""
    text = entry.msgstr
    if not text:
        return [Problem("missing", context, source)]
    problems = []
    if numbers(source) != numbers(text):
        problems.append(Problem("numbers", context, source, f"{sorted(numbers(source))} ≠ {sorted(numbers(text))}"))
    if urls(source) != urls(text):
        problems.append(Problem("urls", context, source, f"{sorted(urls(source).elements())} ≠ {sorted(urls(text).elements())}"))
    if tags(source) != tags(text):
        problems.append(Problem("markup", context, source, f"{sorted(tags(source).elements())} ≠ {sorted(tags(text).elements())}"))
    if text.strip() == source.strip() and VERBATIM not in entry.flags and not is_code(source):
        problems.append(Problem("untranslated", context, source, "identical to the source (flag it #, verbatim if it is a name)"))
    return problems


def check_po(page, po):
    """Every problem of the PO file `po` (a polib.POFile) as a translation of `page`, in page order."""
    segments = source_segments(page)
    current = set(segments)
    entries = {}
    problems = []
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt or "", entry.msgid)
        if key not in current:
            kind = "stale" if any(context == key[0] for context, _source in segments) else "extra"
            problems.append(Problem(kind, key[0], entry.msgid, "no current source segment has this text"))
            continue
        entries[key] = entry
    for context, source in segments:
        entry = entries.get((context, source))
        problems += check_entry(context, source, entry) if entry else [Problem("missing", context, source)]
    return problems
