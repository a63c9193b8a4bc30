"""Write the hostile H5P corpus next to this script: each file is the valid ElearnCheck package from
tests/modules/h5p/builders.py broken in exactly one way. refused.json, beside it, lists the rule and entry each
one must be refused with; tests/modules/h5p/test_validation.py checks them, and that the committed files are what
this script writes.

Run from anywhere:  .venv/bin/python tests/files/h5p/make_corpus.py
Output is deterministic (fixed timestamps), and every file stays a few KB, the zip bomb included."""

import io
import json
import stat
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # the repository root, for tests.modules.h5p.builders

from tests.modules.h5p.builders import check_content, elearn_check_files, h5p_json, library_json  # noqa: E402

LIB = "H5P.ElearnCheck-1.0"
WHEN = (2024, 1, 1, 0, 0, 0)
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\r"
       b"IDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
EVIL_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>fetch("/admin/")</script></svg>'


def entry(name, mode=0o644):
    info = zipfile.ZipInfo(name, date_time=WHEN)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (stat.S_IFREG | mode) << 16
    return info


def zipped(files, extra=()):
    """{name: bytes} plus raw (ZipInfo, bytes) pairs, with fixed timestamps."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(entry(name), data)
        for info, data in extra:
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def good(**kwargs):
    return elearn_check_files(**kwargs)


def with_extra(*names, data=b"x"):
    return zipped(good(), [(entry(name), data) for name in names])


def symlink():
    link = entry("content/images/link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    return zipped(good(), [(link, b"/etc/passwd")])


def lying_size():
    data = bytearray(zipped({**good(), "content/images/dot.png": PNG}))
    name = b"content/images/dot.png"
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[central + 24:central + 28] = (len(PNG) - 10).to_bytes(4, "little")  # uncompressed size in the central directory
    return bytes(data)


def nul_in_name():
    data = zipped({**good(), "content/images/a.png": PNG})
    return data.replace(b"content/images/a.png", b"content/images/\x00.png")


def without(name):
    files = good()
    del files[name]
    return zipped(files)


def replaced(name, data):
    return zipped({**good(), name: data})


def library_with(**overrides):
    return replaced(f"{LIB}/library.json", json.dumps(library_json(**overrides)).encode())


def renamed_folder():
    files = {name.replace(LIB, "H5P.ElearnCheck-2.0"): data for name, data in good().items()}
    return zipped(files)


def build():
    joubel = [{"machineName": "H5P.JoubelUI", "majorVersion": 1, "minorVersion": 3}]
    main_dep = [{"machineName": "H5P.ElearnCheck", "majorVersion": 1, "minorVersion": 0}]
    return {
        "traversal-dotdot.h5p": with_extra("../evil.js"),
        "traversal-backslash.h5p": with_extra("..\\evil.js"),
        "traversal-nested.h5p": with_extra("content/../../evil.png"),
        "traversal-encoded.h5p": with_extra("content/%2e%2e/%2e%2e/evil.png"),
        "traversal-fullwidth.h5p": with_extra("content/\uff0e\uff0e/evil.png"),
        "absolute-path.h5p": with_extra("/etc/evil.js"),
        "drive-path.h5p": with_extra("C:\\Windows\\evil.js"),
        "symlink.h5p": symlink(),
        "zip-bomb.h5p": with_extra("content/zeros.txt", data=b"\0" * 5_000_000),
        "lying-size.h5p": lying_size(),
        "many-entries.h5p": zipped(good(), [(entry(f"content/images/n{i}.png"), PNG) for i in range(40)]),
        "php.h5p": with_extra("content/shell.php", data=b"<?php system($_GET['c']);"),
        "phtml.h5p": with_extra(f"{LIB}/shell.phtml", data=b"<?php system($_GET['c']);"),
        "html.h5p": with_extra("content/page.html", data=b"<script>alert(1)</script>"),
        "htm.h5p": with_extra(f"{LIB}/page.htm", data=b"<script>alert(1)</script>"),
        "double-extension.h5p": with_extra("content/images/x.php.png", data=b"<?php"),
        "no-extension.h5p": with_extra("content/images/README"),
        "case-duplicate.h5p": zipped({**good(), "content/images/dot.png": PNG, "content/images/DOT.PNG": PNG}),
        "nul-in-name.h5p": nul_in_name(),
        "missing-h5p-json.h5p": without("h5p.json"),
        "missing-content-json.h5p": without("content/content.json"),
        "missing-dependency.h5p": zipped(good(meta=h5p_json(preloadedDependencies=main_dep + joubel))),
        "missing-library-dependency.h5p": library_with(preloadedDependencies=joubel),
        "core-api-too-new.h5p": library_with(coreApi={"majorVersion": 1, "minorVersion": 99}),
        "malformed-h5p-json.h5p": replaced("h5p.json", b'{"title": "broken", '),
        "malformed-library-json.h5p": replaced(f"{LIB}/library.json", b'{"machineName": "H5P.ElearnCheck",,}'),
        "svg-script-in-content.h5p": with_extra("content/images/evil.svg", data=EVIL_SVG),
        "bad-machine-name.h5p": library_with(machine_name="H5P.Elearn<Check>"),
        "folder-name-mismatch.h5p": renamed_folder(),
        "preloaded-js-missing.h5p": library_with(preloadedJs=[{"path": "missing.js"}]),
        "content-path-traversal.h5p": zipped(good(content=check_content(image={"path": "../../h5p.json", "mime": "image/png"}))),
    }


def main():
    for old in HERE.glob("*.h5p"):
        old.unlink()
    for name, data in build().items():
        (HERE / name).write_bytes(data)
        print(f"{name:32} {len(data):6} bytes")


if __name__ == "__main__":
    main()
