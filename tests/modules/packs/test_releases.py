"""Cutting releases, the public catalogue, its API and feed, downloads and release diffs."""

import hashlib
import io
import json
import xml.etree.ElementTree as ET
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.core.files.storage import default_storage
from wagtail.models import Locale

from modules.models import KitPage, KitRelease, QuizAttempt, QuizPage, ReleaseFile
from modules.models.releases import ImmutableError
from modules.packs.errors import PackError
from modules.packs.releases import cut_release
from tests.factories import stored_files
from tests.modules.helpers import translate_kits

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def release(slug="itg-t1", version="1.0.0", notes="First public release."):
    out = io.StringIO()
    call_command("release_kit", slug, version, "--notes", notes, stdout=out)
    return KitRelease.objects.get(kit_slug=slug, version=version), out.getvalue()


def test_release_stores_every_download_with_its_checksum(media_root):
    cut, output = release()
    kinds = sorted(f.kind for f in cut.files.all())
    assert kinds == ["cmi5", "common_cartridge", "lms_bundle", "moodle_xml", "pack"] + ["scorm"] * 6
    for item in cut.files.all():
        with default_storage.open(item.storage_name, "rb") as handle:
            data = handle.read()
        assert hashlib.sha256(data).hexdigest() == item.sha256 and len(data) == item.size
    assert "SCORM 1.2 package 6/6" in output and "Released ITG T1 1.0.0" in output
    pack = cut.file("pack")
    with default_storage.open(pack.storage_name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        readme = archive.read("README.txt").decode("utf-8")
    assert manifest["version"] == "1.0.0" and manifest["kit"]["id"] == str(cut.kit_key)
    assert "offline/index.html" in names and {f["path"] for f in manifest["files"]} == names - {"manifest.json"}
    # README.txt at the root, listed with its checksum like every file, tells a person where to start.
    assert "README.txt" in {f["path"] for f in manifest["files"]}
    assert "open offline/index.html in a web browser" in readme and f"{manifest['kit']['title']} · 1.0.0" in readme
    assert "manage.py import_pack" in readme and "https://creativecommons.org/licenses/by/4.0/" in readme
    assert manifest["funding"]["statement"].startswith("The project S3-4AlpClusters")
    assert manifest["metadata"]["@context"] == "https://schema.org" and manifest["metadata"]["version"] == "1.0.0"
    # The Common Cartridge is built from the same snapshot: one webcontent page per lesson of the release.
    cartridge = cut.file("common_cartridge")
    assert cartridge.filename == "itg-t1-1.0.0-cc11.imscc" and "IMS Common Cartridge 1.1" in output
    with default_storage.open(cartridge.storage_name, "rb") as handle, zipfile.ZipFile(handle) as archive:
        pages = [name for name in archive.namelist() if name.endswith(".html")]
        assert "imsmanifest.xml" in archive.namelist()
    assert len(pages) == sum(len(module["lessons"]) for module in manifest["modules"])
    # Each SCORM file keeps its module's code and title from the snapshot (the catalogue and API show them).
    titles = {module["code"]: module["title"] for module in manifest["modules"]}
    assert {f.module_code: f.module_title for f in cut.files.all() if f.kind == "scorm"} == titles
    assert all(f.module_title == "" for f in cut.files.all() if f.kind != "scorm")
    # The LMS bundle: every module's SCORM package and the Moodle XML, byte for byte the files listed beside it.
    bundle = cut.file(ReleaseFile.LMS_BUNDLE)
    assert bundle.filename == "itg-t1-1.0.0-lms.zip" and "LMS bundle (en)" in output
    with default_storage.open(bundle.storage_name, "rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == bundle.sha256 and len(data) == bundle.size
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        inside = {name: hashlib.sha256(archive.read(name)).hexdigest() for name in archive.namelist()}
    assert inside == {f.filename: f.sha256 for f in cut.files.all() if f.kind in (ReleaseFile.SCORM, ReleaseFile.MOODLE_XML)}


def test_releases_are_immutable_and_versions_only_go_up(media_root):
    cut, _ = release()
    with pytest.raises(ImmutableError):
        cut.save()
    before = (KitRelease.objects.count(), ReleaseFile.objects.count(), stored_files(media_root))
    for version, message in [("1.0.0", "exists already"), ("0.9.0", "must be higher"), ("one", "not a semantic version")]:
        with pytest.raises(CommandError, match=message):
            release(version=version)
    assert (KitRelease.objects.count(), ReleaseFile.objects.count(), stored_files(media_root)) == before


def test_failed_build_leaves_no_release_and_no_file(media_root, monkeypatch):
    import modules.packs.releases as releases

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(releases, "build_moodle_xml", broken)
    with pytest.raises(OSError):
        cut_release(KitPage.objects.get(slug="itg-t1"), "1.0.0")
    assert KitRelease.objects.count() == 0 and stored_files(media_root) == []


def test_catalogue_api_and_feed_list_releases_without_login(client, media_root):
    release(notes="First public release.")
    release(version="1.1.0", notes="Clearer feedback in quiz SH-1.")
    release(slug="itg-t2")
    page = client.get("/packs/").content.decode()
    assert "Clearer feedback in quiz SH-1." in page and "itg-t1-1.0.0.zip" in page and "itg-t2-1.0.0-moodle.xml" in page
    assert "European Regional Development Fund (ERDF)" in page

    api = client.get("/api/packs/").json()
    t1 = next(kit for kit in api["kits"] if kit["slug"] == "itg-t1")
    assert t1["latest_version"] == "1.1.0" and [r["version"] for r in t1["releases"]] == ["1.1.0", "1.0.0"]
    download = next(d for d in t1["releases"][0]["downloads"] if d["kind"] == "pack")
    assert download["url"].startswith("http://testserver/packs/itg-t1/1.1.0/") and len(download["sha256"]) == 64
    assert t1["releases"][0]["licence"] == "CC-BY-4.0" and t1["releases"][0]["languages"] == ["en"]

    body = b"".join(client.get(download["url"].replace("http://testserver", "")).streaming_content)
    assert hashlib.sha256(body).hexdigest() == download["sha256"]

    feed = ET.fromstring(client.get("/packs/feed.atom").content)
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert titles[:1] == ["Transnational cluster services for cluster managers and SMEs 1.0.0"] and len(titles) == 3


def test_unknown_download_is_404(client):
    assert client.get("/packs/itg-t1/9.9.9/itg-t1-9.9.9.zip").status_code == 404


def test_kit_page_shows_current_version(client, media_root):
    assert "not released yet" in client.get("/itg-t1/").content.decode()
    release()
    assert 'itg-t1-1.0.0">1.0.0</a>' in client.get("/itg-t1/").content.decode()


def test_compare_shows_added_and_changed_items_with_a_text_diff(client, media_root):
    release()
    quiz = QuizPage.objects.get(title__icontains="S3-4AlpClusters project")
    raw = quiz.questions.raw_data
    raw[0]["value"]["answers"][0]["value"]["feedback"] = "Business Upper Austria drafted D.T3.3.1 but did not lead the project."
    quiz.questions = json.dumps(list(raw))
    quiz.save_revision().publish()
    release(version="1.1.0")
    page = client.get("/packs/itg-t1/compare/?from=1.0.0&to=1.1.0").content.decode()
    assert "0 added, 0 removed, 1 changed." in page
    assert "+      feedback: Business Upper Austria drafted D.T3.3.1" in page
    assert client.get("/packs/itg-t1/compare/?from=0.1.0&to=1.1.0").status_code == 400


def test_attempts_record_the_release_they_were_taken_under(learner_client, kit_t1, sh1_quiz, media_root):
    cut, _ = release()
    learner_client.post(f"/learn/quizzes/{sh1_quiz.translation_key}/start/", {"kit": kit_t1.pk})
    assert QuizAttempt.objects.get().release == cut


def test_admin_release_permissions(client, learner, trainer, maintainer, media_root):
    kit = KitPage.objects.get(slug="itg-t2")
    form = {"kit": kit.pk, "version": "2.0.0", "notes": "Cut in the admin."}
    client.force_login(learner)
    assert client.get("/admin/kit-releases/").status_code == 302
    client.force_login(trainer)
    assert client.get("/admin/kit-releases/").status_code in (302, 403)
    assert client.post("/admin/kit-releases/", form).status_code in (302, 403)
    assert not KitRelease.objects.exists()
    client.force_login(maintainer)
    assert client.post("/admin/kit-releases/", {**form, "version": "2.0"}).status_code == 400
    assert client.post("/admin/kit-releases/", form).status_code == 302
    assert KitRelease.objects.get().notes == "Cut in the admin."


def test_releases_are_cut_from_the_kit_not_from_a_translation_of_it(client, maintainer, media_root):
    translate_kits("de", "fr")
    kit = KitPage.objects.get(slug="itg-t2", locale__language_code="en")
    german = kit.get_translation(Locale.objects.get(language_code="de"))
    client.force_login(maintainer)
    choices = client.get("/admin/kit-releases/").context["form"].fields["kit"].queryset
    assert sorted(choices.values_list("slug", flat=True)) == ["itg-t1", "itg-t2"]  # one each, not one per language
    response = client.post("/admin/kit-releases/", {"kit": german.pk, "version": "2.0.0", "notes": ""})
    assert response.status_code == 400 and response.context["form"].has_error("kit", "invalid_choice")
    assert not KitRelease.objects.exists()
    with pytest.raises(CommandError, match=r"No kit with slug or code 'itg-t3'\. Kits: itg-t1, itg-t2$"):
        call_command("release_kit", "itg-t3", "1.0.0", stdout=io.StringIO())


def test_release_of_a_kit_without_published_modules_is_refused(media_root):
    kit = KitPage.objects.get(slug="itg-t1")
    for module in kit.live_modules():
        module.unpublish()
    with pytest.raises(PackError, match="no published module"):
        cut_release(kit, "1.0.0")


def test_catalogue_queries_stay_flat_as_releases_grow(client, media_root):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    release()
    client.get("/packs/")  # first request creates the per-site settings row
    counts = []
    for version in ("1.1.0", "1.2.0", "1.3.0"):
        release(version=version)
        release(slug="itg-t2", version=version)
        measured = []
        for url in ("/packs/", "/api/packs/", "/packs/feed.atom"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            measured.append(len(queries))
        counts.append(measured)
    assert counts[0] == counts[-1], counts
