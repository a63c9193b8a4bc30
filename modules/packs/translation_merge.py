"""The three-way merge per language, for the translations a release pack carries (design.md §8).

For each item and language: base = the translation in the release last imported (ImportedKit), upstream
= the translation in the new release, local = the translation on this server now (its wagtail-localize
segments, drafts included). Compared as sets of (segment, source text, translation):

    no local translation           -> new: load upstream's
    local == upstream              -> unchanged
    local == base                  -> changed upstream: load upstream's
    upstream == base, or upstream has none (a translation made here, e.g. a region's Slovenian)
                                   -> local kept
    all three differ               -> conflict: local kept
Loading goes through translations.apply_translations, the path of every PO file.

Stale: when the release changed an item's source text and this import took the change, every local
translation of the item that was kept is flagged (StaleTranslation), never overwritten; the translator
sees the changed segments in wagtail-localize's editor after *Sync translated pages*."""

from django.conf import settings
from wagtail.models import Page
from wagtail_localize.models import Translation

from ..models import StaleTranslation
from . import merge
from .pack_translations import segments_of, segments_po
from .translations import source_languages


def item_labels(manifest):
    """{stable id: label} of the manifest's items, in the importer's words: every item that can carry a
    translation (pack_translations.snapshot_items), or its translations are never planned."""
    labels = {manifest["kit"]["id"]: f"kit {manifest['kit']['code']}"}
    for module in manifest["modules"]:
        if "ref" in module:
            continue
        label = f"module {module['code']}"
        labels[module["id"]] = label
        labels.update({lesson["id"]: f"{label} lesson {lesson['slug']}" for lesson in module["lessons"]})
        if module["quiz"]:
            labels[module["quiz"]["id"]] = f"{label} quiz"
        if module.get("self_assessment"):
            labels[module["self_assessment"]["id"]] = f"{label} self-assessment"
    return labels


def _source_texts(manifest):
    """{stable id: the item's own source (not its children)}: what a translation translates."""
    if not manifest:
        return {}
    kit = manifest["kit"]
    texts = {kit["id"]: (kit["title"], kit["summary"])}
    for module in manifest["modules"]:
        if "ref" in module:
            continue
        texts[module["id"]] = (module["title"], module["summary"], tuple(module["objectives"]))
        texts.update({lesson["id"]: merge.content_hash(lesson) for lesson in module["lessons"]})
        if module["quiz"]:
            texts[module["quiz"]["id"]] = merge.content_hash(module["quiz"])
        if module.get("self_assessment"):
            texts[module["self_assessment"]["id"]] = merge.content_hash(module["self_assessment"])
    return texts


def _key(segments):
    return None if segments is None else frozenset((s["context"], s["source"], s["translation"]) for s in segments)


def _local_segments(item_ids):
    """{(language, stable id): segments} of this server's translations of the items (not aliases)."""
    pages = (Page.objects.filter(translation_key__in=item_ids, alias_of__isnull=True)
             .exclude(locale__language_code=settings.LANGUAGE_CODE).values_list("translation_key", "locale__language_code"))
    present = {(language, str(key)) for key, language in pages}
    translations = (Translation.objects.filter(source__object_id__in=item_ids).exclude(target_locale__language_code=settings.LANGUAGE_CODE)
                    .select_related("source", "target_locale"))
    found = {pair: [] for pair in present}
    for translation in translations:
        pair = (translation.target_locale.language_code, str(translation.source.object_id))
        if pair in found:
            found[pair] = segments_of(translation)
    return found


def plan_translations(manifest, base_manifest, outcomes, report, say):
    """Decide, per item and language, what this import does. Returns ({language: {id: PO text}} to
    load, [(id, language)] to flag stale). Notes every decision in `report`."""
    labels = item_labels(manifest)
    upstream = dict(manifest.get("translations") or {})
    for language in [code for code in upstream if code not in source_languages()]:
        # Kept in the pack, but this server has no such content language to hold it.
        upstream.pop(language)
        say(f"  translations into {language}: not loaded, this server does not offer that content language")
    base = (base_manifest or {}).get("translations") or {}
    local = _local_segments(list(labels))
    before, after = _source_texts(base_manifest), _source_texts(manifest)
    pairs = {(language, item_id) for language, items in upstream.items() for item_id in items if item_id in labels} | set(local)
    to_load, stale = {}, []
    for language, item_id in sorted(pairs, key=lambda pair: (pair[0], list(labels).index(pair[1]))):
        up = upstream.get(language, {}).get(item_id)
        label = f"{labels[item_id]} ({language})"
        if (language, item_id) not in local:
            outcome = merge.NEW
        else:
            mine, theirs, was = _key(local[(language, item_id)]), _key(up["segments"]) if up else None, _key(base.get(language, {}).get(item_id, {}).get("segments"))
            if theirs is None:
                outcome = merge.LOCAL
            elif mine == theirs:
                outcome = merge.UNCHANGED
            elif mine == was:
                outcome = merge.UPSTREAM
            elif theirs == was:
                outcome = merge.LOCAL
            else:
                outcome = merge.CONFLICT
        if outcome in (merge.NEW, merge.UPSTREAM):
            to_load.setdefault(language, {})[item_id] = segments_po(up["segments"], up.get("credit"))
        elif outcomes.get(item_id) == merge.UPSTREAM and (not before or before.get(item_id) != after.get(item_id)):
            # The source text changed upstream and was taken; this translation was made for the old one
            # (a kit whose module list alone changed keeps its translation current).
            stale.append((item_id, language))
            report.note(merge.STALE, label)
            say(f"  {label}: {merge.LABELS[merge.STALE]}")
            continue
        elif outcome == merge.UNCHANGED and up.get("credit"):
            # The same text for the same source: loading it changes nothing but records the release's
            # credit (e.g. now proofread).
            to_load.setdefault(language, {})[item_id] = segments_po(up["segments"], up.get("credit"))
        if outcome != merge.UNCHANGED:
            report.note(outcome, label)
            say(f"  {label}: {merge.LABELS[outcome]}")
    return to_load, stale


def record_stale(stale, loaded, *, version, source):
    """Flag the kept translations; a translation loaded from the release is current again."""
    for item_id, language in stale:
        StaleTranslation.objects.update_or_create(item_key=item_id, language=language, defaults={"version": version, "source": source[:500]})
    for language, items in loaded.items():
        StaleTranslation.objects.filter(language=language, item_key__in=list(items)).delete()


def clear_stale_on_publish(sender, instance, **kwargs):
    """A translator published the translated page again: it is no longer flagged."""
    if instance.alias_of_id is None and instance.locale.language_code != settings.LANGUAGE_CODE:
        StaleTranslation.objects.filter(item_key=instance.translation_key, language=instance.locale.language_code).delete()
