"""H5P in the offline copy: each .h5p named by an H5P block is unpacked under offline/h5p/ (content
per activity, libraries shared) and h5p-standalone is copied beside it. The player reads its JSON with
fetch(), which browsers refuse for file:// URLs, so lesson pages carry those JSON files in a data
block and assets/h5p-offline.js answers the player's fetch() calls from it.

Each .h5p is read by the one H5P package reader (h5p/rules.py, with every upload rule) and written
as the site serves it: sanitised content.json, the package's libraries in load order."""

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext

from ..h5p.rules import validate_package
from ..h5p.types import H5PError
from .errors import PackContentError

H5P_JS = "offline/assets/h5p-offline.js"
H5P_CONTENT = "offline/h5p/content"        # + /<activity key>/h5p.json, /content/content.json, /content/…
H5P_LIBRARIES = "offline/h5p/libraries"    # + /<Machine.Name-major.minor>/…, shared by all activities
H5P_PLAYER = "offline/h5p/player"          # h5p-standalone's dist
# The parts of h5p-standalone's dist the player needs (typings are left out), found through the
# staticfiles finders under the "h5p-standalone" prefix (settings.STATICFILES_DIRS).
H5P_PLAYER_FILES = ("main.bundle.js", "main.bundle.js.LICENSE.txt", "frame.bundle.js")
H5P_PLAYER_FOLDERS = ("styles", "fonts", "images")
CHUNK = 1024 * 1024
# One path segment written: the characters the manifest's file paths allow (a file whose name has
# others is left out of the copy). Every arcname must also fit the manifest's path pattern,
# "offline/" plus at most 400 characters.
SAFE_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
MAX_ARCNAME = len("offline/") + 400


@dataclass
class H5PBundle:
    """What the pages need to know about the unpacked activities."""
    activities: dict = field(default_factory=dict)  # key -> (h5p.json, content.json, library folders), or None: cannot play
    libraries: dict = field(default_factory=dict)   # folder -> PackagedLibrary (h5p/types.py), from every package in the pack

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
        files.update({f"{libraries_href}/{folder}/library.json": h5p.libraries[folder].metadata for folder in folders})
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
    packages = {}
    for key, activity in activities.items():
        if not UUID.fullmatch(key):
            raise PackContentError("An H5P activity key must be a UUID.", activity["file"])
        package = packages[key] = _read_h5p(activity["file"], open_media)
        content = f"{H5P_CONTENT}/{key}"
        _add_once(add_file, written, f"{content}/h5p.json", json.dumps(package.metadata).encode())
        _add_once(add_file, written, f"{content}/content/content.json", json.dumps(package.content).encode())
        for name, data in sorted(package.content_files.items()):
            _add_once(add_file, written, f"{content}/content/{name}", data)
        for library in package.libraries:
            # One folder per major.minor; when two packages bring it, the higher patch wins
            # (patches are compatible by H5P's rules).
            known = bundle.libraries.get(library.ref.folder)
            if known is None or library.patch > known.patch:
                bundle.libraries[library.ref.folder] = library
    needed = set()
    for key, package in packages.items():
        # Load order from the reader; a library the site had installed (so the upload could omit
        # it) is in no package of the pack: the activity cannot play offline.
        folders = [ref.folder for ref in package.dependencies]
        playable = all(folder in bundle.libraries for folder in folders)
        bundle.activities[key] = (package.metadata, package.content, folders) if playable else None
        needed.update(folders if playable else ())
    for folder in sorted(needed):
        for name, data in sorted(bundle.libraries[folder].files.items()):
            _add_once(add_file, written, f"{H5P_LIBRARIES}/{folder}/{name}", data)
    if needed:
        for name, data in _player_files():
            _add_once(add_file, written, f"{H5P_PLAYER}/{name}", data)
    return bundle


def _read_h5p(path, open_media):
    """The .h5p at media `path`, read and checked by the H5P package reader with every upload rule."""
    limit = settings.H5P_MAX_PACKAGE_BYTES
    buffer = io.BytesIO()
    with open_media(path) as handle:
        while buffer.tell() <= limit and (chunk := handle.read(CHUNK)):
            buffer.write(chunk)
    if buffer.tell() > limit:
        raise PackContentError(f"The H5P package is larger than {limit} bytes.", path)
    try:
        return validate_package(buffer.getvalue(), require_dependencies=False)
    except H5PError as error:
        raise PackContentError(f"The H5P package cannot be read: {error}", path) from error


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
    if arcname.lower() in written or len(arcname) > MAX_ARCNAME or not all(SAFE_SEGMENT.fullmatch(p) for p in arcname.split("/")):
        return
    written.add(arcname.lower())
    add_file(arcname, data)
