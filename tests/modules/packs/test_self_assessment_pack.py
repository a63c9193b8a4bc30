"""The self-assessment in packs: carried as data in the release manifest, round-tripped by the one
importer, refused when it points nowhere; trainer notes loaded from the sources and never exported;
the offline copy computing the profile in the browser exactly as modules/self_assessment.py does."""

import copy
import html
import io
import json
import random
import uuid

import pytest
import yaml

from modules.models import KitPage, LessonPage, ModulePage, QuizPage, SelfAssessmentPage
from modules.packs.errors import PackContentError, PackReferenceError
from modules.packs.importer import local_state
from modules.packs.loader import load_pack_archive, load_pack_folder
from modules.packs.manifest import validate_manifest
from modules.packs.serialise import serialise_self_assessment
from modules.self_assessment import AreaDef, build_profile
from tests.modules.pack_factory import write_pack
from tests.modules.packs.offline_pages import Page

from .pack_zip import pack_zip, renumber
from .snapshots import snapshot_manifest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def t1_4(manifest):
    return next(m for m in manifest["modules"] if m["code"] == "T1-4")


def test_release_manifest_carries_the_self_assessment_and_never_trainer_notes(manifest_t1):
    page = SelfAssessmentPage.objects.get(slug="stresstest-self-assessment")
    assert page.trainer_notes  # the sources give it notes …
    activity = t1_4(manifest_t1)["self_assessment"]
    assert activity["id"] == str(page.translation_key) and len(activity["areas"]) == 6
    lesson_ids = {lesson["id"] for module in manifest_t1["modules"] for lesson in module["lessons"]}
    assert all(area["revisit"] and set(area["revisit"]) <= lesson_ids for area in activity["areas"])
    assert all(2 <= len(area["statements"]) <= 4 for area in activity["areas"])
    validate_manifest(manifest_t1)
    assert "trainer_notes" not in json.dumps(manifest_t1)  # … that no public download carries
    assert all("self_assessment" not in m for m in snapshot_manifest("itg-t2")["modules"])


def test_a_pack_round_trips_the_self_assessment_and_its_links(manifest_t1):
    fork = renumber(manifest_t1, slug="fork-t1")
    expected = t1_4(fork)["self_assessment"]
    load_pack_archive(io.BytesIO(pack_zip(fork)), source="fork-t1-1.0.0.zip")
    page = SelfAssessmentPage.objects.get(translation_key=expected["id"])
    assert serialise_self_assessment(local_state(page), public=True) == expected
    # The lessons to revisit are the fork's own lessons, not the originals.
    keys = {str(p.translation_key) for p in LessonPage.objects.filter(translation_key__in=[k for a in expected["areas"] for k in a["revisit"]])}
    assert keys == {k for a in expected["areas"] for k in a["revisit"]}
    module = page.get_parent().specific
    assert [str(p.translation_key) for p in module.get_children()] == [
        *(lesson["id"] for lesson in t1_4(fork)["lessons"]), expected["id"], t1_4(fork)["quiz"]["id"]]
    again = load_pack_archive(io.BytesIO(pack_zip(fork)), source="fork-t1-1.0.0.zip")
    assert "module T1-4 self-assessment" in again.items["unchanged"]


def test_a_self_assessment_pointing_to_an_unknown_lesson_is_refused_and_nothing_is_written(manifest_t1):
    fork = renumber(manifest_t1, slug="broken-fork")
    t1_4(fork)["self_assessment"]["areas"][0]["revisit"] = [str(uuid.uuid4())]
    with pytest.raises(PackReferenceError, match="neither in the pack nor on this server"):
        load_pack_archive(io.BytesIO(pack_zip(fork)), source="broken.zip")
    assert not KitPage.objects.filter(slug="broken-fork").exists()
    assert not SelfAssessmentPage.objects.filter(translation_key=t1_4(fork)["self_assessment"]["id"]).exists()


