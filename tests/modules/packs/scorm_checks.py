"""What a SCORM 1.2 LMS relies on in one module's package, checked: the SCORM 1.2 schemas, identifiers,
files, the page's language, labels and fieldsets, the funding statement (test_scorm.py, and the release
test of test_pack_languages.py for every language)."""

import io
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import xmlschema

from modules.packs.scorm import SCHEMA_DIR, XSD_FILES

NS = {"cp": "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "adlcp": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
      "md": "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"}
XML_NS = "http://www.w3.org/XML/1998/namespace"



@cache
def scorm_schema():
    # The two quirks from modules/packs/standards/scorm12/README.md: ims_xml.xsd is replaced by
    # xmlschema's own schema for the XML namespace (named xml_minimal.xsd in older xmlschema releases,
    # xml.xsd in 4.x), and imsmd's UPA violation is tolerated by building in lax mode.
    xml_dir = Path(xmlschema.__file__).parent / "schemas" / "XML"
    xml_xsd = next(path for path in (xml_dir / "xml_minimal.xsd", xml_dir / "xml.xsd") if path.exists())
    return xmlschema.XMLSchema10(
        [str(SCHEMA_DIR / name) for name in ("imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd")],
        validation="lax", locations={XML_NS: xml_xsd.as_uri()},
    )


def instance_errors(xml_bytes):
    return [f"{error.path}: {error.reason}" for error in scorm_schema().iter_errors(io.BytesIO(xml_bytes))]


class PageOutline(HTMLParser):
    """What the accessibility checks need from index.html: lang, inputs, labels, fieldsets, legends."""

    def __init__(self):
        super().__init__()
        self.lang, self.inputs, self.labels, self.fieldsets, self.legends, self.h1 = None, [], set(), 0, 0, 0
        self.in_footer, self.footer_text = False, ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        elif tag == "input":
            self.inputs.append(attrs.get("id"))
        elif tag == "label":
            self.labels.add(attrs.get("for"))
        self.fieldsets += tag == "fieldset"
        self.legends += tag == "legend"
        self.h1 += tag == "h1"
        self.in_footer = self.in_footer or tag == "footer"

    def handle_endtag(self, tag):
        self.in_footer = self.in_footer and tag != "footer"

    def handle_data(self, data):
        if self.in_footer:
            self.footer_text += data


def check_package(manifest, module, package):
    """Everything a SCORM 1.2 LMS relies on, for one module's package; returns a list of problems."""
    problems = []
    names = set(package.namelist())
    xml = package.read("imsmanifest.xml")
    problems += instance_errors(xml)
    root = ElementTree.fromstring(xml)
    meta = root.find("cp:metadata", NS)
    if (meta.findtext("cp:schema", namespaces=NS), meta.findtext("cp:schemaversion", namespaces=NS)) != ("ADL SCORM", "1.2"):
        problems.append("metadata schema is not ADL SCORM 1.2")
    description = meta.findtext("md:lom/md:general/md:description/md:langstring", namespaces=NS) or ""
    if manifest["funding"]["statement"] not in description:
        problems.append("the funding statement is not in the metadata description")
    organizations = root.findall("cp:organizations/cp:organization", NS)
    items = root.findall("cp:organizations/cp:organization/cp:item", NS)
    resources = root.findall("cp:resources/cp:resource", NS)
    if (len(organizations), len(items), len(resources)) != (1, 1, 1):
        return problems + [f"expected one organization, item and resource, got {len(organizations)}, {len(items)}, {len(resources)}"]
    resource, item = resources[0], items[0]
    language = manifest["kit"]["languages"][0]
    suffix = "" if language == manifest.get("languages", [language])[0] else f"-{language}"
    expected_ids = {f"MANIFEST-{module['id']}{suffix}", f"ORG-{module['id']}{suffix}", f"ITEM-{module['id']}{suffix}", f"RES-{module['id']}{suffix}"}
    if {root.get("identifier"), organizations[0].get("identifier"), item.get("identifier"), resource.get("identifier")} != expected_ids:
        problems.append("identifiers are not derived from the module id")
    if item.get("identifierref") != resource.get("identifier") or item.findtext("cp:title", namespaces=NS) != module["title"]:
        problems.append("the item does not point at the SCO or does not carry the module title")
    if resource.get(f"{{{NS['adlcp']}}}scormtype") != "sco" or resource.get("href") != "index.html":
        problems.append("the resource is not a SCO launched by index.html")
    listed = {file.get("href") for file in resource.findall("cp:file", NS)}
    problems += [f"{href} is listed in the resource but missing from the zip" for href in sorted(listed - names)]
    problems += [f"{name} is in the zip but not listed" for name in sorted(names - listed - {"imsmanifest.xml", *XSD_FILES})]
    problems += [f"{name} is not the unchanged schema file" for name in XSD_FILES
                 if name not in names or package.read(name) != (SCHEMA_DIR / name).read_bytes()]
    page = PageOutline()
    page.feed(package.read("index.html").decode("utf-8"))
    if manifest["funding"]["statement"] not in page.footer_text:
        problems.append("the funding statement is not in the page footer")
    if page.lang != manifest["kit"]["languages"][0] or page.h1 != 1:
        problems.append("the page needs the kit's lang attribute and one h1")
    problems += [f"input {input_id} has no label" for input_id in page.inputs if input_id not in page.labels]
    questions = len(module["quiz"]["questions"]) if module["quiz"] else 0
    if page.fieldsets != questions or page.legends != questions:
        problems.append(f"{questions} questions but {page.fieldsets} fieldsets and {page.legends} legends")
    return problems
