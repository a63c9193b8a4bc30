"""Status and provenance of each translation (issue 14 point 3): the PO header fields X-Elearn-Status,
X-Elearn-Translator and X-Elearn-Proofreader are recorded per item and language by the one importer,
travel in releases and come back on import, and trainers see them in the page editor."""

import io

import polib
import pytest
from wagtail.models import Locale

from modules.models import LessonPage, ModulePage, TranslationCredit
from modules.packs.errors import PackContentError
from modules.packs.loader import load_pack_archive
from modules.packs.manifest import validate_manifest
from modules.packs.pack_translations import segments_po
from modules.packs.translations import apply_po, parse_po

from .pack_zip import pack_zip, renumber
from .snapshots import bump, load_german_sh1, snapshot_manifest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]
TRANSLATOR = "AI-assisted draft (Claude), elearn developers"
PROOFREADER = "AI-assisted proofreading (Claude, independent second pass), elearn developers"


def sh1():
    return ModulePage.objects.get(code="SH-1", locale__language_code="en")


def po_for(page, language="de", **headers):
    """A small PO file translating the page's title, with the given header fields."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8", **{f"X-Elearn-{name}": value for name, value in headers.items()}}
    po.append(polib.POEntry(msgctxt="title", msgid=page.title, msgstr=f"{page.title} ({language})"))
    return str(po)


def apply(page, text, language="de"):
    return apply_po(page, Locale.objects.get_or_create(language_code=language)[0], parse_po(text, "upload"))


def test_load_kits_records_the_german_sh1_as_proofread_with_its_translator_and_proofreader():
    load_german_sh1()
    module = sh1()
    items = {str(module.translation_key), *(str(page.translation_key) for page in module.get_children())}
    credits = TranslationCredit.objects.filter(language="de")
    assert {str(credit.item_key) for credit in credits} == items
    assert {(credit.status, credit.translator, credit.proofreader) for credit in credits} == {("proofread", TRANSLATOR, PROOFREADER)}


def test_a_proofread_file_updates_the_credit_even_when_its_text_is_unchanged():
    lesson = LessonPage.objects.filter(locale__language_code="en").first()
    apply(lesson, po_for(lesson, Status="draft", Translator="Anna Translator"))
    result = apply(lesson, po_for(lesson, Status="proofread", Translator="Anna Translator", Proofreader="Paul Proofreader"))
    assert not result.changed
    credit = TranslationCredit.objects.get(item_key=lesson.translation_key, language="de")
    assert (credit.status, credit.translator, credit.proofreader) == ("proofread", "Anna Translator", "Paul Proofreader")


def test_a_file_without_the_fields_leaves_no_credit():
    lesson = LessonPage.objects.filter(locale__language_code="en").first()
    apply(lesson, po_for(lesson, Status="draft", Translator="Anna Translator"))
    apply(lesson, po_for(lesson))
    assert not TranslationCredit.objects.exists()


@pytest.mark.parametrize(("headers", "message"), [
    ({"Status": "final", "Translator": "Anna"}, "draft or proofread"),
    ({"Status": "draft"}, "names who or what produced"),
    ({"Status": "proofread", "Translator": "Anna"}, "names its X-Elearn-Proofreader"),
    ({"Status": "draft", "Translator": "A" * 201}, "at most 200 characters"),
])
def test_bad_fields_refuse_the_file_and_record_nothing(headers, message):
    lesson = LessonPage.objects.filter(locale__language_code="en").first()
    with pytest.raises(PackContentError, match=message):
        apply(lesson, po_for(lesson, **headers))
    assert not TranslationCredit.objects.exists()
    assert lesson.get_translation_or_none(Locale.objects.get(language_code="de")) is None


def test_the_fields_are_plain_text():
    lesson = LessonPage.objects.filter(locale__language_code="en").first()
    apply(lesson, po_for(lesson, Status="draft", Translator='<script>x()</script><b>Anna</b> & "Team"'))
    assert TranslationCredit.objects.get().translator == 'Anna & "Team"'


def test_a_release_carries_the_credits_and_an_import_restores_them():
    load_german_sh1()
    manifest = renumber(snapshot_manifest("itg-t1", translations=True), slug="upstream-kit")
    manifest["modules"] = [module for module in manifest["modules"] if module["code"] == "SH-1"]
    german = manifest["translations"]["de"]
    assert {entry["credit"]["translator"] for entry in german.values()} == {TRANSLATOR}
    assert "X-Elearn-Status: proofread" in segments_po(next(iter(german.values()))["segments"], next(iter(german.values()))["credit"])

    load_pack_archive(io.BytesIO(pack_zip(manifest)), source="upstream-kit-1.0.0.zip", publish=True)
    restored = TranslationCredit.objects.filter(item_key__in=list(german), language="de")
    assert restored.count() == len(german) and {(credit.status, credit.proofreader) for credit in restored} == {("proofread", PROOFREADER)}

    # The next release names another proofreader for the same German text: the credit follows, the text stays.
    v2 = bump(manifest, "1.1.0")
    for entry in v2["translations"]["de"].values():
        entry["credit"] = {"status": "proofread", "translator": TRANSLATOR, "proofreader": "Proofreader GmbH"}
    load_pack_archive(io.BytesIO(pack_zip(v2)), source="upstream-kit-1.1.0.zip", publish=True)
    assert {(c.status, c.proofreader) for c in restored.all()} == {("proofread", "Proofreader GmbH")}


def test_a_release_with_a_bad_credit_is_refused():
    load_german_sh1()
    manifest = renumber(snapshot_manifest("itg-t1", translations=True), slug="upstream-kit")
    manifest["modules"] = [module for module in manifest["modules"] if module["code"] == "SH-1"]
    next(iter(manifest["translations"]["de"].values()))["credit"] = {"status": "final", "translator": "x"}
    with pytest.raises(PackContentError, match="pack schema"):
        validate_manifest(manifest)  # the one validation every import runs first


@pytest.mark.parametrize("who", ["trainer", "maintainer"])
def test_staff_see_each_language_s_status_and_translators_in_the_editor(client, request, who):
    load_german_sh1()
    client.force_login(request.getfixturevalue(who))
    for page in (sh1(), sh1().get_children().first()):
        body = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert 'id="translation-credits"' in body and TRANSLATOR in body and PROOFREADER in body and "Proofread" in body


def test_learners_and_visitors_do_not_reach_the_editor(client, learner):
    load_german_sh1()
    url = f"/admin/pages/{sh1().pk}/edit/"
    assert client.get(url).status_code == 302
    client.force_login(learner)
    assert client.get(url).status_code == 302


def test_the_panel_is_not_shown_for_an_item_without_a_translation(client, maintainer):
    client.force_login(maintainer)
    assert 'id="translation-credits"' not in client.get(f"/admin/pages/{sh1().pk}/edit/").content.decode()
