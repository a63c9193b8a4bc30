"""The Atom feed of releases (/packs/feed.atom) is valid Atom 1.0: it follows the RFC 4287 RELAX NG
schema (modules/packs/standards/atom/, validated with lxml), the RFC's Schematron rules and the must-rules
the W3C Feed Validator checks, and a real feed reader (feedparser) reads what we mean."""

import re
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree

from modules.packs.views import RELEASE_ID_NAMESPACE, release_entry_uuid

from .release_rows import stored_release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

ATOM = "http://www.w3.org/2005/Atom"
NS = {"atom": ATOM}
SCHEMA = Path(__file__).resolve().parents[3] / "modules" / "packs" / "standards" / "atom" / "rfc4287.rng"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TAG_URI = re.compile(r"^tag:[A-Za-z0-9.@-]+,\d{4}(-\d{2}(-\d{2})?)?:[\x21-\x7e]*$")  # RFC 4151


BASE = "https://elearn.example.org"


@pytest.fixture(autouse=True)
def canonical_base(settings, media_root):
    settings.SITE_BASE_URL = BASE  # the site's canonical address (ELEARN_BASE_URL); requests come as testserver


def schema_problems(document):
    """What the RFC 4287 schema (RELAX NG), its Schematron rules and the RFC's prose must-rules say
    about an Atom document, as a list of messages; empty when it is valid."""
    schema_tree = etree.parse(str(SCHEMA))
    problems = []
    relaxng = etree.RelaxNG(schema_tree)
    if not relaxng.validate(document):
        problems += [f"RELAX NG: {error.message}" for error in relaxng.error_log]
    # The grammar carries the RFC's Schematron rules as annotations: evaluate each one.
    for rule in schema_tree.iter("{http://www.ascc.net/xml/schematron}rule"):
        for node in document.xpath("//" + rule.get("context"), namespaces=NS):
            for check in rule.iter("{http://www.ascc.net/xml/schematron}assert"):
                if not node.xpath(check.get("test"), namespaces=NS):
                    problems.append(f"Schematron: {check.text}")
    ids = [node.text for node in document.iter(f"{{{ATOM}}}id")]
    for value in ids:
        if not id_is_valid(value):
            problems.append(f"atom:id is not a valid URI of its scheme: {value}")
    if len(set(ids)) != len(ids):
        problems.append("two atom:id are the same")
    for node in document.iter(f"{{{ATOM}}}updated", f"{{{ATOM}}}published"):
        if not RFC3339.match(node.text or ""):
            problems.append(f"not an RFC 3339 date-time: {node.text}")
    feed_authors = document.findall("atom:author", NS)
    for entry in document.findall("atom:entry", NS):
        alternates = [link for link in entry.findall("atom:link", NS) if link.get("rel", "alternate") == "alternate"]
        if len({(link.get("type"), link.get("hreflang")) for link in alternates}) != len(alternates):
            problems.append("two alternate links with the same type and hreflang")  # RFC 4287 section 4.1.1
        for link in entry.findall("atom:link[@rel='enclosure']", NS):
            if not (link.get("length") or "").isdigit() or not link.get("type"):
                problems.append(f"enclosure without a length in bytes and a type: {link.get('href')}")
        for summary in entry.findall("atom:summary", NS):
            if summary.get("type") == "html" and "<" not in (summary.text or "") and "&" in (summary.text or ""):
                problems.append("summary type=html holding plain text")
        if not feed_authors and not entry.findall("atom:author", NS):
            problems.append("an entry without author in a feed without author")
    if len(feed_authors) > 1:
        problems.append("more than one feed author")
    return problems


def id_is_valid(value):
    scheme = urlsplit(value or "").scheme
    if scheme == "urn" and value.lower().startswith("urn:uuid:"):
        return bool(UUID_URN.match(value))
    if scheme == "tag":
        return bool(TAG_URI.match(value))
    return scheme in ("http", "https") and bool(urlsplit(value).netloc)


