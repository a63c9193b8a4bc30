"""Translations that travel with a pack's sources: `translations/<language>/<stable id>.po`.

Each file is the PO file wagtail-localize exports for one page (kit, module, lesson or quiz): one
entry per segment, `msgctxt` the segment's path (field name, block id …), `msgid` the source text,
`msgstr` its translation. Loading one goes through wagtail-localize exactly as a trainer's PO upload
does: the page's translation source is refreshed from the current source page, the PO is imported
(a `msgstr` whose `msgid` no longer matches the source is not applied), and the translated page is
saved from the segments, falling back to the source text for any segment not translated. Those
segments are counted and reported: after the English source changes, its translations show exactly
which segments are stale, here and in the admin's translation editor, until they are translated again.

Translated HTML is held to the importer's rule: a translation may only use the (sanitised) tags of
its source segment, so a PO can never bring in what a pack cannot.

Status and provenance: the PO header fields `X-Elearn-Status` (draft / proofread),
`X-Elearn-Translator` and `X-Elearn-Proofreader` (required once proofread) are recorded per item and
language (TranslationCredit) each time the file is loaded, whether or not its text changed; a file
without them loads with no credit (any earlier one is removed: nobody vouches for this text)."""

import re
import uuid
from html import unescape
from dataclasses import dataclass

import polib
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from ..models import TranslationCredit
from ..models.translation_records import DRAFT, PROOFREAD
from ..sanitize import strip_tags
from .errors import PackContentError

FOLDER = "translations"
TAG = re.compile(r"<[^>]*>")
MAX_PO_BYTES = 2 * 1024 * 1024
STATUS, TRANSLATOR, PROOFREADER = "X-Elearn-Status", "X-Elearn-Translator", "X-Elearn-Proofreader"
CREDIT_HEADERS = {"status": STATUS, "translator": TRANSLATOR, "proofreader": PROOFREADER}
MAX_CREDIT = 200


@dataclass
class TranslationResult:
    language: str
    item_id: str
    title: str
    total: int
    translated: int
    changed: bool
    credit: dict = None

    @property
    def missing(self):
        return self.total - self.translated


def source_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != settings.LANGUAGE_CODE]


def read_translations(source):
    """{language: {item id: PO text}} from the pack's `translations/` folder, checked for shape only."""
    folder = source.resolve(FOLDER)
    if not folder.is_dir():
        return {}
    found = {}
    for language_dir in sorted(folder.iterdir()):
        entry = f"{FOLDER}/{language_dir.name}"
        if language_dir.is_symlink() or not language_dir.is_dir() or language_dir.name not in source_languages():
            raise PackContentError(f"Translation folders are named after a content language ({', '.join(source_languages())}).", entry)
        for po_file in sorted(language_dir.iterdir()):
            where = f"{entry}/{po_file.name}"
            try:
                item_id = str(uuid.UUID(po_file.name.removesuffix(".po")))
            except ValueError as error:
                raise PackContentError("Translation files are named <stable id>.po.", where) from error
            if po_file.is_symlink() or not po_file.name.endswith(".po") or po_file.stat().st_size > MAX_PO_BYTES:
                raise PackContentError("Translation files are plain .po files of at most 2 MiB.", where)
            found.setdefault(language_dir.name, {})[item_id] = po_file.read_text(encoding="utf-8")
    return found


def parse_po(text, where):
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as error:
        raise PackContentError(f"The PO file does not parse: {error}", where) from error
    # The header ties an exported file to one server's translation record; a pack's file is keyed by
    # the item's stable id instead, so it applies on any server.
    po.metadata.pop("X-WagtailLocalize-TranslationID", None)
    # Segments hold the source's inline markup, already sanitised by the importer: a translation may
    # use those tags and no others.
    for entry in po:
        if not set(TAG.findall(entry.msgstr)) <= set(TAG.findall(entry.msgid)):
            raise PackContentError("The translation carries markup that is not allowed.", f"{where} ({entry.msgctxt})")
    read_credit(po, where)
    return po


