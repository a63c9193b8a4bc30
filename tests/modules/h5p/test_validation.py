"""The gate for uploaded .h5p files (modules/h5p/rules.py, package.py, content_sanitize.py).

Hostile packages live in tests/files/h5p/ (written by make_corpus.py there): each must be refused
with its rule and the offending entry, as refused.json there lists them. Good packages, shaped like editor exports, must pass, with
their content.json cleaned rather than refused. No database is needed: validation stores nothing."""

import hashlib
import importlib.util
import io
import json
import zipfile
from pathlib import Path

import pytest

from modules.h5p.content_sanitize import sanitize_content
from modules.h5p.package import Limits, read_archive
from modules.h5p.rules import ALL_EXTENSIONS, SUPPORTED_CORE_API, validate_package
from modules.h5p.types import H5PError, LibraryRef

from .builders import CHECK_SEMANTICS, MAIN_DEP, helper_library, check_content, elearn_check, elearn_check_files, h5p_json, library_json, zip_files

CORPUS = Path(__file__).resolve().parents[2] / "files" / "h5p"
LIB = "H5P.ElearnCheck-1.0"
CHECK = LibraryRef("H5P.ElearnCheck", 1, 0)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\r"
       b"IDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
JOUBEL = {"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}
# Each file of the corpus but many-entries.h5p, with the rule and the entry it must be refused for.
REFUSED = json.loads((CORPUS / "refused.json").read_text(encoding="utf-8"))


def refused(data, rule, entry=None, **kwargs):
    with pytest.raises(H5PError) as caught:
        validate_package(data, **kwargs)
    error = caught.value
    assert (error.rule, error.entry if entry is not None else None) == (rule, entry), (error.rule, error.entry, error.message)
    assert len(error.message) > 20 and error.message.endswith((".", ")")), error.message  # a sentence for a person, not a code
    return error


def package(files=None, extra=()):
    return zip_files(files if files is not None else elearn_check_files(), extra)


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_corpus_is_refused(name):
    refused((CORPUS / name).read_bytes(), REFUSED[name]["rule"], REFUSED[name]["entry"])


def test_corpus_is_what_make_corpus_writes_and_stays_small():
    spec = importlib.util.spec_from_file_location("make_corpus", CORPUS / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build()
    assert set(built) == {p.name for p in CORPUS.glob("*.h5p")} == set(REFUSED) | {"many-entries.h5p"}
    for name, data in built.items():
        assert (CORPUS / name).read_bytes() == data, f"{name} is stale: run tests/files/h5p/make_corpus.py"
        assert len(data) < 16_000, name


def test_too_many_entries(settings):
    settings.H5P_MAX_FILES = 20
    refused((CORPUS / "many-entries.h5p").read_bytes(), "too-many-entries")


def test_too_many_entries_at_the_default_limit():
    assert validate_package((CORPUS / "many-entries.h5p").read_bytes()).content  # 46 entries are fine
    extra = [(zipfile.ZipInfo(f"content/n{i}.txt"), b"") for i in range(3000)]
    refused(package(extra=extra), "too-many-entries")


@pytest.mark.parametrize("setting, value, rule", [
    ("H5P_MAX_PACKAGE_BYTES", 1000, "package-size"),
    ("H5P_MAX_FILE_BYTES", 8000, "file-size"),  # the package's own files stay below these two
    ("H5P_MAX_UNPACKED_BYTES", 12_000, "unpacked-size"),
])
def test_size_limits_come_from_settings(settings, setting, value, rule):
    setattr(settings, setting, value)
    refused(package(extra=[(zipfile.ZipInfo("content/notes.txt"), bytes(range(256)) * 40)]), rule,
            None if rule == "package-size" else "content/notes.txt")


@pytest.mark.parametrize("name, rule", [
    ("content/../x.png", "path-traversal"), ("content/%252e%252e/x.png", "path-traversal"), ("content/\u2025/x.png", "path-traversal"),
    ("\\\\server\\share\\x.js", "absolute-path"), ("C:x.js", "absolute-path"), ("content/a:b.png", "unsafe-path"),
    ("content//x.png", "unsafe-path"), ("content/./x.png", "unsafe-path"), ("content/x\r.png", "control-character"),
    ("readme.txt", "unexpected-file"), ("content/x.exe", "content-extension"), (f"{LIB}/x.exe", "library-extension"),
    ("content/a.xml", "content-extension"), ("__MACOSX/._x.php", "forbidden-extension"), ("_build/x.exe", "extension"),
])
def test_more_refused_names(name, rule):
    refused(package(extra=[(zipfile.ZipInfo(name), b"x")]), rule, repr(name) if rule == "control-character" else name)


def test_unicode_variant_duplicate():
    decomposed, composed = "content/e\u0301.png", "content/\u00e9.png"  # the same name once NFC-normalised
    refused(package(extra=[(zipfile.ZipInfo(decomposed), PNG), (zipfile.ZipInfo(composed), PNG)]), "duplicate", composed)


def test_deeply_nested_content_is_refused_not_crashing():
    files = elearn_check_files()
    files["content/content.json"] = ('{"extra": ' + "[" * 500 + "]" * 500 + "}").encode()
    refused(package(files), "content-too-deep", "content/content.json")


def test_not_a_zip():
    refused(b"PK\x03\x04 this is not really a zip", "archive")
    refused(elearn_check()[:400], "archive")


def test_pyh5p_refusals_come_back_as_our_errors():
    """package.py alone (the second line behind rules.py) still names the entry and the rule."""
    limits = Limits(10**6, 100, 10**7, 10**6, 100, ALL_EXTENSIONS)
    with pytest.raises(H5PError) as caught:
        read_archive(package(extra=[(zipfile.ZipInfo("content/x.exe"), b"x")]), limits)
    assert (caught.value.rule, caught.value.entry) == ("extension", "content/x.exe")
    with pytest.raises(H5PError) as caught:
        read_archive((CORPUS / "lying-size.h5p").read_bytes(), limits)
    assert (caught.value.rule, caught.value.entry) == ("corrupt-entry", "content/images/dot.png")
    assert read_archive(elearn_check(), limits).metadata["mainLibrary"] == "H5P.ElearnCheck"


def test_valid_package_is_accepted_with_script_removed_and_strong_kept():
    question = ('<p>Which helix does the <strong>quadruple</strong> helix add?</p>'
                '<script>fetch("/admin/")</script><img src=x onerror="alert(1)">')
    answers = [{"text": "<b>Civil</b> society<script>x()</script>", "correct": True}, {"text": "Venture capital", "correct": False}]
    data = elearn_check(content=check_content(question=question, answers=answers, extra={"note": "<i onclick=x()>hi</i>"}))
    result = validate_package(data)
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.content["question"] == "<p>Which helix does the <strong>quadruple</strong> helix add?</p>"
    assert result.content["answers"][0]["text"] == "Civil society"  # plain-text field: every tag stripped
    assert result.content["answers"][0]["correct"] is True and result.content["checkLabel"] == "Check"
    assert result.content["extra"] == {"note": "hi"}  # unknown to the semantics: kept, tags stripped
    assert "script" not in json.dumps(result.content) and "onerror" not in json.dumps(result.content)
    assert result.metadata["title"].startswith("Which helix")
    assert result.main == CHECK and result.dependencies == [CHECK] and result.content_files == {}
    [library] = result.libraries
    assert library.ref == CHECK and library.patch == 0 and library.metadata["runnable"] == 1
    assert set(library.files) == {"library.json", "semantics.json", "elearncheck.js", "elearncheck.css"}


def test_library_hash_follows_library_files_only():
    def library_hash(data):
        return validate_package(data).libraries[0].content_hash

    base = library_hash(elearn_check())
    assert base == library_hash(elearn_check(content=check_content(checkLabel="Prüfen")))
    assert base != library_hash(elearn_check(script="var H5P = H5P || {};\n"))


def media_package(content, files=()):
    semantics = CHECK_SEMANTICS + [{"name": "video", "type": "video", "optional": True},
                                   {"name": "image", "type": "image", "optional": True}]
    package_files = elearn_check_files(content=content)
    package_files[f"{LIB}/semantics.json"] = json.dumps(semantics).encode()
    package_files.update(files)
    return package(package_files)


def test_external_youtube_path_stays_and_local_media_is_checked():
    video = [{"path": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "mime": "video/YouTube", "copyright": {"license": "U"}}]
    content = check_content(video=video, image={"path": "images/dot.png", "mime": "image/png", "width": 1, "height": 1})
    result = validate_package(media_package(content, {"content/images/dot.png": PNG}))
    assert result.content["video"] == video and result.content["image"]["path"] == "images/dot.png"
    assert result.content_files == {"images/dot.png": PNG}
    error = refused(media_package(content), "content-path", "content/content.json")
    assert "images/dot.png" in error.message
    for bad in ("javascript:alert(1)", "/etc/passwd", "images/%2e%2e/x.png", "file:///etc/passwd"):
        refused(media_package(check_content(image={"path": bad}), {"content/images/dot.png": PNG}), "content-path", "content/content.json")


def test_single_field_group_is_flattened_like_h5p_does():
    semantics = CHECK_SEMANTICS + [{"name": "intro", "type": "group", "label": "Intro", "fields": [
        {"name": "text", "type": "text", "widget": "html", "tags": ["strong", "em"]}]}]
    files = elearn_check_files(content=check_content(intro='<p><strong>Start</strong> here</p><script>x()</script>'))
    files[f"{LIB}/semantics.json"] = json.dumps(semantics).encode()
    # Unflattened, the string would be treated as an unknown value and lose its <strong>.
    assert validate_package(package(files)).content["intro"] == "<p><strong>Start</strong> here</p>"


def test_dependency_installed_on_the_site_is_enough():
    files = elearn_check_files(meta=h5p_json(preloadedDependencies=[MAIN_DEP, JOUBEL]),
                               library=library_json(preloadedDependencies=[JOUBEL]))
    refused(package(files), "missing-dependency", "h5p.json")
    result = validate_package(package(files), installed=frozenset({("H5P.JoubelUI", 1, 3)}))
    assert result.dependencies == [LibraryRef("H5P.JoubelUI", 1, 3), CHECK]
    assert [lib.ref for lib in result.libraries] == [CHECK]
    refused(package(files), "missing-dependency", "h5p.json", installed=frozenset({("H5P.JoubelUI", 1, 2)}))


def test_dependencies_are_transitive_in_load_order():
    editor = {"machineName": "H5PEditor.Check", "majorVersion": 1, "minorVersion": 0}
    helper = {"machineName": "H5P.Helper", "majorVersion": 1, "minorVersion": 0}
    files = elearn_check_files(library=library_json(preloadedDependencies=[helper], editorDependencies=[editor]))
    files.update(helper_library("H5P.Helper", ["H5P.Base"]))
    files.update(helper_library("H5P.Base", ["H5P.Helper"]))  # a cycle must not loop forever
    files.update(helper_library("H5PEditor.Check"))
    result = validate_package(package(files))
    names = [ref.machine_name for ref in result.dependencies]
    assert names == ["H5P.Base", "H5P.Helper", "H5P.ElearnCheck"]  # the editor library is not needed to play
    assert len(result.libraries) == 4


def test_core_api_at_the_supported_version_is_accepted():
    major, minor = SUPPORTED_CORE_API
    assert validate_package(elearn_check(library=library_json(coreApi={"majorVersion": major, "minorVersion": minor}))).main == CHECK
    refused(elearn_check(library=library_json(coreApi={"majorVersion": major + 1, "minorVersion": 0})), "core-api", f"{LIB}/library.json")


def test_dot_and_underscore_segments_are_skipped_not_refused():
    skipped = ["__MACOSX/H5P.ElearnCheck-1.0/._elearncheck.js", f"{LIB}/.DS_Store", "content/_notes/old.txt", ".editorconfig"]
    result = validate_package(package(extra=[(zipfile.ZipInfo(name), b"\0\x05Mac junk") for name in skipped]))
    assert sorted(result.skipped) == sorted(skipped)
    assert ".DS_Store" not in result.libraries[0].files and result.content_files == {}


@pytest.mark.parametrize("change, rule", [
    ({"language": "english, please"}, "h5p-json"), ({"embedTypes": ["object"]}, "h5p-json"), ({"title": ""}, "h5p-json"),
    ({"mainLibrary": "H5P.Other"}, "main-library"), ({"language": "en\n"}, "h5p-json"),  # $ would match before the newline
    ({"source": "javascript:alert(1)"}, "h5p-json"), ({"authors": "me"}, "h5p-json"),
])
def test_h5p_json_fields(change, rule):
    refused(elearn_check(meta=h5p_json(**change)), rule, "h5p.json")


@pytest.mark.parametrize("change, rule", [
    ({"majorVersion": "1"}, "library-json"), ({"runnable": 2}, "library-json"), ({"title": None}, "library-json"),
    ({"preloadedCss": "elearncheck.css"}, "library-json"), ({"coreApi": {"majorVersion": "x"}}, "library-json"),
    ({"machineName": "H5P.ElearnCheck\n"}, "machine-name"), ({"machineName": "H5P/ElearnCheck"}, "machine-name"),
])
def test_library_json_fields(change, rule):
    refused(elearn_check(library=library_json(**change)), rule, f"{LIB}/library.json")


def test_sub_content_is_cleaned_with_its_own_library_semantics():
    book, column = LibraryRef("H5P.Book", 1, 0), LibraryRef("H5P.Column", 1, 2)
    semantics = {
        book: [{"name": "chapters", "type": "list", "field": {"name": "chapter", "type": "group", "fields": [
            {"name": "chapter", "type": "library", "options": ["H5P.Column 1.2"]}]}}],
        column: [{"name": "text", "type": "text", "widget": "html", "tags": ["em"]}],
    }
    chapter = {"library": "H5P.Column 1.2", "subContentId": "c1", "metadata": {"title": "<b>One</b>"},
               "params": {"text": '<em>a</em><strong>b</strong><img src=x onerror="alert(1)">'}}
    cleaned = sanitize_content({"chapters": [chapter]}, book, semantics)
    assert cleaned == {"chapters": [{"library": "H5P.Column 1.2", "subContentId": "c1", "metadata": {"title": "One"},
                                     "params": {"text": "<em>a</em>b"}}]}


def test_library_without_semantics_gets_the_conservative_inline_list():
    main = LibraryRef("H5P.NoSemantics", 1, 0)
    cleaned = sanitize_content({"a": ["<strong>ok</strong><p>para</p><script>x()</script>"], "n": 3, "b": "x > 1"}, main, {main: None})
    assert cleaned == {"a": ["<strong>ok</strong>\npara"], "n": 3, "b": "x > 1"}  # bleach leaves a newline for the <p>
    content = check_content(question="<h2>Title</h2><em>ok</em>")
    files = elearn_check_files(content=content)
    del files[f"{LIB}/semantics.json"]
    assert validate_package(package(files)).content["question"] == "Title<em>ok</em>"


def test_duplicate_library_and_unexpected_top_level_folder():
    files = elearn_check_files()
    files.update({name.replace(LIB, "H5P.ElearnCheck"): data for name, data in files.items() if name.startswith(LIB)})
    refused(package(files), "duplicate-library", f"{LIB}/library.json")
    refused(package(extra=[(zipfile.ZipInfo("stray/notes.txt"), b"x")]), "library-json-missing", "stray/library.json")


def test_encrypted_entry_is_refused():
    data = bytearray(package(extra=[(zipfile.ZipInfo("content/secret.txt"), b"x")]))
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"content/secret.txt"))
    data[central + 8] |= 0x1  # general purpose flag: encrypted
    refused(bytes(data), "encrypted", "content/secret.txt")


def test_valid_zip_written_by_another_tool_reads_the_same():
    # Directory entries, as Windows and macOS zippers write them, are fine.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder in ("content/", f"{LIB}/"):
            archive.writestr(zipfile.ZipInfo(folder), b"")
        for name, data in elearn_check_files().items():
            archive.writestr(name, data)
    assert validate_package(buffer.getvalue()).main == CHECK
