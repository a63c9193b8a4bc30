"""/api/packs/: the fields docs/pack-format.md documents are exactly the fields it returns, with the
documented types; each release's languages come from its manifest, robust to a manifest without them."""

import re
from pathlib import Path

import pytest

from .release_rows import stored_release

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

DOC = Path(__file__).resolve().parents[3] / "docs" / "pack-format.md"
LEVELS = {"Top level:": "top", "A kit (`kits[]`):": "kit", "A release (`kits[].releases[]`):": "release",
          "A download (`kits[].releases[].downloads[]`):": "download"}
ROW = re.compile(r"^\| `(\w+)` \| ([^|]+) \|")


def documented_fields():
    """{level: {field: type text}} from the tables of the section "Catalogue API"."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Catalogue API"):text.index("### Downloads over HTTP")]
    fields, level = {}, None
    for line in section.splitlines():
        if line in LEVELS:
            level = LEVELS[line]
            fields[level] = {}
        elif level and (match := ROW.match(line)):
            fields[level][match.group(1)] = match.group(2).strip()
    return fields


def has_documented_type(value, documented):
    nullable = documented.endswith(" or null")
    if value is None:
        return nullable
    base = documented.removesuffix(" or null")
    if base.startswith("array"):
        return isinstance(value, list)
    if base.startswith("integer"):
        return isinstance(value, int) and not isinstance(value, bool)
    if base.startswith("string"):
        return isinstance(value, str)
    if base.startswith("object"):
        return isinstance(value, dict)
    raise AssertionError(f"undocumented type {documented!r}")


def test_the_documented_fields_are_exactly_what_the_api_returns(client):
    stored_release(notes="First public release.")
    stored_release(version="1.1.0")
    stored_release(slug="itg-t2")
    data = client.get("/api/packs/").json()
    docs = documented_fields()
    assert set(docs) == {"top", "kit", "release", "download"}
    objects = {"top": [data], "kit": data["kits"], "release": [r for k in data["kits"] for r in k["releases"]]}
    objects["download"] = [d for r in objects["release"] for d in r["downloads"]]
    for level, instances in objects.items():
        assert instances, level
        for instance in instances:
            assert list(instance) == list(docs[level]), level  # the same fields, in the documented order
            for name, value in instance.items():
                assert has_documented_type(value, docs[level][name]), (level, name, value)
    assert data["api_version"] == 1
    scorm = next(d for d in objects["download"] if d["kind"] == "scorm")
    assert scorm["module_code"] == "SH-1" and scorm["module_title"] == "The S3-4AlpClusters project & its programme"
    assert next(d for d in objects["download"] if d["kind"] == "pack")["module_title"] is None
    t1 = next(k for k in data["kits"] if k["slug"] == "itg-t1")
    assert t1["releases"][0]["catalogue_url"] == "http://testserver/packs/#itg-t1-1.1.0"


def test_languages_come_from_the_manifest(client):
    stored_release(manifest={"languages": ["en", "de", "sl"], "kit": {"languages": ["en"]}})
    stored_release(slug="itg-t2", languages="en,fr")  # a manifest without a languages list: the kit's
    stored_release(slug="itg-t3", manifest={}, languages="")  # nothing anywhere: English
    stored_release(slug="itg-t4", manifest={"languages": "not a list"}, languages="it")  # unusable: the kit's
    releases = {k["slug"]: k["releases"][0]["languages"] for k in client.get("/api/packs/").json()["kits"]}
    assert releases == {"itg-t1": ["en", "de", "sl"], "itg-t2": ["en", "fr"], "itg-t3": ["en"], "itg-t4": ["it"]}


def test_no_release_yet(client):
    assert client.get("/api/packs/").json() == {"api_version": 1, "kits": []}


def test_each_download_says_its_language_and_the_pack_every_language(client, django_assert_max_num_queries):
    from modules.models import ReleaseFile

    release = stored_release(manifest={"languages": ["en", "de"], "kit": {"languages": ["en"]}}, files=[
        (ReleaseFile.PACK, "itg-t1-1.0.0.zip", b"PK pack", "application/zip", None),
        (ReleaseFile.COMMON_CARTRIDGE, "itg-t1-1.0.0-cc11.imscc", b"PK cc", "application/zip", None),
        (ReleaseFile.COMMON_CARTRIDGE, "itg-t1-1.0.0-cc11-de.imscc", b"PK cc de", "application/zip", None),
        (ReleaseFile.CMI5, "itg-t1-1.0.0-cmi5-de.zip", b"PK cmi5 de", "application/zip", None),
    ])
    release.files.filter(filename__contains="-de.").update(language="de")
    downloads = {d["filename"]: (d["language"], d["languages"]) for d in client.get("/api/packs/").json()["kits"][0]["releases"][0]["downloads"]}
    assert downloads == {"itg-t1-1.0.0.zip": ("en", ["en", "de"]), "itg-t1-1.0.0-cc11.imscc": ("en", ["en"]),
                         "itg-t1-1.0.0-cc11-de.imscc": ("de", ["de"]), "itg-t1-1.0.0-cmi5-de.zip": ("de", ["de"])}
    # The catalogue's cards group the files under their language's name, in the reader's language.
    page = client.get("/de/packs/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    german = page[page.index("<h5>Deutsch</h5>"):]
    assert "itg-t1-1.0.0-cc11-de.imscc" in german[:german.index("</ul>")]
    english = page[page.index("<h5>Englisch</h5>"):]
    assert "itg-t1-1.0.0-cc11-de.imscc" not in english[:english.index("</ul>")]
    pack = page[page.index("itg-t1-1.0.0.zip ·"):]
    assert "Englisch, Deutsch" in pack[:pack.index("</p>")]
    # Languages per download cost no query per file or per release.
    for version in ("1.1.0", "1.2.0", "1.3.0"):
        stored_release(version=version)
    with django_assert_max_num_queries(3):
        client.get("/api/packs/")
