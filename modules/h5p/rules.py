"""H5P's own validator rules (H5PValidator::isValidPackage and getLibraryData in h5p-php-library's
h5p.classes.php), applied on top of pyh5p before anything is stored.

Order: the zip's central directory is judged first by the shared archive reader, without reading a
byte of data (files/archive.py: entry count, sizes, ratios, names, links, duplicates), then the H5P
extension rules; h5p.json and content.json pass the shared JSON loader (files/json.py: size, depth);
then pyh5p reads the archive (package.py), which also catches lying size headers through zipfile's
CRC check; then h5p.json, each library.json, the dependencies and finally content.json
(content_sanitize.py). Every refusal is an H5PError with a message a person understands, the
offending entry and a short rule id."""

import hashlib
import re
from pathlib import PurePosixPath

from ..files import json as safe_json
from ..files.archive import SafeZip
from ..files.errors import UnsafeJSON
from .content_sanitize import MAX_DEPTH as CONTENT_MAX_DEPTH
from .content_sanitize import check_media_paths, sanitize_content
from .package import Limits, check_package_size, h5p_error, read_archive
from .types import H5PError, LibraryRef, PackagedLibrary, ValidatedPackage

# The newest core API our player implements. h5p-standalone 3.8.x took its vendor files from
# h5p-php-library fb5100a5 (tunapanda/h5p-standalone#166), where H5PCore::$coreApi is 1.27.
SUPPORTED_CORE_API = (1, 27)

# H5PCore::$defaultContentWhitelist as of core 1.27 (svg and xml already gone from it), minus swf:
# Flash cannot play anywhere now and has no business in a new upload.
CONTENT_EXTENSIONS = frozenset(
    "json png jpg jpeg gif bmp tif tiff eot ttf woff woff2 otf webm mp4 ogg mp3 m4a wav txt pdf rtf doc docx "
    "xls xlsx ppt pptx odt ods odp csv diff patch md textile vtt webvtt gltf glb".split())
# Library folders: the content list plus H5PCore::$defaultLibraryWhitelistExtras (js css svg xml), json, fonts.
LIBRARY_EXTENSIONS = CONTENT_EXTENSIONS | {"js", "css", "svg", "xml", "json", "eot", "ttf", "woff", "woff2", "otf"}
ALL_EXTENSIONS = CONTENT_EXTENSIONS | LIBRARY_EXTENSIONS
# Server-side pages or pages a browser would run, refused in any part of any name ("x.php.png" too).
FORBIDDEN_EXTENSIONS = frozenset("php php3 php4 php5 php7 phar pht phtml html htm xhtml xht shtml".split())

# Patterns from H5PValidator ($h5pRequired / $libraryRequired); \w is ASCII there (no /u flag).
# \Z, not $: in Python (and PHP) $ also matches before a trailing newline.
MACHINE_NAME = re.compile(r"^[\w\-.]{1,255}\Z", re.ASCII)
LANGUAGE = re.compile(r"^[-a-zA-Z]{1,10}\Z")
MAIN_LIBRARY = re.compile(r"^[$a-z_][0-9a-z_.$]{1,254}\Z", re.IGNORECASE)
LANGUAGE_FILE = re.compile(r"^(-?[a-z]+){1,7}\.json\Z", re.IGNORECASE)
EMBED_TYPES = {"iframe", "div"}
DEPENDENCY_KEYS = ("preloadedDependencies", "dynamicDependencies", "editorDependencies")
PLAYBACK_KEYS = ("preloadedDependencies", "dynamicDependencies")  # editor libraries are not needed to play
H5P_JSON, CONTENT_JSON = "h5p.json", "content/content.json"


