"""H5P in the offline copy: each .h5p named by an H5P block is unpacked under offline/h5p/ (content
per activity, libraries shared) and h5p-standalone is copied beside it. The player reads its JSON with
fetch(), which browsers refuse for file:// URLs, so lesson pages carry those JSON files in a data
block and assets/h5p-offline.js answers the player's fetch() calls from it."""

import io
import json
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

from .errors import PackContentError

H5P_JS = "offline/assets/h5p-offline.js"
H5P_CONTENT = "offline/h5p/content"        # + /<activity key>/h5p.json, /content/content.json, /content/…
H5P_LIBRARIES = "offline/h5p/libraries"    # + /<Machine.Name-major.minor>/…, shared by all activities
H5P_PLAYER = "offline/h5p/player"          # h5p-standalone's dist
# The parts of h5p-standalone's dist the player needs (typings are left out), found through the
# staticfiles finders under the "h5p-standalone" prefix (settings.STATICFILES_DIRS).
H5P_PLAYER_FILES = ("main.bundle.js", "main.bundle.js.LICENSE.txt", "frame.bundle.js")
H5P_PLAYER_FOLDERS = ("styles", "fonts", "images")
# Reading limits for a .h5p taken from the pack's media: the upload limits of settings.H5P_MAX_*
# (defaults here if unset). The package passed H5P validation when it was uploaded; the limits only
# keep a damaged or swapped file from exhausting memory.
H5P_LIMIT_DEFAULTS = {"H5P_MAX_PACKAGE_BYTES": 100 * 1024**2, "H5P_MAX_FILES": 3000, "H5P_MAX_UNPACKED_BYTES": 300 * 1024**2}
CHUNK = 1024 * 1024
# One path segment kept from a .h5p: the characters the manifest's file paths allow, and no leading
# "." or "_" (H5P itself ignores such files; it also rules out "." and ".."). Every arcname must
# also fit the manifest's path pattern, "offline/" plus at most 400 characters.
SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
LIBRARY_FOLDER = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*)-(\d{1,5})\.(\d{1,5})")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MAX_ARCNAME = len("offline/") + 400


@dataclass(frozen=True)
class PackedLibrary:
    patch: int
    info: dict    # library.json
    files: dict   # path inside the library folder -> bytes


@dataclass
class H5PBundle:
    """What the pages need to know about the unpacked activities."""
    activities: dict = field(default_factory=dict)  # key -> (h5p.json, content.json, library folders), or None: cannot play
    libraries: dict = field(default_factory=dict)   # folder -> PackedLibrary, from every package in the pack

    def playable(self, key):
        return self.activities.get(key) is not None


def _h5p_page_context(blocks, href, h5p):
    """The data block and script links of a lesson page with playable H5P activities (else nothing)."""
    players, files = [], {}
    for block in blocks:
        if block["type"] != "h5p" or not h5p.playable(block["value"]["activity"]["key"]):
            continue
        activity = block["value"]["activity"]
        meta, content, folders = h5p.activities[activity["key"]]
        content_href, libraries_href = href(f"{H5P_CONTENT}/{activity['key']}"), href(H5P_LIBRARIES)
        # Exactly the URLs h5p-standalone fetch()es, relative to the page; the script resolves them.
        files[f"{content_href}/h5p.json"] = meta
        files[f"{content_href}/content/content.json"] = content
        files.update({f"{libraries_href}/{folder}/library.json": h5p.libraries[folder].info for folder in folders})
        players.append({"element": f"h5p-{block['id']}", "note": f"h5p-{block['id']}-note", "options": {
            "id": block["id"], "title": activity["title"], "h5pJsonPath": content_href, "librariesPath": libraries_href,
            "frameJs": href(f"{H5P_PLAYER}/frame.bundle.js"), "frameCss": href(f"{H5P_PLAYER}/styles/h5p.css"), "embedType": "div"}})
    if not players:
        return {}
    data = {"players": players, "files": files,
            "labels": {"failed": gettext("This interactive activity could not be started in this browser.")}}
    return {"h5p_data": data, "h5p_js_href": href(H5P_JS), "h5p_main_href": href(f"{H5P_PLAYER}/main.bundle.js")}


def _write_h5p(manifest, add_file, open_media):
    """Unpack the .h5p of every H5P block and copy the player; returns what the pages need."""
    bundle = H5PBundle()
    activities = {}
    for module in manifest["modules"]:
        for lesson in module["lessons"]:
            for block in lesson["blocks"]:
                if block["type"] == "h5p":
                    activities.setdefault(block["value"]["activity"]["key"], block["value"]["activity"])
    if not activities or open_media is None:
        return bundle
    written = set()  # arcnames in lower case: a pack unzipped on a case-insensitive disk must not lose files
    unpacked = {}
    for key, activity in activities.items():
        if not UUID.fullmatch(key):
            raise PackContentError("An H5P activity key must be a UUID.", activity["file"])
        files = _read_h5p(activity["file"], open_media)
        meta, content = _json_of(files, "h5p.json", activity["file"]), _json_of(files, "content/content.json", activity["file"])
        unpacked[key] = (meta, content)
        for name, data in sorted(files.items()):
            if name == "h5p.json" or name.startswith("content/"):
                _add_once(add_file, written, f"{H5P_CONTENT}/{key}/{name}", data)
        _collect_libraries(files, bundle.libraries)
    needed = set()
    for key, (meta, content) in unpacked.items():
        folders = _library_closure(meta, bundle.libraries)
        bundle.activities[key] = (meta, content, folders) if folders else None
        needed.update(folders or ())
    for folder in sorted(needed):
        for name, data in sorted(bundle.libraries[folder].files.items()):
            _add_once(add_file, written, f"{H5P_LIBRARIES}/{folder}/{name}", data)
    if needed:
        for name, data in _player_files():
            _add_once(add_file, written, f"{H5P_PLAYER}/{name}", data)
    return bundle


