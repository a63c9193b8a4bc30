"""The cmi5 course package of a release: cmi5.xml lists one AU per module with moveOn and the mastery
score, each AU is the module's SCO page with the cmi5 runtime loaded first, and the package is a pure
function of the manifest."""

import io
import zipfile
from xml.etree import ElementTree

import pytest

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
