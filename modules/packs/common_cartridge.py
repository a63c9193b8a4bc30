"""IMS Common Cartridge 1.1 export of a kit release: a pure function of the release manifest.

CC 1.1 is the version Moodle's core importer reads (Canvas, Brightspace, Open edX through cc2olx,
Sakai and Schoology read it too). The cartridge holds:

- imsmanifest.xml: the kit's metadata (IEEE LOM, CC manifest profile: title, language, summary and
  funding statement, keywords, authors, release date, licence) and one organisation, module by module,
  each module holding its lessons and then its quiz;
- one webcontent resource per lesson (<module>/<lesson>.html, with the media its blocks use);
- one QTI 1.2 assessment per quiz (imsqti_xmlv1p2/imscc_xmlv1p1/assessment, <module>/<quiz>/assessment.xml):
  single choice -> cc.multiple_choice.v0p1, multiple -> cc.multiple_response.v0p1,
  true/false -> cc.true_false.v0p1, with the feedback of every answer.

What CC cannot carry is said in docs/interop.md: partial credit (a CC multiple-response question is
all or nothing), the pass mark, and H5P activities (a note points to the online kit).

Identifiers come from the stable ids, so a newer release imports over the same items. The same
manifest gives the same zip, byte for byte (entries are dated with the release's `created`)."""

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from ..licences import spdx_url
from .export_html import inline_html, lesson_html
from .scorm import _copy_media, language_suffix, _safe_path, _write, _zip_timestamp

SCHEMA_DIR = Path(__file__).with_name("standards") / "cc11"
CP = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
LOM_MANIFEST = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest"
LOM_RESOURCE = "http://ltsc.ieee.org/xsd/imsccv1p1/LOM/resource"
QTI = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
PROFILE = "http://www.imsglobal.org/profile/cc/ccv1p1/"
MANIFEST_LOCATIONS = (f"{CP} {PROFILE}ccv1p1_imscp_v1p2_v1p0.xsd {LOM_MANIFEST} {PROFILE}LOM/ccv1p1_lommanifest_v1p0.xsd "
                      f"{LOM_RESOURCE} {PROFILE}LOM/ccv1p1_lomresource_v1p0.xsd")
QTI_LOCATION = f"{QTI} {PROFILE}ccv1p1_qtiasiv1p2p1_v1p0.xsd"
WEBCONTENT, ASSESSMENT = "webcontent", "imsqti_xmlv1p2/imscc_xmlv1p1/assessment"
QUESTION_PROFILES = {"single": "cc.multiple_choice.v0p1", "multiple": "cc.multiple_response.v0p1",
                     "true_false": "cc.true_false.v0p1"}
MAX_ATTEMPTS = 5  # cc_maxattempts is 1 to 5 or "unlimited"
RESPONSE = "response1"
MEDIA_BLOCKS = ("image", "document")

# Element names are written with these prefixes and the root declares them: ElementTree would give
# the default namespace a generated prefix (ns0:), which some LMS importers do not resolve.
PREFIXES = {CP: "", QTI: "", LOM_MANIFEST: "lomimscc:", LOM_RESOURCE: "lom:"}


def cartridge_filename(manifest):
    """`<kit>-<version>-cc11.imscc` in the source language, `…-cc11-de.imscc` for the German edition."""
    return f"{manifest['kit']['slug']}-{manifest['version']}-cc11{language_suffix(manifest)}.imscc"


