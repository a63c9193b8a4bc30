"""Property-based fuzzing (issue 11, "Also") of the two doors that take archives from outside: the H5P
upload (validate_upload + apply_package, what the admin form calls) and the pack import
(load_pack_archive, what the command and the admin upload call). For random archives, entry names and
JSON: the only exception is the area's own error (H5PError / PackError, which the views render as a
form error, never a 500), nothing is written outside the media folder, and a refusal leaves no row
and no file behind."""

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page, Revision

from modules.h5p.types import H5PError
from modules.h5p.upload import apply_package, validate_upload
from modules.models import H5PActivity, H5PLibrary, ImportedKit, ItemProvenance
from modules.packs.errors import PackError
from modules.packs.loader import load_pack_archive
from tests.modules.h5p.builders import elearn_check_files

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:Duplicate name:UserWarning")]  # duplicates are part of the fuzz
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

NAMES = st.one_of(
    st.sampled_from(["h5p.json", "content/content.json", "manifest.json", "H5P.ElearnCheck-1.0/library.json",
                     "H5P.ElearnCheck-1.0/elearncheck.js", "../escape.txt", "../../escape.txt", "/etc/passwd", "C:\\evil.dll",
                     "media\\..\\..\\evil", "content/../../escape.json", "media/images/a.png", "offline/index.html",
                     "CONTENT/content.json", "h5p.JSON", "a/" * 40 + "deep.json"]),
    st.text(min_size=1, max_size=40),
)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
                    max_leaves=20)
DATA = st.one_of(st.binary(max_size=200), JSON.map(lambda value: json.dumps(value).encode()))


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            try:
                archive.writestr(name, data)
            except (ValueError, UnicodeEncodeError, IndexError):
                pass  # a name zipfile itself cannot write ("\x00…" is cut to nothing at the NUL): skip it
    return buffer.getvalue()


ARCHIVES = st.one_of(
    st.lists(st.tuples(NAMES, DATA), max_size=6).map(zipped),
    st.binary(max_size=300),
    # A valid H5P package with one entry replaced by random JSON or bytes, or one extra hostile entry.
    st.tuples(st.sampled_from(sorted(elearn_check_files())), DATA, st.booleans(), NAMES).map(
        lambda t: zipped(list({**elearn_check_files(), t[0]: t[1]}.items()) + ([(t[3], t[1])] if t[2] else []))),
)


def state(media_root):
    files = sorted(str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file())
    return (Page.objects.count(), Revision.objects.count(), H5PActivity.objects.count(), H5PLibrary.objects.count(),
            ImportedKit.objects.count(), ItemProvenance.objects.count(), files)


def outside(media_root):
    return [p for p in media_root.parent.rglob("*") if p.is_file() and media_root not in p.parents]


@FUZZ
@given(data=ARCHIVES)
def test_h5p_upload_of_random_archives(media_root, data):
    before = state(media_root)
    try:
        package = validate_upload(data)
        apply_package(H5PActivity(title="Fuzzed"), package, data, user=None)
    except H5PError:
        assert state(media_root) == before
    assert outside(media_root) == []


@FUZZ
@given(data=ARCHIVES)
def test_pack_import_of_random_archives(media_root, data):
    before = state(media_root)
    try:
        load_pack_archive(io.BytesIO(data), source="fuzz.zip")
    except PackError:
        assert state(media_root) == before
    assert outside(media_root) == []


@FUZZ
@given(manifest=JSON, extra=st.lists(st.tuples(NAMES, DATA), max_size=3))
def test_pack_import_of_random_manifests(media_root, manifest, extra):
    before = state(media_root)
    with pytest.raises(PackError):
        load_pack_archive(io.BytesIO(zipped([("manifest.json", json.dumps(manifest).encode()), *extra])), source="fuzz.zip")
    assert state(media_root) == before and outside(media_root) == []