@pytest.mark.parametrize("breakage, message", [
    (lambda a: a["areas"][0].update(statements=[]), "should be non-empty"),
    (lambda a: a["areas"][0].update(title="x" * 41), "is too long"),
    (lambda a: a["areas"][0].pop("question"), "'question' is a required property"),
    (lambda a: a.update(score=3), "Additional properties"),
])
def test_the_schema_refuses_a_malformed_self_assessment(manifest_t1, breakage, message):
    broken = copy.deepcopy(manifest_t1)
    breakage(t1_4(broken)["self_assessment"])
    with pytest.raises(PackContentError, match=message):
        validate_manifest(broken)


def test_a_script_in_a_statement_refuses_the_pack(manifest_t1):
    fork = renumber(manifest_t1, slug="hostile-fork")
    t1_4(fork)["self_assessment"]["areas"][0]["statements"][0]["text"] = "<script>alert(1)</script>"
    with pytest.raises(PackContentError, match="script"):
        load_pack_archive(io.BytesIO(pack_zip(fork)), source="hostile.zip")
    assert not KitPage.objects.filter(slug="hostile-fork").exists()


def add_notes(root):
    """Trainer notes in a folder pack's module, first lesson and quiz."""
    folder = root / "modules" / "m0"
    module = yaml.safe_load((folder / "module.yaml").read_text())
    (folder / "module.yaml").write_text(yaml.safe_dump({**module, "trainer_notes": "Module note for trainers."}))
    quiz = yaml.safe_load((folder / "quiz.yaml").read_text())
    (folder / "quiz.yaml").write_text(yaml.safe_dump({**quiz, "trainer_notes": "Quiz note for trainers."}))
    lesson = folder / "lessons" / "00.md"
    lesson.write_text(lesson.read_text().replace("estimated_minutes: 10\n", "estimated_minutes: 10\ntrainer_notes: Lesson note for trainers.\n", 1))


def test_trainer_notes_load_from_the_sources_show_in_preview_only_and_never_export(tmp_path, client, learner, administrator):
    root = write_pack(tmp_path / "src", slug="notes-kit")
    add_notes(root)
    load_pack_folder(root)
    module = ModulePage.objects.get(slug="notes-kit-m0")
    lesson = LessonPage.objects.child_of(module).get(slug="lesson-0")
    quiz = QuizPage.objects.child_of(module).get()
    assert (module.trainer_notes, lesson.trainer_notes, quiz.trainer_notes) == (
        "Module note for trainers.", "Lesson note for trainers.", "Quiz note for trainers.")
    assert load_pack_folder(root).items["unchanged"]  # notes are part of what an idempotent load compares

    client.force_login(learner)
    for page in (module, lesson, quiz):
        live = client.get(f"/notes-kit/notes-kit-m0/{'' if page is module else page.slug + '/'}").content.decode()
        assert "for trainers" not in live and "Notes for trainers" not in live
    client.force_login(administrator)
    for page, note in ((module, "Module note"), (lesson, "Lesson note"), (quiz, "Quiz note")):
        preview = client.get(f"/admin/pages/{page.pk}/view_draft/").content.decode()
        assert "Notes for trainers (preview only)" in preview and note in preview

    manifest = snapshot_manifest("notes-kit")
    assert "trainer_notes" not in json.dumps(manifest) and "note for trainers" not in json.dumps(manifest)


def test_the_self_assessment_notes_show_in_preview_not_to_learners(client, learner, administrator):
    page = SelfAssessmentPage.objects.get(slug="stresstest-self-assessment")
    client.force_login(learner)
    assert "Notes for trainers" not in client.get("/itg-t1/t1-4/stresstest-self-assessment/").content.decode()
    client.force_login(administrator)
    preview = client.get(f"/admin/pages/{page.pk}/view_draft/").content.decode()
    assert "Notes for trainers (preview only)" in preview and "Do not present them as the project" in preview
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200 and "Lessons to revisit" in edit.content.decode()


# --- the offline copy -------------------------------------------------------------------------

def write_copy(manifest, folder):
    from modules.packs.offline import write_offline_copy

    def add_file(arcname, data):
        (folder / arcname).parent.mkdir(parents=True, exist_ok=True)
        (folder / arcname).write_bytes(data)

    write_offline_copy(manifest, add_file)
    return folder / "offline" / "t1-4" / "self-assessment.html"