def write_common_cartridge(manifest, zip_file, open_media):
    """Write the Common Cartridge 1.1 of the release into `zip_file` (a zipfile.ZipFile open for
    writing); `open_media(path)` returns a binary file for a manifest media path.

    The cartridge is in the language the manifest is seen in (`pack_translations.language_edition`):
    its text, its interface strings, `lang` and the LOM language, and identifiers with the language
    in them for a translation (`CC-<kit id>-de`), so an LMS holding both keeps two courses."""
    stamp = _zip_timestamp(manifest["created"])
    language = manifest["kit"]["languages"][0]
    plan = _plan(manifest)
    with translation.override(language):
        _write(zip_file, "imsmanifest.xml", _xml(_manifest_element(manifest, plan)), stamp)
        for module, items in plan:
            for item in items:
                if item["kind"] == "lesson":
                    _write(zip_file, item["href"], _lesson_page(manifest, module, item), stamp)
                else:
                    _write(zip_file, item["href"], _xml(_assessment(module["quiz"], language)), stamp)
    sizes = {entry["path"]: entry["size"] for entry in manifest.get("files", [])}
    for path in dict.fromkeys(path for _, items in plan for item in items for path in item.get("media", ())):
        _copy_media(zip_file, path, open_media, stamp, sizes.get(path, 0))


def _plan(manifest):
    """Per module, its lessons then its quiz, each with the file it is written to."""
    plan = []
    for number, module in enumerate(manifest["modules"], start=1):
        folder = f"m{number:02d}-{module['slug']}"
        items = [{"kind": "lesson", "id": lesson["id"], "title": lesson["title"], "lesson": lesson,
                  "href": f"{folder}/{position:02d}-{lesson['slug']}.html", "media": _media(lesson)}
                 for position, lesson in enumerate(module["lessons"], start=1)]
        if module.get("quiz"):
            quiz = module["quiz"]
            items.append({"kind": "quiz", "id": quiz["id"], "title": quiz["title"], "href": f"{folder}/quiz-{quiz['slug']}/assessment.xml"})
        plan.append((module, items))
    return plan


def _media(lesson):
    return list(dict.fromkeys(_safe_path(b["value"]["file"]) for b in lesson["blocks"] if b["type"] in MEDIA_BLOCKS))


# --- imsmanifest.xml ------------------------------------------------------------------------------

def _sub(parent, namespace, tag, text=None, **attributes):
    element = ET.SubElement(parent, PREFIXES[namespace] + tag, {k.rstrip("_"): str(v) for k, v in attributes.items()})
    if text is not None:
        element.text = str(text)
    return element


def _lang_string(parent, tag, text, language):
    _sub(_sub(parent, LOM_MANIFEST, tag), LOM_MANIFEST, "string", text, language=language)