def feed_document(client, **headers):
    response = client.get("/packs/feed.atom", **headers)
    assert response.status_code == 200 and response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return response, etree.fromstring(response.content)


def three_releases():
    stored_release(notes="First public release.")
    stored_release(version="1.1.0", notes="Fixes & <b>clearer</b> feedback in quiz SH-1 (a < b).",
                   manifest={"authors": [{"name": "Business Upper Austria"}, {"name": "S3-4AlpClusters project partners"}],
                             "languages": ["en", "de"], "kit": {"languages": ["en"]}})
    stored_release(slug="itg-t2", manifest={}, languages="")  # a manifest without authors or languages


def test_the_checks_catch_what_the_feed_got_wrong_before():
    """The old feed: ids `urn:uuid:<uuid>:<version>`, no author anywhere, notes in summary type="html"."""
    old = etree.fromstring(
        f'<feed xmlns="{ATOM}"><title>t</title><id>http://testserver/packs/</id><updated>2026-01-01T00:00:00+00:00</updated>'
        '<link href="http://testserver/packs/"/><entry><title>Kit 1.0.0</title><link href="http://testserver/packs/#a" rel="alternate"/>'
        f'<updated>2026-01-01T00:00:00+00:00</updated><id>urn:uuid:{uuid.uuid4()}:1.0.0</id>'
        '<summary type="html">Fixes &amp; feedback</summary></entry></feed>'.encode())
    problems = "\n".join(schema_problems(old))
    assert "atom:id is not a valid URI" in problems
    assert "An atom:entry must have an atom:author if its feed does not." in problems
    assert "summary type=html holding plain text" in problems
    assert "RELAX NG" in "\n".join(schema_problems(etree.fromstring(f'<feed xmlns="{ATOM}"><title>t</title></feed>'.encode())))


def test_feed_is_valid_atom(client):
    three_releases()
    _response, document = feed_document(client)
    assert schema_problems(document) == []
    assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert [a.findtext("atom:name", namespaces=NS) for a in document.findall("atom:author", NS)] == ["S3-4AlpClusters project partners"]
    self_link = document.find("atom:link[@rel='self']", NS).get("href")
    assert self_link == f"{BASE}/packs/feed.atom"
    assert document.findtext("atom:updated", namespaces=NS) == max(e.findtext("atom:updated", namespaces=NS) for e in document.findall("atom:entry", NS))


def test_a_feed_reader_reads_what_we_mean(client):
    three_releases()
    response, _ = feed_document(client)
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0 and feed.version == "atom10"
    entries = {entry.title: entry for entry in feed.entries}
    assert sorted(entries) == ["Kit ITG-T1 1.0.0", "Kit ITG-T1 1.1.0", "Kit ITG-T2 1.0.0"]
    fixed = entries["Kit ITG-T1 1.1.0"]
    # The notes are text: `&` and `<b>` reach the reader as typed, not as markup.
    assert fixed.summary_detail.type == "text/plain"
    assert fixed.summary.splitlines()[0] == "Fixes & <b>clearer</b> feedback in quiz SH-1 (a < b)."
    assert [a.name for a in fixed.authors] == ["Business Upper Austria", "S3-4AlpClusters project partners"]
    assert [(t.scheme, t.term, t.label) for t in fixed.tags] == [("urn:ietf:params:lang", "en", "English"), ("urn:ietf:params:lang", "de", "German")]
    assert [t.term for t in entries["Kit ITG-T2 1.0.0"].tags] == ["en"]  # no languages anywhere: English
    assert [a.name for a in entries["Kit ITG-T2 1.0.0"].authors] == ["S3-4AlpClusters project partners"]
    assert fixed.rights == "Licence: CC-BY-4.0"
    alternate = [link for link in fixed.links if link.rel == "alternate"]
    assert [link.href for link in alternate] == [f"{BASE}/packs/#itg-t1-1.1.0"]
    assert 'id="itg-t1-1.1.0"' in client.get("/packs/").content.decode()  # the link lands on the release
    enclosures = [link for link in fixed.links if link.rel == "enclosure"]
    assert [link.title for link in enclosures] == ["Pack (zip with offline copy)", "SCORM 1.2 package · SH-1 · English",
                                                   "Moodle XML question bank · English", "IMS Common Cartridge 1.1 · English"]
    # Each download's language as hreflang; the pack carries every language, so it has none.
    assert [link.get("hreflang") for link in enclosures] == [None, "en", "en", "en"]
    for link in enclosures:
        download = client.get(link.href.replace(BASE, ""))
        assert download.status_code == 200 and download["Content-Type"] == link.type
        assert download["Content-Length"] == link.length == str(len(b"".join(download.streaming_content)))
        assert f"{link.href.rsplit('/', 1)[1]}: {link.length} bytes, SHA-256 {download['ETag'].strip(chr(34))}" in fixed.summary


