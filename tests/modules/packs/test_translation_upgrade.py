"""The three-way merge per language: a region takes the next upstream release of a kit that carries a
German translation, after adding its own Slovenian one and editing the German. Local translations
are never overwritten; those whose source changed upstream are flagged stale."""

import copy
import io

import polib
import pytest
from wagtail.models import Locale

from modules.models import LessonPage, ModulePage, QuizPage, StaleTranslation
from modules.packs.loader import load_pack_archive
from modules.packs.merge import CONFLICT, LOCAL, NEW, STALE, UPSTREAM
from modules.packs.translations import apply_po

from .pack_zip import pack_zip, renumber
from .snapshots import bump, load_german_sh1, snapshot_manifest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
IMPORTED = "/admin/kit-packs/imported/"


@pytest.fixture
def upstream_v1():
    """SH-1 with its German translation, as another server's release of its own kit."""
    load_german_sh1()
    manifest = renumber(snapshot_manifest("itg-t1", translations=True), slug="upstream-kit")
    manifest["modules"] = [module for module in manifest["modules"] if module["code"] == "SH-1"]
    return manifest


def take(manifest):
    return load_pack_archive(io.BytesIO(pack_zip(manifest)), source=f"upstream-kit-{manifest['version']}.zip", publish=True)


def module_of(manifest):
    return manifest["modules"][0]


def translated_lessons(manifest):
    german = manifest["translations"]["de"]
    return [lesson for lesson in module_of(manifest)["lessons"] if lesson["id"] in german]


def english(model, item_id):
    return model.objects.get(translation_key=item_id, locale__language_code="en")


def translated(model, item_id, language):
    return model.objects.filter(translation_key=item_id, locale__language_code=language).first()


def set_translation(page, language, title):
    """A translator changes the translated title (the PO upload path of the admin)."""
    po = polib.POFile()
    po.append(polib.POEntry(msgctxt="title", msgid=page.title, msgstr=title))
    return apply_po(page, Locale.objects.get(language_code=language), po)


def change_upstream_german_title(manifest, item_id, title):
    entry = manifest["translations"]["de"][item_id]
    entry["fields"]["title"] = title
    next(s for s in entry["segments"] if s["context"] == "title")["translation"] = title


def test_release_import_restores_every_language(upstream_v1):
    report = take(upstream_v1)
    module = module_of(upstream_v1)
    german = translated(ModulePage, module["id"], "de")
    assert german is not None and german.live and german.alias_of_id is None
    assert german.title == upstream_v1["translations"]["de"][module["id"]]["fields"]["title"]
    for lesson in translated_lessons(upstream_v1):
        page = translated(LessonPage, lesson["id"], "de")
        assert page.title == upstream_v1["translations"]["de"][lesson["id"]]["fields"]["title"] != lesson["title"]
    assert translated(QuizPage, module["quiz"]["id"], "de") is not None
    assert sum(label.endswith("(de)") for label in report.items[NEW]) == len(upstream_v1["translations"]["de"])   # every German item
    assert not StaleTranslation.objects.exists()


def test_upstream_source_change_flags_the_local_translation_stale_and_keeps_it(upstream_v1, client, learner, maintainer):
    take(upstream_v1)
    lesson = translated_lessons(upstream_v1)[0]
    german_before = translated(LessonPage, lesson["id"], "de")
    body_before = [dict(block) for block in german_before.body.raw_data]

    v2 = bump(upstream_v1, "1.1.0")
    lesson_v2 = next(item for item in module_of(v2)["lessons"] if item["id"] == lesson["id"])
    text = next(block for block in lesson_v2["blocks"] if block["type"] == "text")
    text["value"] += "<p>Upstream added a paragraph on ECCP profiles.</p>"
    report = take(v2)

    # The English source took the change; the German page is exactly as it was, and flagged.
    assert "ECCP profiles" in str(english(LessonPage, lesson["id"]).body.raw_data)
    german_after = translated(LessonPage, lesson["id"], "de")
    assert german_after.title == german_before.title
    assert [dict(block) for block in german_after.body.raw_data] == body_before
    label = f"module SH-1 lesson {lesson['slug']} (de)"
    assert report.items[STALE] == [label]
    flag = StaleTranslation.objects.get()
    assert (str(flag.item_key), flag.language, flag.version) == (lesson["id"], "de", "1.1.0")
    assert "1 translations kept and flagged stale" in report.summary()

    # Maintainers see the flag on *Imported kits*, with a link to the German page; learners never reach it.
    client.force_login(learner)
    assert client.get(IMPORTED).status_code == 302
    client.force_login(maintainer)
    listing = client.get(IMPORTED).content.decode()
    assert f'href="/admin/pages/{german_after.pk}/edit/" lang="de">{german_after.title}</a>' in listing and "1.1.0" in listing
    # ... and *What changed* (issue 12.3): the paragraph upstream added is a segment to translate, the rest is current.
    changes_url = f"/admin/kit-translations/{german_after.pk}/changes/"
    assert f'href="{changes_url}"' in listing
    changes = client.get(changes_url).content.decode()
    missing = changes[changes.index('id="missing-heading"'):changes.index("<details>")]
    assert "Upstream added a paragraph on ECCP profiles." in missing
    assert "No segment changed in the source since it was translated." in changes
    assert "Release 1.1.0 (upstream-kit-1.1.0.zip) changed the source text of this page" in changes

    # A translator reviews the German lesson and publishes it again: no longer stale.
    german_after.save_revision().publish()
    assert not StaleTranslation.objects.exists()
    assert "No translation is flagged stale." in client.get(IMPORTED).content.decode()