def _manifest_element(manifest, plan):
    kit, language = manifest["kit"], manifest["kit"]["languages"][0]
    root = ET.Element("manifest", {"identifier": f"CC-{kit['id']}{language_suffix(manifest)}", "xmlns": CP, "xmlns:lomimscc": LOM_MANIFEST, "xmlns:lom": LOM_RESOURCE,
                                   "xmlns:xsi": XSI, "xsi:schemaLocation": MANIFEST_LOCATIONS})
    metadata = _sub(root, CP, "metadata")
    _sub(metadata, CP, "schema", "IMS Common Cartridge")
    _sub(metadata, CP, "schemaversion", "1.1.0")
    lom = _sub(metadata, LOM_MANIFEST, "lom")
    general = _sub(lom, LOM_MANIFEST, "general")
    _lang_string(general, "title", f"{kit['code']}: {kit['title']}", language)
    _sub(general, LOM_MANIFEST, "language", language)  # the cartridge's one language
    # The funding statement travels with the description: it must accompany the kit everywhere.
    _lang_string(general, "description", "\n\n".join(filter(None, [kit["summary"], manifest["funding"]["statement"]])), language)
    for keyword in kit.get("thematic_areas", []):
        _lang_string(general, "keyword", keyword, language)
    life = _sub(lom, LOM_MANIFEST, "lifeCycle")
    for author in manifest.get("authors", []):
        contribute = _sub(life, LOM_MANIFEST, "contribute")
        _sub(_sub(contribute, LOM_MANIFEST, "role"), LOM_MANIFEST, "value", "author")
        _sub(contribute, LOM_MANIFEST, "entity", author["name"])
    released = _sub(life, LOM_MANIFEST, "contribute")
    _sub(_sub(released, LOM_MANIFEST, "role"), LOM_MANIFEST, "value", "publisher")
    _sub(released, LOM_MANIFEST, "entity", manifest["funding"].get("acronym") or kit["title"])
    _sub(_sub(released, LOM_MANIFEST, "date"), LOM_MANIFEST, "dateTime", manifest["created"][:10])
    rights = _sub(lom, LOM_MANIFEST, "rights")
    _sub(_sub(rights, LOM_MANIFEST, "copyrightAndOtherRestrictions"), LOM_MANIFEST, "value", "yes")
    licence_url = manifest.get("metadata", {}).get("license") or spdx_url(kit["licence"])
    _lang_string(rights, "description", gettext("%(licence)s (%(url)s). Release %(version)s.") % {
        "licence": kit["licence"], "url": licence_url, "version": manifest["version"]}, language)

    organization = _sub(_sub(root, CP, "organizations"), CP, "organization", identifier=f"ORG-{kit['id']}", structure="rooted-hierarchy")
    top = _sub(organization, CP, "item", identifier=f"ROOT-{kit['id']}")
    resources = _sub(root, CP, "resources")
    for module, items in plan:
        folder = _sub(top, CP, "item", identifier=f"MOD-{module['id']}")
        _sub(folder, CP, "title", f"{module['code']}: {module['title']}")
        for item in items:
            entry = _sub(folder, CP, "item", identifier=f"ITEM-{item['id']}", identifierref=f"RES-{item['id']}")
            _sub(entry, CP, "title", item["title"])
            if item["kind"] == "lesson":
                resource = _sub(resources, CP, "resource", identifier=f"RES-{item['id']}", type=WEBCONTENT, href=item["href"])
                for href in (item["href"], *item["media"]):
                    _sub(resource, CP, "file", href=href)
            else:
                resource = _sub(resources, CP, "resource", identifier=f"RES-{item['id']}", type=ASSESSMENT)
                _sub(resource, CP, "file", href=item["href"])
    return root


# --- Lessons ---------------------------------------------------------------------------------------

def _lesson_page(manifest, module, item):
    page = item["href"]

    def href(target):
        return posixpath.relpath(target, posixpath.dirname(page))

    quiz = module.get("quiz")
    blocks = []
    for block in item["lesson"]["blocks"]:
        value, kind = block["value"], block["type"]
        view = {"type": kind}
        if kind in ("text", "callout"):
            view.update(kind=value.get("kind") if isinstance(value, dict) else None,
                        html=lesson_html(value if kind == "text" else value["text"]))
        elif kind == "image":
            view.update(src=href(value["file"]), alt_text=value["alt_text"], caption=value.get("caption", ""))
        elif kind == "document":
            view.update(href=href(value["file"]), title=value["title"], description=value.get("description", ""))
        elif kind == "video":
            view.update(url=value["url"], title=value["title"], transcript=lesson_html(value.get("transcript", "")))
        elif kind == "quiz":
            # Only the module's own quiz is in the same folder of the course; name it rather than link it.
            view.update(intro=value.get("intro", ""), quiz_title=quiz["title"] if quiz and value["quiz"] == quiz["id"] else "")
        else:
            view.update(activity=value["activity"], intro=value.get("intro", ""))
        blocks.append(view)
    context = {"language": manifest["kit"]["languages"][0], "kit": manifest["kit"], "module": module, "lesson": item["lesson"],
               "blocks": blocks, "funding": manifest["funding"], "version": manifest["version"]}
    return render_to_string("packs/common_cartridge/lesson.html", context)


# --- QTI 1.2 assessments (CC 1.1 profile) ----------------------------------------------------------

def _field(parent, label, entry):
    field = _sub(parent, QTI, "qtimetadatafield")
    _sub(field, QTI, "fieldlabel", label)
    _sub(field, QTI, "fieldentry", entry)


def _material(parent, text, texttype="text/plain"):
    _sub(_sub(parent, QTI, "material"), QTI, "mattext", text, texttype=texttype)