def validate_package(data: bytes, *, installed=frozenset(), require_dependencies=True) -> ValidatedPackage:
    """Check an uploaded .h5p and return what storage needs; raises H5PError on the first refusal.
    `installed`: (machine_name, major, minor) tuples (or LibraryRefs) the site already has.
    `require_dependencies=False` (the offline export) accepts a package whose libraries are neither
    in it nor installed: its `dependencies` then name libraries it does not carry."""
    limits = Limits.from_settings(ALL_EXTENSIONS)
    check_package_size(data, limits)
    kept, skipped, parsed = check_archive(data, limits)
    archive = read_archive(data, limits)
    files = {name: archive.files[name] for name in kept}

    metadata, content_json = parsed[H5P_JSON], parsed[CONTENT_JSON]
    for name, value in ((H5P_JSON, metadata), (CONTENT_JSON, content_json)):
        if not isinstance(value, dict):
            raise H5PError(f"{name} must hold a JSON object.", entry=name, rule="h5p-json" if name == H5P_JSON else "content-json")
    check_h5p_json(metadata)
    folders = {}
    for name, payload in files.items():
        if "/" in name and not name.startswith("content/"):
            folder, path = name.split("/", 1)
            folders.setdefault(folder, {})[path] = payload
    libraries, semantics, entries = {}, {}, {}
    for folder, library_files in sorted(folders.items()):
        packaged, semantics_list = check_library(folder, library_files)
        entry = f"{folder}/library.json"
        if packaged.ref in libraries:
            raise H5PError(f"The package holds library {packaged.ref} twice.", entry=entry, rule="duplicate-library")
        libraries[packaged.ref], semantics[packaged.ref], entries[packaged.ref] = packaged, semantics_list, entry

    if require_dependencies:
        available = set(libraries) | {_ref(item) for item in installed}
        check_dependencies(H5P_JSON, metadata, available)
        for ref, packaged in libraries.items():
            check_dependencies(entries[ref], packaged.metadata, available)
    main = main_library(metadata)
    content_files = {name.removeprefix("content/"): payload for name, payload in files.items()
                     if name.startswith("content/") and name != CONTENT_JSON}
    content = sanitize_content(content_json, main, semantics)
    check_media_paths(content, content_files)
    return ValidatedPackage(
        sha256=hashlib.sha256(data).hexdigest(), metadata=metadata, content=content, content_files=content_files,
        libraries=list(libraries.values()), dependencies=load_order(main, metadata, libraries), main=main, skipped=skipped,
    )


def check_archive(data, limits):
    """(kept names, skipped names, {h5p.json, content.json: parsed}): the central directory by the
    shared rules, the names by H5P's extension rules; only the two JSON files are decompressed."""
    with SafeZip(data, limits.archive(), convert=h5p_error) as archive:
        kept, skipped = [], []
        for name in archive.files:
            (kept if check_extension(name) else skipped).append(name)
        for required, rule in ((H5P_JSON, "h5p-json-missing"), (CONTENT_JSON, "content-json-missing")):
            if required not in kept:
                raise H5PError(f"The package has no {required}: it is not a complete H5P package.", entry=required, rule=rule)
        parsed = {name: _json(archive.read(name), name) for name in (H5P_JSON, CONTENT_JSON)}
    return kept, skipped, parsed


def check_extension(name):
    """True to keep the file, False to skip it (a segment starting with '.' or '_', as H5P skips).
    Skipped files never reach storage, but still may not be pages or server scripts."""
    base = name.rsplit("/", 1)[-1]
    parts = base.lower().split(".")
    if any(part in FORBIDDEN_EXTENSIONS for part in parts[1:]):
        raise H5PError("Web pages and server scripts (.php, .phtml, .html, .htm …) are not allowed anywhere in a package.",
                       entry=name, rule="forbidden-extension")
    extension = PurePosixPath(base).suffix.lower().removeprefix(".")  # as pyh5p sees it: ".DS_Store" has none
    if any(segment[:1] in (".", "_") for segment in name.split("/")):
        if extension and extension not in ALL_EXTENSIONS:  # pyh5p would refuse it anyway; say so clearly
            raise H5PError(f"Files of type .{extension} are not allowed, even in ignored folders.", entry=name, rule="extension")
        return False
    if not extension:
        raise H5PError("Files without an extension are not allowed.", entry=name, rule="no-extension")
    if "/" not in name:
        if name != H5P_JSON:
            raise H5PError("Unexpected file at the top of the package: only h5p.json, content/ and library folders belong there.",
                           entry=name, rule="unexpected-file")
    elif name.startswith("content/"):
        if extension == "svg":
            raise H5PError("SVG images are refused in content/: an SVG can carry script. Use PNG or JPEG instead.",
                           entry=name, rule="svg-in-content")
        if extension not in CONTENT_EXTENSIONS:
            raise H5PError(f"Files of type .{extension} are not allowed in content/. Allowed: {' '.join(sorted(CONTENT_EXTENSIONS))}.",
                           entry=name, rule="content-extension")
    elif extension not in LIBRARY_EXTENSIONS:
        raise H5PError(f"Files of type .{extension} are not allowed in a library folder. Allowed: {' '.join(sorted(LIBRARY_EXTENSIONS))}.",
                       entry=name, rule="library-extension")
    return True


def _require_titled(meta, required, refuse):
    """h5p.json and library.json alike: every required property, and a title of one line."""
    for key in required:
        if key not in meta:
            refuse(f"The required property '{key}' is missing.")
    if not _is_title(meta["title"]):
        refuse("The property 'title' must be text of 1 to 255 characters on one line.")


