"""A release carrying the self-assessment's translation restores it on import (found by the five-language
round trip, test_pack_languages.py): the importer's translation merge used to leave the self-assessment
out of the items it knows, so its translations were silently dropped."""

import io

import pytest

from modules.models import KitPage, SelfAssessmentPage
from modules.packs.loader import load_pack_archive
from modules.packs.manifest import build_kit_snapshot
from modules.packs.media import MediaCollector
from modules.packs.pack_translations import build_translations
from modules.packs.translation_merge import item_labels

from .pack_zip import pack_zip, renumber
from .snapshots import T1_4_SELF_ASSESSMENT, bump, load_german_t1_4_self_assessment, snapshot_manifest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def translations_of(slug):
    kit_data, modules = build_kit_snapshot(KitPage.objects.get(slug=slug, locale__language_code="en"), MediaCollector())
    return build_translations(kit_data, modules, "en")


def test_an_import_restores_the_self_assessment_s_german_translation():
    load_german_t1_4_self_assessment()
    manifest = renumber(snapshot_manifest("itg-t1", translations=True), slug="upstream-kit")
    german = manifest["translations"]["de"]
    (activity,) = [key for key, entry in german.items() if entry["kind"] == "self_assessment"]
    assert activity != T1_4_SELF_ASSESSMENT and german[activity]["segments"]
    # Every item a release can carry a translation of is one the translation merge knows.
    assert set(german) <= set(item_labels(manifest))

    report = load_pack_archive(io.BytesIO(pack_zip(manifest)), source="upstream-kit-1.0.0.zip", publish=True)
    assert "module T1-4 self-assessment (de)" in report.created
    page = SelfAssessmentPage.objects.get(translation_key=activity, locale__language_code="de")
    assert page.live and page.alias_of_id is None and page.title == german[activity]["fields"]["title"]
    # The same text and the same segments as the release carried.
    assert translations_of("upstream-kit")["de"][activity] == german[activity]

    # The next release carries the same German text: unchanged, still there.
    again = load_pack_archive(io.BytesIO(pack_zip(bump(manifest, "1.1.0"))), source="upstream-kit-1.1.0.zip", publish=True)
    assert "module T1-4 self-assessment (de)" not in again.created
    assert translations_of("upstream-kit")["de"][activity] == german[activity]