def test_offline_page_embeds_the_areas_and_links_inside_the_copy(manifest_t1, tmp_path):
    path = write_copy(manifest_t1, tmp_path)
    page = Page(path.read_text(encoding="utf-8"))
    data = json.loads(next(text for attrs, text in page.scripts if attrs.get("id") == "sa-data"))
    activity = t1_4(manifest_t1)["self_assessment"]
    assert [a["id"] for a in data["areas"]] == [a["id"] for a in activity["areas"]]
    assert "are not public" in page.plain and "Fully in place" in page.plain
    assert len(page.find("input", type="radio")) == 5 * sum(len(a["statements"]) for a in activity["areas"])
    for area in data["areas"]:
        assert area["revisit"] and all((path.parent / link["href"]).is_file() for link in area["revisit"])
    assert not [src for tag, attrs, src in page.links if src.startswith(("http:", "https:", "//")) and tag in ("script", "link", "img")]
    module_index = Page((path.parent / "index.html").read_text(encoding="utf-8"))
    assert ("self-assessment.html", activity["title"]) in module_index.anchors
    kit_index = Page((tmp_path / "offline/index.html").read_text(encoding="utf-8"))
    assert ("t1-4/self-assessment.html", activity["title"]) in kit_index.anchors


@pytest.mark.browser
def test_offline_profile_is_computed_in_the_browser_exactly_as_in_python(manifest_t1, tmp_path, offline_chromium):
    path = write_copy(manifest_t1, tmp_path)
    activity = t1_4(manifest_t1)["self_assessment"]
    areas = [AreaDef(a["id"], a["title"], a["question"], tuple((s["id"], s["text"]) for s in a["statements"])) for a in activity["areas"]]
    statements = [s["id"] for a in activity["areas"] for s in a["statements"]]
    chance = random.Random(13)
    cases = [{sid: chance.randint(1, 5) for sid in statements} for _ in range(150)] + [{sid: 3 for sid in statements}]

    def expected(ratings):
        profile = build_profile(areas, ratings)
        return {"means": [s.mean_tenths for s in profile.scores], "strongest": [s.area.id for s in profile.strongest],
                "weakest": [s.area.id for s in profile.weakest], "revisit": [s.area.id for s in profile.to_revisit]}

    def journey(page):
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(path.as_uri())
        got = page.evaluate("""cases => {
            const data = JSON.parse(document.getElementById("sa-data").textContent);
            return cases.map(ratings => {
                const p = window.ElearnSelfAssessment.buildProfile(data.areas, ratings);
                const ids = list => list.map(s => s.area.id);
                return {means: p.scores.map(s => s.tenths), strongest: ids(p.strongest), weakest: ids(p.weakest), revisit: ids(p.toRevisit)};
            });
        }""", cases)
        # And through the form, as a reader does it: nothing rated first, then every statement.
        page.get_by_role("button", name="Show my profile").click()
        alert = page.get_by_role("alert").inner_text()
        for sid, value in cases[0].items():
            page.check(f"input[name='rating-{sid}'][value='{value}']")
        page.get_by_role("button", name="Show my profile").click()
        table = page.locator("#sa-profile table tbody tr td").all_inner_texts()
        return got, alert, table, requests

    got, alert, table, requests = offline_chromium.with_page(journey)
    assert got == [expected(case) for case in cases]
    assert "Please rate every statement" in alert
    assert table == [f"{m // 10}.{m % 10}" for m in expected(cases[0])["means"]]
    assert requests and all(url.startswith("file://") for url in requests), requests


def test_the_download_catalogue_lists_the_self_assessment_as_a_feature_of_itg_t1(client):
    from modules.packs.releases import cut_release

    cut_release(KitPage.objects.get(slug="itg-t1"), "1.0.0")
    cut_release(KitPage.objects.get(slug="itg-t2"), "1.0.0")
    page = client.get("/packs/").content.decode()
    assert '<span class="feature-badge">Interactive</span> <a href="/itg-t1/t1-4/stresstest-self-assessment/">' in page
    assert page.count("feature-badge") == 1