def check_h5p_json(meta):
    def refuse(message):
        raise H5PError(message, entry=H5P_JSON, rule="h5p-json")

    _require_titled(meta, ("title", "language", "mainLibrary", "preloadedDependencies", "embedTypes"), refuse)
    if not isinstance(meta["language"], str) or not LANGUAGE.match(meta["language"]):
        refuse("The property 'language' must be a language code such as 'en' or 'de-CH'.")
    if not isinstance(meta["mainLibrary"], str) or not MAIN_LIBRARY.match(meta["mainLibrary"]):
        refuse("The property 'mainLibrary' is not a valid library machine name.")
    if not isinstance(meta["embedTypes"], list) or not meta["embedTypes"] or not set(meta["embedTypes"]) <= EMBED_TYPES:
        refuse("The property 'embedTypes' must list 'iframe' and/or 'div'.")
    _dependencies(meta, H5P_JSON, "h5p-json")
    for key in ("contentType", "author", "license", "licenseVersion", "licenseExtras", "authorComments", "source",
                "defaultLanguage", "a11yTitle", "extraTitle", "metaKeywords", "metaDescription"):
        if key in meta and not isinstance(meta[key], str):
            refuse(f"The property '{key}' must be text.")
    if meta.get("source") and not re.match(r"^https?://", meta["source"], re.IGNORECASE):
        refuse("The property 'source' must be an http(s) address.")
    for key in ("yearsFrom", "yearsTo", "w", "h"):
        if meta.get(key) not in (None, "") and not _is_number(meta[key], allow_text=True):
            refuse(f"The property '{key}' must be a number.")
    for key, fields in (("authors", ("name", "role")), ("changes", ("date", "author", "log"))):
        items = meta.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) and all(isinstance(i.get(f, ""), str) for f in fields)
                                                  for i in items):
            refuse(f"The property '{key}' must be a list of objects with text fields {', '.join(fields)}.")


def check_library(folder, files):
    """(PackagedLibrary, parsed semantics.json or None) for one library folder of the package."""
    entry = f"{folder}/library.json"
    if not MACHINE_NAME.match(folder):
        raise H5PError("Invalid library folder name.", entry=folder, rule="library-folder")
    if "library.json" not in files:
        raise H5PError("This library folder has no library.json.", entry=entry, rule="library-json-missing")
    meta = _json(files["library.json"], entry)

    def refuse(message, rule="library-json"):
        raise H5PError(message, entry=entry, rule=rule)

    if not isinstance(meta, dict):
        refuse("library.json must hold a JSON object.")
    _require_titled(meta, ("title", "machineName", "majorVersion", "minorVersion", "patchVersion", "runnable"), refuse)
    if not isinstance(meta["machineName"], str) or not MACHINE_NAME.match(meta["machineName"]):
        refuse("The property 'machineName' may only use letters, digits, '_', '-' and '.' (1 to 255 of them).", rule="machine-name")
    for key in ("majorVersion", "minorVersion", "patchVersion"):
        if not _is_number(meta[key]):
            refuse(f"The property '{key}' must be a whole number from 0 to 99999.")
    if meta["runnable"] not in (0, 1):  # also True/False, which equal 1/0
        refuse("The property 'runnable' must be 0 or 1.")
    ref = LibraryRef(meta["machineName"], meta["majorVersion"], meta["minorVersion"])
    if folder not in (ref.machine_name, ref.folder):
        refuse(f"The folder name must be '{ref.folder}' (or '{ref.machine_name}') to match library.json.", rule="folder-name")
    core = meta.get("coreApi")
    if core:
        if not isinstance(core, dict) or not all(_is_number(core.get(k), allow_text=True) for k in ("majorVersion", "minorVersion")):
            refuse("The property 'coreApi' must hold whole-number majorVersion and minorVersion.")
        if (int(core["majorVersion"]), int(core["minorVersion"])) > SUPPORTED_CORE_API:
            refuse(f"{meta['title']} needs H5P core API {core['majorVersion']}.{core['minorVersion']}; this site's player supports "
                   f"up to {SUPPORTED_CORE_API[0]}.{SUPPORTED_CORE_API[1]}.", rule="core-api")
    _dependencies(meta, entry, "library-json")
    if "embedTypes" in meta and (not isinstance(meta["embedTypes"], list) or not set(meta["embedTypes"]) <= EMBED_TYPES):
        refuse("The property 'embedTypes' must list 'iframe' and/or 'div'.")
    for key in ("preloadedJs", "preloadedCss"):
        listed = meta.get(key, [])
        if not isinstance(listed, list) or not all(isinstance(i, dict) and isinstance(i.get("path"), str) for i in listed):
            refuse(f"The property '{key}' must be a list of {{\"path\": …}} objects.")
        for item in listed:
            path = item["path"].replace("\\", "/").lstrip("/")
            if path not in files:
                raise H5PError(f"library.json lists {key} '{item['path']}', which is not in the library folder.",
                               entry=f"{folder}/{path}", rule="preloaded-file-missing")
    semantics = _json(files["semantics.json"], f"{folder}/semantics.json") if "semantics.json" in files else None
    if semantics is not None and not isinstance(semantics, list):
        raise H5PError("semantics.json must hold a JSON list of fields.", entry=f"{folder}/semantics.json", rule="semantics")
    for path, payload in files.items():
        if path.startswith("language/") and path.count("/") == 1:
            if not LANGUAGE_FILE.match(path.removeprefix("language/")):
                raise H5PError("Invalid language file name.", entry=f"{folder}/{path}", rule="language-file")
            _json(payload, f"{folder}/{path}")
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(f"{path}\0{hashlib.sha256(files[path]).hexdigest()}\n".encode())
    return PackagedLibrary(ref=ref, patch=meta["patchVersion"], metadata=meta, files=files, content_hash=digest.hexdigest()), semantics