def test_a_regions_slovenian_translation_survives_the_next_upstream_release(upstream_v1):
    take(upstream_v1)
    module = module_of(upstream_v1)
    first, second = translated_lessons(upstream_v1)[:2]
    set_translation(english(LessonPage, first["id"]), "sl", "Projekt na prvi pogled")
    # The region also edits the German quiz title, which upstream changes too (a conflict), while
    # upstream improves the German module title the region left alone.
    set_translation(english(QuizPage, module["quiz"]["id"]), "de", "Quiz: unser regionaler Titel")

    v2 = bump(upstream_v1, "1.1.0")
    change_upstream_german_title(v2, module["id"], "Das Projekt S3-4AlpClusters (Interreg Alpenraum)")
    change_upstream_german_title(v2, module["quiz"]["id"], "Quiz zum Projekt")
    report = take(v2)

    assert translated(LessonPage, first["id"], "sl").title == "Projekt na prvi pogled"
    assert f"module SH-1 lesson {first['slug']} (sl)" in report.items[LOCAL]
    assert translated(ModulePage, module["id"], "de").title == "Das Projekt S3-4AlpClusters (Interreg Alpenraum)"
    assert "module SH-1 (de)" in report.items[UPSTREAM]
    assert translated(QuizPage, module["quiz"]["id"], "de").title == "Quiz: unser regionaler Titel"
    assert "module SH-1 quiz (de)" in report.items[CONFLICT]
    assert not StaleTranslation.objects.exists()

    # The release after changes the Slovenian lesson's source: the Slovenian stays, flagged.
    v3 = bump(v2, "1.2.0")
    lesson_v3 = next(item for item in module_of(v3)["lessons"] if item["id"] == first["id"])
    lesson_v3["title"] = "The project at a glance (updated)"
    report = take(v3)
    assert translated(LessonPage, first["id"], "sl").title == "Projekt na prvi pogled"
    assert english(LessonPage, first["id"]).title == "The project at a glance (updated)"
    assert set(StaleTranslation.objects.values_list("language", flat=True)) == {"de", "sl"}
    assert f"module SH-1 lesson {first['slug']} (sl)" in report.items[STALE]
    assert second["id"] not in {str(key) for key in StaleTranslation.objects.values_list("item_key", flat=True)}


def test_dry_run_previews_translations_and_writes_nothing(upstream_v1):
    report = load_pack_archive(io.BytesIO(pack_zip(upstream_v1)), source="upstream-kit-1.0.0.zip", dry_run=True)
    assert sum(label.endswith("(de)") for label in report.items[NEW]) == len(upstream_v1["translations"]["de"])   # every German item
    assert not ModulePage.objects.filter(translation_key=module_of(upstream_v1)["id"]).exists()


def test_a_language_this_server_does_not_offer_is_left_out(upstream_v1):
    manifest = copy.deepcopy(upstream_v1)
    manifest["translations"]["es"] = manifest["translations"]["de"]
    manifest["languages"] = ["en", "de", "es"]
    messages = []
    load_pack_archive(io.BytesIO(pack_zip(manifest)), source="upstream-kit-1.0.0.zip", publish=True, say=messages.append)
    assert any("es: not loaded" in message for message in messages)
    assert not Locale.objects.filter(language_code="es").exists()
    assert translated(ModulePage, module_of(manifest)["id"], "de") is not None