KIT_T1, MODULE_T1_4, STRESSTEST = ("5ba9147a-11fd-4586-8906-295419a2b7eb", "7ea9b0ce-0e8a-4e64-94f9-cd35e800904d",
                                   "591919b1-d1f9-4231-acbb-993d35969286")


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_the_download_catalogue_names_the_self_assessment_in_the_readers_language(client, language):
    """The feature line of the downloads page shows the self-assessment under its translated title (it
    was the English one on /de/packs/), linked in the reader's language; a language without that
    translation shows the English title marked lang="en"."""
    from django.conf import settings
    from django.test import override_settings

    from modules.packs.releases import cut_release
    from tests.modules.packs.snapshots import _copy_of_sources

    sources = _copy_of_sources(settings.ELEARN_KIT_SOURCES[0], [(language, key) for key in (KIT_T1, MODULE_T1_4, STRESSTEST)])
    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        load_pack_folder(sources)
    cut_release(KitPage.objects.get(slug="itg-t1", locale__language_code="en"), "1.0.0")
    translated = SelfAssessmentPage.objects.get(slug="stresstest-self-assessment", locale__language_code=language)
    english = SelfAssessmentPage.objects.get(slug="stresstest-self-assessment", locale__language_code="en")
    assert translated.title != english.title
    page = client.get(f"/{language}/packs/").content.decode()
    url = f"/{language}/itg-t1/t1-4/stresstest-self-assessment/"
    assert f'<a href="{url}">{html.escape(translated.title, quote=False)}</a>' in page
    assert english.title not in page
    other = "fr" if language != "fr" else "de"
    fallback = client.get(f"/{other}/packs/").content.decode()
    assert f'<a href="/{other}/itg-t1/t1-4/stresstest-self-assessment/" lang="en">{english.title}</a>' in fallback


def test_a_translated_self_assessment_travels_in_the_manifest_and_localise_overlays_it(manifest_t1):
    """Format 2: the German self-assessment's texts go under translations; localise() shows them in
    place of the English ones, by area and statement id, and keeps the structure and the lessons to revisit."""
    from wagtail.models import Locale

    from modules.packs.pack_translations import build_translations, localise

    source = SelfAssessmentPage.objects.get(slug="stresstest-self-assessment", locale__language_code="en")
    german = source.copy_for_translation(Locale.objects.get_or_create(language_code="de")[0], copy_parents=True, alias=False)
    german.title = "StressTest-Selbsteinschätzung"
    areas = german.areas.raw_data
    first = areas[0]["value"]
    first["title"], first["statements"][0]["value"] = "Cluster im S3-Design", "Ich kenne die Cluster meiner Region."
    german.areas = areas
    german.save_revision().publish()

    activity = t1_4(manifest_t1)["self_assessment"]
    translations = build_translations(manifest_t1["kit"], manifest_t1["modules"], "en")
    entry = translations["de"][activity["id"]]
    assert entry["kind"] == "self_assessment" and entry["fields"]["title"] == "StressTest-Selbsteinschätzung"
    assert "trainer_notes" not in json.dumps(entry)
    manifest = {**manifest_t1, "languages": ["en", "de"], "translations": translations}
    validate_manifest(manifest)

    shown = t1_4(localise(manifest, "de"))["self_assessment"]
    assert shown["title"] == "StressTest-Selbsteinschätzung"
    assert shown["areas"][0]["title"] == "Cluster im S3-Design"
    assert shown["areas"][0]["statements"][0]["text"] == "Ich kenne die Cluster meiner Region."
    # Untranslated text stays English; ids, order and the lessons to revisit are the source's.
    assert shown["areas"][0]["statements"][1]["text"] == activity["areas"][0]["statements"][1]["text"]
    assert [(a["id"], [s["id"] for s in a["statements"]], a["revisit"]) for a in shown["areas"]] == [
        (a["id"], [s["id"] for s in a["statements"]], a["revisit"]) for a in activity["areas"]]
    assert t1_4(manifest_t1)["self_assessment"] == activity  # the source manifest is untouched
