"""The cmi5 course package of a release: cmi5.xml lists one AU per module with moveOn and the mastery
score, each AU is the module's SCO page with the cmi5 runtime loaded first, and the package is a pure
function of the manifest."""

import io
import uuid
import zipfile
from html import unescape
from xml.etree import ElementTree

import pytest

from modules.interop.cmi5 import package_filename, package_iri
from modules.packs.pack_translations import language_edition
from tests.funding import ACRONYMS, STATEMENTS
from tests.modules.packs.snapshots import german_manifest, with_language

from .cmi5_package import build_package, kit_package

pytestmark = pytest.mark.django_db
NS = {"c": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"}


@pytest.mark.parametrize("slug", ["itg-t1", "itg-t2"])
def test_course_structure_has_one_au_per_module_with_move_on_and_mastery(slug):
    manifest, package = kit_package(slug)
    archive = zipfile.ZipFile(io.BytesIO(package))
    root = ElementTree.fromstring(archive.read("cmi5.xml"))
    assert root.tag == f"{{{NS['c']}}}courseStructure"
    course = root.find("c:course", NS)
    assert course.get("id") == f"urn:uuid:{manifest['kit']['id']}"
    assert manifest["kit"]["title"] in course.find("c:title/c:langstring", NS).text
    assert course.find("c:description/c:langstring", NS).text
    aus = root.findall("c:au", NS)
    assert [au.get("id") for au in aus] == [f"urn:uuid:{m['id']}" for m in manifest["modules"]]
    names = set(archive.namelist())
    for au, module in zip(aus, manifest["modules"], strict=True):
        # Element order is the schema's: title, description, url.
        assert [child.tag.split("}")[1] for child in au] == ["title", "description", "url"]
        assert au.get("moveOn") == ("CompletedAndPassed" if module["quiz"] else "Completed")
        if module["quiz"]:
            assert float(au.get("masteryScore")) == module["quiz"]["pass_mark"] / 100
        url = au.find("c:url", NS).text
        assert url == f"au/{module['slug']}/index.html" and url in names
        page = archive.read(url).decode()
        assert page.index('<script src="../../cmi5-au.js">') < page.index('<script src="sco.js">')
        assert module["title"] in page
        assert f"au/{module['slug']}/imsmanifest.xml" not in names
    assert "cmi5-au.js" in names


def test_package_is_reproducible_and_titles_are_escaped(manifest_t1):
    manifest_t1["modules"][0]["title"] = 'Clusters & "quotes" <b>'
    first, second = build_package(manifest_t1), build_package(manifest_t1)
    assert first == second
    xml = zipfile.ZipFile(io.BytesIO(first)).read("cmi5.xml").decode()
    assert "Clusters &amp; &quot;quotes&quot; &lt;b&gt;" in xml
    ElementTree.fromstring(xml)


def test_a_release_without_modules_is_refused(manifest_t1):
    manifest_t1["modules"] = []
    with pytest.raises(ValueError):
        build_package(manifest_t1)


# --- One package per language (issue 17.2) ----------------------------------------------------------

def test_the_german_package_is_german_with_its_own_course_and_au_ids():
    manifest = german_manifest()
    edition = language_edition(manifest, "de")
    archive = zipfile.ZipFile(io.BytesIO(build_package(edition)))
    root = ElementTree.fromstring(archive.read("cmi5.xml"))
    course = root.find("c:course", NS)
    # A valid UUID URN of its own (UUIDv5 of the stable id and the language), the same on every server.
    assert course.get("id") == f"urn:uuid:{uuid.uuid5(uuid.UUID(manifest['kit']['id']), 'de')}"
    assert course.get("id") != f"urn:uuid:{manifest['kit']['id']}"
    assert {s.get("lang") for s in root.iter(f"{{{NS['c']}}}langstring")} == {"de"}
    assert STATEMENTS["de"] in course.findtext("c:description/c:langstring", namespaces=NS)
    german = manifest["translations"]["de"]
    aus = root.findall("c:au", NS)
    assert len(aus) == 1 == len(edition["modules"])  # only SH-1 is German
    module = edition["modules"][0]
    assert aus[0].get("id") == package_iri(edition, module["id"]) == f"urn:uuid:{uuid.uuid5(uuid.UUID(module['id']), 'de')}"
    assert german[module["id"]]["fields"]["title"] in aus[0].findtext("c:title/c:langstring", namespaces=NS)
    assert aus[0].get("moveOn") == "CompletedAndPassed"
    page = unescape(archive.read(f"au/{module['slug']}/index.html").decode())
    assert '<html lang="de"' in page and STATEMENTS["de"] in page and STATEMENTS["en"] not in page
    assert page.index('<script src="../../cmi5-au.js">') < page.index('<script src="sco.js">')
    assert package_filename(edition) == "itg-t1-1.0.0-cmi5-de.zip"
    # The source package of the same release keeps its ids and its English.
    source = ElementTree.fromstring(zipfile.ZipFile(io.BytesIO(build_package(language_edition(manifest, "en")))).read("cmi5.xml"))
    assert source.find("c:course", NS).get("id") == f"urn:uuid:{manifest['kit']['id']}"
    assert {s.get("lang") for s in source.iter(f"{{{NS['c']}}}langstring")} == {"en"}
    assert package_filename(manifest) == "itg-t1-1.0.0-cmi5.zip"


@pytest.mark.parametrize("language", ["fr", "it", "sl"])
def test_every_language_package_states_the_funding_in_its_language(language):
    edition = language_edition(with_language(german_manifest(), language), language)
    archive = zipfile.ZipFile(io.BytesIO(build_package(edition)))
    description = ElementTree.fromstring(archive.read("cmi5.xml")).findtext("c:course/c:description/c:langstring", namespaces=NS)
    assert STATEMENTS[language] in description and ACRONYMS[language] in description
    pages = [unescape(archive.read(n).decode()) for n in archive.namelist() if n.endswith("index.html")]
    assert pages and all(STATEMENTS[language] in page for page in pages)