def _assessment(quiz, language):
    root = ET.Element("questestinterop", {"xmlns": QTI, "xmlns:xsi": XSI, "xsi:schemaLocation": QTI_LOCATION})
    assessment = _sub(root, QTI, "assessment", ident=f"QUIZ-{quiz['id']}", title=quiz["title"])
    meta = _sub(assessment, QTI, "qtimetadata")
    _field(meta, "cc_profile", "cc.exam.v0p1")
    _field(meta, "qmd_assessmenttype", "Examination")
    attempts = quiz["attempts_allowed"]
    _field(meta, "cc_maxattempts", str(attempts) if attempts <= MAX_ATTEMPTS else "unlimited")
    # The intro and the pass mark, which CC has no field for, are shown before the questions.
    before = _sub(_sub(assessment, QTI, "presentation_material"), QTI, "flow_mat")
    if quiz.get("intro"):
        _material(before, quiz["intro"])
    _material(before, gettext("pass mark %(p)s%%") % {"p": quiz["pass_mark"]})
    section = _sub(assessment, QTI, "section", ident=f"SECTION-{quiz['id']}")
    for number, question in enumerate(quiz["questions"], start=1):
        _question(section, question, number)
    return root


def _question(section, question, number):
    kind = question["type"]
    item = _sub(section, QTI, "item", ident=f"Q-{question['id']}", title=f"{number}. {question['prompt'][:60]}")
    _field(_sub(_sub(item, QTI, "itemmetadata"), QTI, "qtimetadata"), "cc_profile", QUESTION_PROFILES[kind])
    presentation = _sub(item, QTI, "presentation")
    _material(presentation, question["prompt"])
    response = _sub(presentation, QTI, "response_lid", ident=RESPONSE, rcardinality="Multiple" if kind == "multiple" else "Single")
    choices = _sub(response, QTI, "render_choice")
    for answer in question["answers"]:
        _material(_sub(choices, QTI, "response_label", ident=f"A-{answer['id']}"), answer["text"])

    processing = _sub(item, QTI, "resprocessing")
    _sub(_sub(processing, QTI, "outcomes"), QTI, "decvar", varname="SCORE", vartype="Decimal", minvalue="0", maxvalue="100")
    # Feedback of every chosen answer first (continue="Yes"), then the one condition that gives 100.
    for answer in question["answers"]:
        if answer["feedback"]:
            condition = _sub(processing, QTI, "respcondition", continue_="Yes")
            _sub(_sub(condition, QTI, "conditionvar"), QTI, "varequal", f"A-{answer['id']}", respident=RESPONSE)
            _sub(condition, QTI, "displayfeedback", feedbacktype="Response", linkrefid=f"F-{answer['id']}")
    correct = _sub(processing, QTI, "respcondition", continue_="No")
    test = _sub(correct, QTI, "conditionvar")
    if kind == "multiple":
        # CC multiple response is all or nothing: every right option and no wrong one.
        both = _sub(test, QTI, "and")
        for answer in question["answers"]:
            parent = both if answer["correct"] else _sub(both, QTI, "not")
            _sub(parent, QTI, "varequal", f"A-{answer['id']}", respident=RESPONSE)
    else:
        right = next(a for a in question["answers"] if a["correct"])
        _sub(test, QTI, "varequal", f"A-{right['id']}", respident=RESPONSE)
    _sub(correct, QTI, "setvar", "100", varname="SCORE", action="Set")
    for answer in question["answers"]:
        if answer["feedback"]:
            feedback = _sub(item, QTI, "itemfeedback", ident=f"F-{answer['id']}")
            _material(_sub(feedback, QTI, "flow_mat"), str(inline_html(answer["feedback"])), "text/html")


def _xml(root):
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


def build_common_cartridge(manifest, handle, open_media):
    """The cartridge as a zip written to the binary file `handle` (what releases.py stores)."""
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        write_common_cartridge(manifest, archive, open_media)
