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
  for an entry flagged `#, verbatim` (a proper name or the title of a cited document, kept on purpose);
  nor may a translated text keep a run of ENGLISH_RUN or more common English words ("english"). Cited
  titles kept on purpose are quoted („…“, «…», »…«, “…”, "…"), linked or in <em>, and are not counted; a
  verbatim entry is not checked at all. Words that are also words of the target language ("in", "a",
  "so", "to" …: FALSE_FRIENDS) break a run, so ordinary prose never trips it;
- no named entity lost ("names"): every acronym of the source ("ERDF", "RIS3", "WP") is in the translation,
  or the official equivalent docs/glossary.md gives for the language ("ERDF" → "EFRE" in German,
  read from the rows "… (ERDF) | … (EFRE)"); every coined name ("S3-4AlpClusters", "StressTest") is
  kept as written; and every capitalised multi-word name ("Dominique Foray", "Upper Austria") keeps one
  of its words (compared by stem, so "Cooperation Programme" → "Kooperationsprogramm" passes) unless
  the glossary lists the name for the language (an official name such as "Alpine Space" → "Alpenraum",
  also inside a longer name: "Swiss Alpine Space").

Obsolete entries (`#~`) are ignored: that is how a PO file marks what no longer applies."""

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from .translations import TAG

VERBATIM = "verbatim"
# Digit groups joined by a thousands or decimal separator count as one number: 2,521,964 = 2.521.964 =
# 2 521 964 (also with a no-break or narrow no-break space); 76.5 = 76,5.
NUMBER = re.compile(r"\d+(?:(?:[.,'\u00a0\u202f]|\s(?=\d{3}(?!\d)))\d+)*")
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+|\b(?:doi:\s*)?10\.\d{4,9}/[^\s<>\"]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/[^\s<>\"]*")
TRAILING = ".,;:)]»“”\"'"

# --- untranslated English ---------------------------------------------------------------------------
ENGLISH_RUN = 4
# Function words and the commonest verbs and adverbs of English prose: what a text left in English is
# made of, and what titles and names (mostly nouns) are not.
COMMON_ENGLISH = frozenset("""
a about after all also an and any are as at be been before being between both but by can could did do does
each for from had has have how if in into is it its may more most must no not of on one only or other our out
over should so some such than that the their them then there these they this those through to too under up
upon very was we were what when where which while who whom why will with would you your
""".split())
# Words of each target language spelt like an English word: never counted as English in that language.
FALSE_FRIENDS = {
    "de": {"in", "an", "am", "so", "was", "will", "also", "man", "hat", "war", "bin", "um", "die", "also"},
    "fr": {"a", "as", "on", "but", "son", "for", "est", "plus", "or", "pour", "me", "are"},
    "it": {"a", "in", "come", "per", "do", "me", "non", "or", "no", "era", "some"},
    "sl": {"a", "in", "to", "so", "on", "do", "me", "no", "pa", "be", "ne"},
}
WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
# What is not checked for English: quoted titles, link texts and <em> (cited titles kept on purpose).
QUOTED = re.compile(r"„[^“”]*[“”]|«[^»]*»|»[^«]*«|“[^”]*”|\"[^\"]*\"|<a\b[^>]*>.*?</a>|<em>.*?</em>", re.S)

# --- named entities ---------------------------------------------------------------------------------
ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*[A-Z0-9](?![\w])")
# A coined name: a lower-case letter followed by a capital inside one word (S3-4AlpClusters, StressTest).
COINED = re.compile(r"(?<![\w-])[\w-]*[a-z][A-Z][\w-]*")
CAPITALISED = r"[A-Z][\w’'-]*"
NAME = re.compile(rf"(?<![\w-]){CAPITALISED}(?:\s+(?:(?:of|for|the|de|di|du|del|della|von|&)\s+)*{CAPITALISED})+")
# Capitalised because they start a sentence (or a feedback), not because they are part of a name.
NOT_NAME = frozenset("""A An And As At But By Closing Correct Each For From How If In Its Module Not Of On Our Right So That The
These This To Too What When Where Who Why With Yes No""".split())
GLOSSARY = "docs/glossary.md"
GLOSSARY_LANGUAGE = re.compile(r"^## .*\((\w{2,3})\)\s*$")
PARENTHESISED = re.compile(r"\(([A-Z][A-Z0-9]+)\)")


@dataclass(frozen=True)
class Problem:
    kind: str  # missing, stale, extra, numbers, urls, markup, untranslated, english, names
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


@lru_cache(maxsize=None)
def glossary_rows(language):
    """[(English, translation)] of the glossary's tables in `language`'s section."""
    rows, current = [], None
    path = settings.BASE_DIR / GLOSSARY
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        heading = GLOSSARY_LANGUAGE.match(line)
        if heading or line.startswith("## "):
            current = heading.group(1) if heading else None
        elif current == language and line.startswith("|") and not line.startswith("|--"):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) >= 2:
                rows.append((cells[0], cells[1]))
    return rows


@lru_cache(maxsize=None)
def glossary_acronyms(language):
    """{English acronym: {its equivalents}} from rows such as "… Fund (ERDF) | … Entwicklung (EFRE)"."""
    found = {}
    for english, translated in glossary_rows(language):
        for acronym in PARENTHESISED.findall(english):
            found.setdefault(acronym, set()).update(PARENTHESISED.findall(translated))
    return found


def english_runs(text, language):
    """The runs of ENGLISH_RUN or more common English words in `text` (quoted titles, links and <em> left out)."""
    friends = FALSE_FRIENDS.get(language, set())
    runs, run = [], []
    for part in re.split(r"[.;:!?()\[\]\n]", TAG.sub(" ", QUOTED.sub(" | ", text))):
        for word in WORD.findall(part) + [None]:
            if word is not None and word.lower() in COMMON_ENGLISH and word.lower() not in friends:
                run.append(word)
                continue
            if len(run) >= ENGLISH_RUN:
                runs.append(" ".join(run))
            run = []
    return runs


def _present(word, text):
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", text) is not None


def _stem_kept(word, text):
    """A word of a name survives in `text`: as written, or by its stem inside a compound or another spelling
    ("Cooperation" in "Kooperationsprogramm", "Europe" in "Europäische")."""
    word = word.lower()
    stem = word[1:6] if len(word) > 5 else word
    return stem in text.lower()


def names(source):
    """(acronyms, coined names, multi-word names) of a source text, markup left out."""
    plain = TAG.sub(" ", source)
    multi = set()
    for match in NAME.findall(plain):
        words = match.split()
        while words and words[0] in NOT_NAME:
            words = words[1:]
        if sum(1 for word in words if word[:1].isupper()) >= 2:
            multi.add(" ".join(words))
    return set(ACRONYM.findall(plain)), set(COINED.findall(plain)), multi


def lost_names(source, text, language):
    """The named entities of `source` that `text` (its translation into `language`) no longer has."""
    plain = TAG.sub(" ", text)
    acronyms, coined, multi = names(source)
    lost = []
    for acronym in sorted(acronyms):
        if not any(_present(form, plain) for form in {acronym, *glossary_acronyms(language).get(acronym, ())}):
            lost.append(acronym)
    lost += [name for name in sorted(coined) if name not in plain]
    glossary = [english.lower() for english, _translated in glossary_rows(language)]
    terms = [term for term in (re.sub(r"\([^)]*\)", "", row).strip() for row in glossary) if " " in term]
    for name in sorted(multi):
        words = [word for word in re.findall(r"[\w’'-]+", name) if word[:1].isupper() and len(word) >= 3 and word not in NOT_NAME]
        if name in plain or any(_stem_kept(word, plain) for word in words):
            continue
        if any(name.lower() in row for row in glossary) or any(term in name.lower() for term in terms):
            continue  # an official name the glossary gives (or one containing it: "Swiss Alpine Space")
        lost.append(name)
    return lost


def check_entry(context, source, entry, language=None):
    """The problems of one current entry (its msgid is the source text) of a translation into `language`."""
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
    elif VERBATIM not in entry.flags:
        runs = english_runs(text, language)
        if runs:
            problems.append(Problem("english", context, source, "left in English: " + " / ".join(runs)))
        # Only coined names (S3-4AlpClusters, StressTest) fail: on the four real translations the acronym
        # and multi-word rules flagged mostly sound renderings (SME → KMU, "Implementing S3" at a
        # sentence start, an institution's official local name), so they are a reviewer's list
        # (`name_warnings`), not a failure.
        coined = set(names(source)[1])
        lost = [name for name in lost_names(source, text, language) if name in coined]
        if lost:
            problems.append(Problem("names", context, source, "lost: " + ", ".join(lost)))
    return problems


def check_po(page, po, language=None):
    """Every problem of the PO file `po` (a polib.POFile) as a translation of `page` into `language`
    (default: the file's Language header), in page order."""
    language = language or po.metadata.get("Language")
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
        problems += check_entry(context, source, entry, language) if entry else [Problem("missing", context, source)]
    return problems


def name_warnings(source, text, language):
    """Acronyms and multi-word names of `source` not found in `text`: for a proofreader to look at."""
    coined = set(names(source)[1])
    return [name for name in lost_names(source, text, language) if name not in coined]