def _read_h5p(path, open_media):
    """The files of the .h5p at media `path` that a player needs, {name: bytes}: h5p.json, content/…
    and library folders, each under a safe relative name. Everything else in the archive is skipped."""
    limit, max_files, max_unpacked = (getattr(settings, name, default) for name, default in H5P_LIMIT_DEFAULTS.items())
    buffer = io.BytesIO()
    with open_media(path) as handle:
        while buffer.tell() <= limit and (chunk := handle.read(CHUNK)):
            buffer.write(chunk)
    if buffer.tell() > limit:
        raise PackContentError(f"The H5P package is larger than {limit} bytes.", path)
    try:
        archive = zipfile.ZipFile(buffer)
        infos = archive.infolist()
        if len(infos) > max_files:
            raise PackContentError(f"The H5P package has more than {max_files} entries.", path)
        files, seen, budget = {}, set(), max_unpacked
        for info in infos:
            name = _safe_name_in_package(info)
            if name is None or name.lower() in seen:  # first of names that differ only in case
                continue
            seen.add(name.lower())
            with archive.open(info) as entry:
                data = entry.read(budget + 1)  # the size in the entry's header is not trusted
            budget -= len(data)
            if budget < 0:
                raise PackContentError(f"The H5P package unpacks to more than {max_unpacked} bytes.", path)
            files[name] = data
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError) as error:
        raise PackContentError(f"The H5P package cannot be read: {error}", path) from error
    return files


def _safe_name_in_package(info):
    """The entry's name if it is a file the player may need and safe to write anywhere, else None."""
    name = info.filename
    if info.is_dir() or stat.S_ISLNK(info.external_attr >> 16) or "\\" in name:
        return None
    parts = name.split("/")
    if not all(SAFE_SEGMENT.fullmatch(part) for part in parts):  # also refuses "", ".", "..", "/abs", "C:"
        return None
    if parts == ["h5p.json"] or (len(parts) > 1 and (parts[0] == "content" or LIBRARY_FOLDER.fullmatch(parts[0]))):
        return name
    return None


def _json_of(files, name, path):
    try:
        data = json.loads(files[name].decode("utf-8-sig"))
    except (KeyError, UnicodeDecodeError, ValueError) as error:
        raise PackContentError(f"The H5P package has no readable {name}.", path) from error
    if not isinstance(data, dict):
        raise PackContentError(f"{name} in the H5P package is not a JSON object.", path)
    return data


def _collect_libraries(files, libraries):
    """Add the package's library folders to the shared pool. A folder holds one major.minor version;
    when two packages bring it, the higher patch wins (patches are compatible by H5P's rules)."""
    folders = {}
    for name, data in files.items():
        top, _, rest = name.partition("/")
        if LIBRARY_FOLDER.fullmatch(top):
            folders.setdefault(top, {})[rest] = data
    for folder, folder_files in sorted(folders.items()):
        try:
            info = json.loads(folder_files.get("library.json", b"").decode("utf-8-sig"))
            patch = int(info.get("patchVersion", 0))
        except (AttributeError, TypeError, UnicodeDecodeError, ValueError):
            continue
        if _folder_of(info) != folder:  # a library.json that names another library: not this folder
            continue
        if folder not in libraries or patch > libraries[folder].patch:
            libraries[folder] = PackedLibrary(patch, info, folder_files)


def _folder_of(reference):
    """`Machine.Name-major.minor` for a dependency or library.json, or None if it does not make one."""
    try:
        folder = f"{reference['machineName']}-{int(reference['majorVersion'])}.{int(reference['minorVersion'])}"
    except (KeyError, TypeError, ValueError):
        return None
    return folder if LIBRARY_FOLDER.fullmatch(folder) else None


def _library_closure(meta, libraries):
    """The library folders the activity preloads, transitively, in the order found; None when one is
    missing from every package of the pack (the site had it installed, so the upload could omit it)."""
    main = meta.get("mainLibrary")
    dependencies = meta.get("preloadedDependencies")
    if not isinstance(dependencies, list) or not any(isinstance(d, dict) and d.get("machineName") == main for d in dependencies):
        return None
    folders, queue = [], list(dependencies)
    while queue:
        reference = queue.pop(0)
        folder = _folder_of(reference) if isinstance(reference, dict) else None
        if folder not in libraries:
            return None
        if folder not in folders:
            folders.append(folder)
            more = libraries[folder].info.get("preloadedDependencies")
            queue.extend(more if isinstance(more, list) else [])
    return folders


def _player_files():
    """(path inside dist, bytes) for the player files, sorted."""
    found = {}
    for name in (*H5P_PLAYER_FILES, *H5P_PLAYER_FOLDERS):
        location = finders.find(f"h5p-standalone/{name}")
        if location is None:
            raise ImproperlyConfigured(f"h5p-standalone/{name} is not among the static files: run npm install (./dev.sh) "
                                       "so that node_modules/h5p-standalone/dist is in STATICFILES_DIRS.")
        location = Path(location)
        if location.is_dir():
            found.update({f"{name}/{p.relative_to(location).as_posix()}": p for p in location.rglob("*") if p.is_file()})
        else:
            found[name] = location
    return [(name, found[name].read_bytes()) for name in sorted(found)]


def _add_once(add_file, written, arcname, data):
    if arcname.lower() in written or len(arcname) > MAX_ARCNAME:
        return
    written.add(arcname.lower())
    add_file(arcname, data)
