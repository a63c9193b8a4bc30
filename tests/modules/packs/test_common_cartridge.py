"""IMS Common Cartridge 1.1 export: every real kit's cartridge validates against the CC 1.1 schemas
(modules/packs/standards/cc11/, as Moodle's importer ships them), and reading it back gives every
module, lesson, question, answer and feedback of the release."""

import copy
import html
import io
import re
import zipfile
from functools import cache
from xml.etree import ElementTree

import pytest
import xmlschema

from modules.packs.common_cartridge import SCHEMA_DIR, build_common_cartridge, cartridge_filename
from modules.packs.errors import PackPathError
from modules.packs.pack_translations import language_edition
from tests.funding import ACRONYMS, STATEMENTS

from .snapshots import with_language

NS = {"cp": "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1", "lom": "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest",
      "qti": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
PROFILES = {"cc.multiple_choice.v0p1": "single", "cc.multiple_response.v0p1": "multiple", "cc.true_false.v0p1": "true_false"}


def build(manifest, open_media=None):
    buffer = io.BytesIO()
    build_common_cartridge(manifest, buffer, open_media or _no_media)
    return zipfile.ZipFile(io.BytesIO(buffer.getvalue()))


def _no_media(path):
    raise AssertionError(f"the cartridge asked for a media file its lessons do not use: {path}")


@cache
def schema(name):
    return xmlschema.XMLSchema10(str(SCHEMA_DIR / name))


def errors(xml, name):
    return [f"{error.path}: {error.reason}" for error in schema(name).iter_errors(io.BytesIO(xml))]


def validate(cartridge):
    problems = errors(cartridge.read("imsmanifest.xml"), "ccv1p1_imscp_v1p2_v1p0.xsd")
    root = ElementTree.fromstring(cartridge.read("imsmanifest.xml"))
    names = set(cartridge.namelist())
    for resource in root.iterfind("cp:resources/cp:resource", NS):
        for file in resource.iterfind("cp:file", NS):
            if file.get("href") not in names:
                problems.append(f"{file.get('href')} is listed but not in the cartridge")
            elif resource.get("type").startswith("imsqti_xmlv1p2"):
                problems += errors(cartridge.read(file.get("href")), "ccv1p1_qtiasiv1p2p1_v1p0.xsd")
    return problems


def read_back(cartridge):
    """The cartridge as an importer sees it: modules in order, each with lessons and questions."""
    root = ElementTree.fromstring(cartridge.read("imsmanifest.xml"))
    resources = {r.get("identifier"): r for r in root.iterfind("cp:resources/cp:resource", NS)}
    modules = []
    for folder in root.iterfind("cp:organizations/cp:organization/cp:item/cp:item", NS):
        module = {"id": folder.get("identifier").removeprefix("MOD-"), "title": folder.findtext("cp:title", namespaces=NS),
                  "lessons": [], "questions": []}
        for item in folder.iterfind("cp:item", NS):
            resource = resources[item.get("identifierref")]
            if resource.get("type") == "webcontent":
                page = cartridge.read(resource.get("href")).decode("utf-8")
                title = html.unescape(re.search(r"<h1>(.*?)</h1>", page).group(1))
                module["lessons"].append({"id": item.get("identifier").removeprefix("ITEM-"), "title": title,
                                          "item_title": item.findtext("cp:title", namespaces=NS)})
                continue
            qti = ElementTree.fromstring(cartridge.read(resource.find("cp:file", NS).get("href")))
            for question in qti.iterfind(".//qti:item", NS):
                profile = question.findtext("qti:itemmetadata/qti:qtimetadata/qti:qtimetadatafield/qti:fieldentry", namespaces=NS)
                feedback = {f.get("ident").removeprefix("F-"): f.findtext(".//qti:mattext", namespaces=NS)
                            for f in question.iterfind("qti:itemfeedback", NS)}
                correct = question.find("qti:resprocessing/qti:respcondition[@continue='No']/qti:conditionvar", NS)
                right = {v.text for v in correct.iter(f"{{{NS['qti']}}}varequal")} - {
                    v.text for n in correct.iter(f"{{{NS['qti']}}}not") for v in n}
                answers = [{"id": label.get("ident").removeprefix("A-"), "text": label.findtext(".//qti:mattext", namespaces=NS),
                            "correct": label.get("ident") in right}
                           for label in question.iterfind(".//qti:response_label", NS)]
                for answer in answers:
                    answer["feedback"] = feedback.get(answer["id"], "")
                module["questions"].append({"id": question.get("ident").removeprefix("Q-"), "type": PROFILES[profile],
                                            "prompt": question.findtext("qti:presentation/qti:material/qti:mattext", namespaces=NS),
                                            "answers": answers})
        modules.append(module)
    return modules


def expected(manifest):
    return [{"id": m["id"], "title": f"{m['code']}: {m['title']}",
             "lessons": [{"id": lesson["id"], "title": lesson["title"], "item_title": lesson["title"]} for lesson in m["lessons"]],
             "questions": [{"id": q["id"], "type": q["type"], "prompt": q["prompt"],
                            "answers": [{"id": a["id"], "text": a["text"], "correct": a["correct"],
                                         "feedback": re.sub(r' target="_blank" rel="noopener"', "", a["feedback"]) if a["feedback"] else ""}
                                        for a in q["answers"]]}
                           for q in (m["quiz"] or {"questions": []})["questions"]]}
            for m in manifest["modules"]]


@pytest.mark.parametrize("kit", ["manifest_t1", "manifest_t2"])
def test_every_real_kit_gives_a_valid_cartridge_that_reads_back_whole(kit, request, db):
    manifest = request.getfixturevalue(kit)
    cartridge = build(manifest)
    assert validate(cartridge) == []
    assert read_back(cartridge) == expected(manifest)


def test_the_metadata_carries_title_language_licence_and_funding(manifest_t1):
    cartridge = build(manifest_t1)
    root = ElementTree.fromstring(cartridge.read("imsmanifest.xml"))
    lom = root.find("cp:metadata/lom:lom", NS)
    assert root.findtext("cp:metadata/cp:schema", namespaces=NS) == "IMS Common Cartridge"
    assert root.findtext("cp:metadata/cp:schemaversion", namespaces=NS) == "1.1.0"
    assert manifest_t1["kit"]["title"] in lom.findtext("lom:general/lom:title/lom:string", namespaces=NS)
    assert lom.findtext("lom:general/lom:language", namespaces=NS) == manifest_t1["kit"]["languages"][0]
    assert manifest_t1["funding"]["statement"] in lom.findtext("lom:general/lom:description/lom:string", namespaces=NS)
    assert manifest_t1["kit"]["licence"] in lom.findtext("lom:rights/lom:description/lom:string", namespaces=NS)
    assert root.get("identifier") == f"CC-{manifest_t1['kit']['id']}"
    # Every lesson page shows the funding statement too.
    pages = [name for name in cartridge.namelist() if name.endswith(".html")]
    assert pages and all(manifest_t1["funding"]["statement"] in cartridge.read(name).decode("utf-8") for name in pages)


def test_the_checks_catch_a_broken_cartridge(manifest_t1):
    cartridge = build(manifest_t1)
    xml = cartridge.read("imsmanifest.xml").decode("utf-8")
    broken = xml.replace('type="webcontent"', 'type="webpage"', 1).replace("<schemaversion>1.1.0", "<schemaversion>1.3.0")
    assert len(errors(broken.encode("utf-8"), "ccv1p1_imscp_v1p2_v1p0.xsd")) == 2
    quiz = next(name for name in cartridge.namelist() if name.endswith("assessment.xml"))
    qti = cartridge.read(quiz).decode("utf-8").replace("<section ", "<chapter ", 1).replace("</section>", "</chapter>", 1)
    assert errors(qti.encode("utf-8"), "ccv1p1_qtiasiv1p2p1_v1p0.xsd")


def test_lesson_media_are_in_the_cartridge_and_html_is_escaped_and_clean(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    module = manifest["modules"][0]
    image = "media/images/" + "a" * 32 + ".png"
    manifest["files"].append({"path": image, "sha256": "a" * 64, "size": 4})
    lesson = module["lessons"][0]
    lesson["title"] = 'Clusters & "regions" <script>'
    lesson["blocks"] += [
        {"id": "11111111-1111-4111-8111-111111111111", "type": "image", "value": {"file": image, "alt_text": "Map", "caption": ""}},
        {"id": "22222222-2222-4222-8222-222222222222", "type": "text",
         "value": '<p onclick="x()">See <a href="https://example.org/s">the source</a>.</p><script>alert(1)</script>'},
    ]
    module["quiz"]["questions"][0]["prompt"] = "Is <b>this</b> & that bold?"
    cartridge = build(manifest, lambda path: io.BytesIO(b"\x89PNG"))
    assert validate(cartridge) == []
    assert cartridge.read(image) == b"\x89PNG"
    page = next(cartridge.read(n).decode("utf-8") for n in cartridge.namelist() if n.startswith("m01-") and n.endswith(".html")
                and "Clusters" in cartridge.read(n).decode("utf-8"))
    assert "Clusters &amp; &quot;regions&quot; &lt;script&gt;" in page and "<script>alert" not in page and "onclick" not in page
    assert f'<img src="../{image}" alt="Map">' in page
    assert '<a href="https://example.org/s" target="_blank" rel="noopener">the source</a>' in page
    assert read_back(cartridge)[0]["questions"][0]["prompt"] == "Is <b>this</b> & that bold?"  # plain text, escaped in XML
    quiz = ElementTree.fromstring(cartridge.read(next(n for n in cartridge.namelist() if n.startswith("m01-") and n.endswith(".xml"))))
    shown = [t.text for t in quiz.iterfind("qti:assessment/qti:presentation_material//qti:mattext", NS)]
    assert shown[-1] == f"pass mark {module['quiz']['pass_mark']}%"


def test_media_paths_cannot_leave_the_cartridge(manifest_t1):
    manifest = copy.deepcopy(manifest_t1)
    manifest["modules"][0]["lessons"][0]["blocks"].append({"id": "55555555-5555-4555-8555-555555555555", "type": "document",
                                                           "value": {"file": "media/../imsmanifest.xml", "title": "x", "description": ""}})
    with pytest.raises(PackPathError):
        build(manifest, lambda path: io.BytesIO(b"x"))


def test_the_cartridge_is_reproducible(manifest_t2):
    first, second = build(manifest_t2), build(manifest_t2)
    assert [(i.filename, i.date_time, i.CRC) for i in first.infolist()] == [(i.filename, i.date_time, i.CRC) for i in second.infolist()]


# --- One cartridge per language (issue 16.2, issue 12.5) ---------------------------------------------

def test_the_german_cartridge_is_valid_and_german_with_only_the_german_modules(manifest_t1_de):
    edition = language_edition(manifest_t1_de, "de")
    german = manifest_t1_de["translations"]["de"]
    assert [m["code"] for m in edition["modules"]] == ["SH-1"]  # only what is translated: nothing English in it
    cartridge = build(edition)
    assert validate(cartridge) == []
    assert read_back(cartridge) == expected(edition)
    module = edition["modules"][0]
    assert module["title"] == german[module["id"]]["fields"]["title"]  # the German text, not the source
    root = ElementTree.fromstring(cartridge.read("imsmanifest.xml"))
    # Its own identifier, so an LMS holding the English and the German cartridge keeps two courses.
    assert root.get("identifier") == f"CC-{manifest_t1_de['kit']['id']}-de"
    lom = root.find("cp:metadata/lom:lom", NS)
    assert [e.text for e in lom.iterfind("lom:general/lom:language", NS)] == ["de"]
    assert {s.get("language") for s in lom.iter(f"{{{NS['lom']}}}string")} == {"de"}
    assert STATEMENTS["de"] in lom.findtext("lom:general/lom:description/lom:string", namespaces=NS)
    assert "Version 1.0.0." in lom.findtext("lom:rights/lom:description/lom:string", namespaces=NS)
    pages = [html.unescape(cartridge.read(name).decode("utf-8")) for name in cartridge.namelist() if name.endswith(".html")]
    assert pages and all('<html lang="de">' in page and STATEMENTS["de"] in page and STATEMENTS["en"] not in page for page in pages)
    quiz = ElementTree.fromstring(cartridge.read(next(n for n in cartridge.namelist() if n.endswith("assessment.xml"))))
    shown = [t.text for t in quiz.iterfind("qti:assessment/qti:presentation_material//qti:mattext", NS)]
    assert shown[-1] != f"pass mark {module['quiz']['pass_mark']}%"  # the interface strings are German too
    assert cartridge_filename(edition) == "itg-t1-1.0.0-cc11-de.imscc"
    assert cartridge_filename(manifest_t1_de) == "itg-t1-1.0.0-cc11.imscc"


def test_the_source_cartridge_of_a_translated_kit_stays_english_and_whole(manifest_t1_de):
    cartridge = build(language_edition(manifest_t1_de, "en"))
    assert validate(cartridge) == []
    assert read_back(cartridge) == expected(manifest_t1_de)
    root = ElementTree.fromstring(cartridge.read("imsmanifest.xml"))
    assert root.get("identifier") == f"CC-{manifest_t1_de['kit']['id']}"
    assert [e.text for e in root.iterfind("cp:metadata/lom:lom/lom:general/lom:language", NS)] == ["en"]


@pytest.mark.parametrize("language", ["fr", "it", "sl"])
def test_every_language_cartridge_states_the_funding_in_its_language(manifest_t1_de, language):
    edition = language_edition(with_language(manifest_t1_de, language), language)
    cartridge = build(edition)
    assert validate(cartridge) == []
    description = ElementTree.fromstring(cartridge.read("imsmanifest.xml")).findtext(
        "cp:metadata/lom:lom/lom:general/lom:description/lom:string", namespaces=NS)
    assert STATEMENTS[language] in description and ACRONYMS[language] in description
    pages = [html.unescape(cartridge.read(name).decode("utf-8")) for name in cartridge.namelist() if name.endswith(".html")]
    assert pages and all(STATEMENTS[language] in page and f'<html lang="{language}">' in page for page in pages)


def test_a_language_without_translated_modules_has_no_cartridge_modules(manifest_t1_de):
    assert language_edition(manifest_t1_de, "fr")["modules"] == []