def read_credit(po, where):
    """{status, translator, proofreader} from the PO header fields, or None when the file has none.
    Plain text only (markup is stripped), at most 200 characters each."""
    values = {name: " ".join(unescape(strip_tags(po.metadata.get(header, ""))).split()) for name, header in CREDIT_HEADERS.items()}
    if not any(values.values()):
        return None
    if values["status"] not in (DRAFT, PROOFREAD):
        raise PackContentError(f"{STATUS} is draft or proofread.", where)
    if not values["translator"]:
        raise PackContentError(f"{TRANSLATOR} names who or what produced the translation.", where)
    if values["status"] == PROOFREAD and not values["proofreader"]:
        raise PackContentError(f"A proofread translation names its {PROOFREADER}.", where)
    if any(len(value) > MAX_CREDIT for value in values.values()):
        raise PackContentError(f"The {STATUS}, {TRANSLATOR} and {PROOFREADER} fields are at most {MAX_CREDIT} characters.", where)
    return values


def record_credit(item_key, language, credit):
    """The one writer of TranslationCredit: the credit of the translation just loaded (None: no credit)."""
    if credit is None:
        TranslationCredit.objects.filter(item_key=item_key, language=language).delete()
        return
    TranslationCredit.objects.update_or_create(item_key=item_key, language=language, defaults=credit)


def credit_headers(credit):
    """The PO header fields of a credit ({status, translator, proofreader}), for writing a PO file."""
    return {header: credit[name] for name, header in CREDIT_HEADERS.items() if (credit or {}).get(name)}


def apply_translations(translations, *, publish=True, say=None):
    """Load every PO file into its page's translation; returns a TranslationResult per file."""
    say = say or (lambda message: None)
    results = []
    for language, items in translations.items():
        locale, _created = Locale.objects.get_or_create(language_code=language)
        # Parents first, so a module's translation exists before its lessons are placed under it.
        pages = {str(p.translation_key): p for p in Page.objects.filter(
            translation_key__in=list(items), locale__language_code=settings.LANGUAGE_CODE).order_by("depth", "path")}
        for item_id in [key for key in pages] + [key for key in items if key not in pages]:
            where = f"{FOLDER}/{language}/{item_id}.po"
            if item_id not in pages:
                raise PackContentError("The translation names an item this pack does not have.", where)
            result = apply_po(pages[item_id].specific, locale, parse_po(items[item_id], where), publish=publish)
            results.append(result)
            if result.missing:
                say(f"{language} · {result.title}: {result.missing} of {result.total} segments not translated "
                    f"(new or changed in the source since the translation), shown in the source language.")
    return results


@transaction.atomic
def apply_po(page, locale, po, *, publish=True, user=None):
    """Import one PO file into the translation of `page` into `locale` and save the translated page.
    Nothing is saved when neither the source nor the translated strings changed."""
    before = TranslationSource.objects.filter(object_id=page.translation_key, locale=page.locale).first()
    before_json = before.content_json if before else None
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    strings = StringTranslation.objects.filter(context__object_id=page.translation_key, locale=locale)
    old_strings = set(strings.values_list("context_id", "data"))
    translation.import_po(po, tool_name="elearn pack")
    target = page.get_translation_or_none(locale)
    changed = target is None or target.alias_of_id is not None or before_json != source.content_json \
        or set(strings.values_list("context_id", "data")) != old_strings
    if changed:
        source.create_or_update_translation(locale, publish=False, fallback=True, copy_parent_pages=True)
        target = page.get_translation(locale)
        if publish:
            target.get_latest_revision().publish()
    credit = read_credit(po, "")
    record_credit(page.translation_key, locale.language_code, credit)
    total, translated = translation.get_progress()
    return TranslationResult(locale.language_code, str(page.translation_key), page.title, total, translated, changed, credit)
