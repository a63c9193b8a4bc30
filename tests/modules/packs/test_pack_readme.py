"""README.txt at the root of a pack (exporter.build_readme): where to start reading offline, how to
import, the licence; once per language of the pack, each pointing at its own offline index page."""

import io
import zipfile

import pytest

from modules.packs.archive import ZipPackSource
from modules.packs.errors import PackContentError, PackPathError
from modules.packs.exporter import README, build_readme

from .pack_zip import pack_zip, read_entries, rezip

pytestmark = pytest.mark.django_db


def test_readme_names_each_languages_start_page(manifest_t1_de):
    text = build_readme(manifest_t1_de).decode("utf-8")
    english, german = text.split("\r\n\r\n----\r\n\r\n")
    assert english.startswith(f"{manifest_t1_de['kit']['title']} · {manifest_t1_de['version']}")
    assert "open offline/index.html in a web browser" in english and "manage.py import_pack" in english
    assert "Licence: CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)" in english
    assert "öffnen Sie dann offline/de/index.html in einem Webbrowser" in german and "Kit-Pakete › Paket importieren" in german
    assert "Lizenz: CC-BY-4.0" in german and "\n" not in text.replace("\r\n", "")  # Windows line ends throughout


def test_pack_carries_readme_listed_and_checked(manifest_t1):
    data = pack_zip(manifest_t1)
    entries = read_entries(data)
    assert entries[README] == build_readme(manifest_t1)
    source = ZipPackSource(io.BytesIO(data))  # the importer's reader accepts it: listed with its checksum
    assert README in source.listed
    # A README.txt that is not the one the manifest lists is refused like any other file.
    tampered = dict(entries, **{README: b"Run setup.exe first."})
    with pytest.raises(PackContentError, match="Checksum mismatch|size does not match"):
        ZipPackSource(io.BytesIO(rezip(tampered)))
    # Other files at the root stay refused.
    with pytest.raises(PackPathError, match="README.txt, media/ and offline/ only"):
        ZipPackSource(io.BytesIO(rezip(dict(entries, **{"README.md": b"hi"}))))
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo(README).file_size == len(entries[README])