def check_dependencies(entry, meta, available):
    for key in DEPENDENCY_KEYS:
        for ref in _refs(meta, key):
            if ref not in available:
                raise H5PError(f"The package needs library {ref} ({key} of {entry}), which is neither in the package nor installed.",
                               entry=entry, rule="missing-dependency")


def main_library(meta):
    for ref in _refs(meta, "preloadedDependencies"):
        if ref.machine_name == meta["mainLibrary"]:
            return ref
    raise H5PError(f"The main library {meta['mainLibrary']} is not among h5p.json's preloadedDependencies.", entry=H5P_JSON,
                   rule="main-library")


def load_order(main, meta, libraries):
    """Every library needed to play: the main library's preloaded and dynamic dependencies and those
    h5p.json preloads (sub-content types), transitively; dependencies first, the main library last.
    Iterative depth-first post-order, so deep or circular dependency graphs cannot recurse."""
    def children(ref):
        return [r for key in PLAYBACK_KEYS for r in _refs(libraries[ref].metadata, key)] if ref in libraries else []

    order, seen = [], set()
    for root in [main] + [r for key in PLAYBACK_KEYS for r in _refs(meta, key)]:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(children(root)))]
        while stack:
            ref, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                order.append(ref)
            elif child not in seen:
                seen.add(child)
                stack.append((child, iter(children(child))))
    return [ref for ref in order if ref != main] + [main]


def _dependencies(meta, entry, rule):
    for key in (k for k in DEPENDENCY_KEYS if k in meta):
        if not isinstance(meta[key], list) or not all(
                isinstance(i, dict) and isinstance(i.get("machineName"), str) and MACHINE_NAME.match(i["machineName"])
                and _is_number(i.get("majorVersion"), allow_text=True) and _is_number(i.get("minorVersion"), allow_text=True)
                for i in meta[key]):
            raise H5PError(f"The property '{key}' must be a list of {{machineName, majorVersion, minorVersion}} objects.",
                           entry=entry, rule=rule)


def _refs(meta, key):
    items = meta.get(key) or []
    return [LibraryRef(i["machineName"], int(i["majorVersion"]), int(i["minorVersion"])) for i in items]


def _ref(item):
    return item if isinstance(item, LibraryRef) else LibraryRef(item[0], int(item[1]), int(item[2]))


def _is_title(value):
    return isinstance(value, str) and 1 <= len(value) <= 255 and "\n" not in value


def _is_number(value, allow_text=False):
    """A whole number 0..99999 (H5P's /^[0-9]{1,5}$/); digit strings only where H5P exports may have them."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 <= value <= 99999
    return allow_text and isinstance(value, str) and re.fullmatch(r"[0-9]{1,5}", value) is not None


def _json(payload, entry):
    # The content walk's own depth limit (content_sanitize.py): content it accepts is never refused here.
    try:
        return safe_json.loads(payload, entry=entry, max_depth=CONTENT_MAX_DEPTH)
    except UnsafeJSON as error:
        rule = "content-too-deep" if entry == CONTENT_JSON and error.rule == "json-too-deep" else error.rule
        raise H5PError(error.message, entry=entry, rule=rule) from error