def test_entry_ids_are_one_stable_uuid_per_release(client, settings):
    three_releases()
    _, document = feed_document(client)
    ids = [e.findtext("atom:id", namespaces=NS) for e in document.findall("atom:entry", NS)]
    assert len(set(ids)) == 3 and all(UUID_URN.match(value) for value in ids)
    settings.ALLOWED_HOSTS = ["*"]
    _, elsewhere = feed_document(client, HTTP_HOST="mirror.example.org", HTTP_ACCEPT_LANGUAGE="de")
    assert [e.findtext("atom:id", namespaces=NS) for e in elsewhere.findall("atom:entry", NS)] == ids
    # Derived from the kit's stable id and the version (UUID version 5), not from a host or a row id.
    from modules.models import KitRelease
    release = KitRelease.objects.get(kit_slug="itg-t1", version="1.1.0")
    assert f"urn:uuid:{release_entry_uuid(release)}" in ids and release_entry_uuid(release).version == 5
    # The feed's texts stay English whatever the reader's language.
    assert elsewhere.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert "SCORM 1.2 package · SH-1" in etree.tostring(elsewhere, encoding="unicode")


def test_the_feed_id_and_links_do_not_follow_the_host_name(client, settings):
    """issue 16: the feed's own id was its link, built from the request's Host header."""
    three_releases()
    _, document = feed_document(client)
    feed_id = document.findtext("atom:id", namespaces=NS)
    assert UUID_URN.match(feed_id) and feed_id == f"urn:uuid:{uuid.uuid5(RELEASE_ID_NAMESPACE, 'feed:' + BASE)}"
    settings.ALLOWED_HOSTS = ["*"]
    _, elsewhere = feed_document(client, HTTP_HOST="mirror.example.org", secure=True)
    assert elsewhere.findtext("atom:id", namespaces=NS) == feed_id
    hrefs = [link.get("href") for link in elsewhere.iter(f"{{{ATOM}}}link")]
    assert hrefs and all(href.startswith(BASE + "/") for href in hrefs)
    assert "mirror.example.org" not in etree.tostring(elsewhere, encoding="unicode")
    assert schema_problems(elsewhere) == []


def test_a_pinned_feed_id_survives_a_move_to_another_host(client, settings):
    three_releases()
    settings.ELEARN_FEED_ID = "tag:elearn.example.org,2026:packs/feed"
    settings.SITE_BASE_URL = "https://kits.example.eu"
    _, document = feed_document(client)
    assert document.findtext("atom:id", namespaces=NS) == "tag:elearn.example.org,2026:packs/feed"
    assert document.find("atom:link[@rel='self']", NS).get("href") == "https://kits.example.eu/packs/feed.atom"
    assert schema_problems(document) == []


def test_an_empty_feed_is_valid(client):
    _, document = feed_document(client)
    assert schema_problems(document) == [] and document.findall("atom:entry", NS) == []


def test_feed_answers_not_modified(client):
    three_releases()
    response, _ = feed_document(client)
    assert client.get("/packs/feed.atom", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    assert client.head("/packs/feed.atom").status_code == 200
    assert client.post("/packs/feed.atom").status_code == 405
