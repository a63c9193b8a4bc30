"""The offline copy: static HTML under offline/ that a reader opens from offline/index.html, no server.

A pure function of the manifest (and of the .h5p files its H5P blocks name), like every export.
Pages link to each other and to the pack's media (stored at the zip root under media/) by relative
paths, so the copy works from file:// and from any folder it is unpacked into. Nothing is loaded
from the network: the stylesheet and the self-check script are written next to the pages, and each
quiz page embeds its own questions and answer key because a page opened from file:// may not fetch
other local files.

Lesson and callout HTML is inserted as it is in the manifest (it was sanitised when it entered the
site or the pack); every plain-text field is escaped by the template engine.

H5P activities play with h5p-standalone: each .h5p is unpacked under offline/h5p/ (content per
activity, libraries shared) and the player is copied beside it. The player reads its JSON files with
fetch(), which browsers refuse for file:// URLs, so each lesson page also carries those JSON files in
a data block and assets/h5p-offline.js answers the player's fetch() calls from it.
"""

import io
import json
import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..sanitize import clean_inline
from .errors import PackContentError

INDEX = "offline/index.html"
CSS = "offline/assets/offline.css"
JS = "offline/assets/selfcheck.js"
TEMPLATES = "packs/offline"
# Names the copy itself uses: a module or lesson slug equal to one of them gets a prefix instead.
RESERVED_DIRS = {"assets"}
RESERVED_PAGES = {"index", "quiz"}
# The same escapes as Django's json_script: no "</script>", "<!--" or "&" can end the data block early.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

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
class Page:
    arcname: str
    kind: str  # kit | module | lesson | quiz
    title: str
    module: dict | None = None
    lesson: dict | None = None


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


def write_offline_copy(manifest, add_file, open_media=None):
    """Call add_file(arcname, data) for every page and asset of the offline copy (all under offline/).

    `open_media(path)` returns a binary file for a manifest media path; it is needed only to unpack
    the .h5p files of H5P blocks. Without it, H5P blocks show a note instead of the activity."""
    pages = plan_pages(manifest)
    h5p = _write_h5p(manifest, add_file, open_media)
    with translation.override(manifest["kit"]["languages"][0]):
        for index, page in enumerate(pages):
            context = _page_context(manifest, pages, index, h5p)
            add_file(page.arcname, render_to_string(f"{TEMPLATES}/{page.kind}.html", context).encode("utf-8"))
        add_file(CSS, render_to_string(f"{TEMPLATES}/offline.css", {"site_css": _site_css()}).encode("utf-8"))
        add_file(JS, render_to_string(f"{TEMPLATES}/selfcheck.js").encode("utf-8"))
        if any(h5p.activities.values()):
            add_file(H5P_JS, render_to_string(f"{TEMPLATES}/h5p-offline.js").encode("utf-8"))


def plan_pages(manifest):
    """Every page of the copy in reading order: kit, then each module, its lessons and its quiz."""
    pages = [Page(INDEX, "kit", manifest["kit"]["title"])]
    for module in manifest["modules"]:
        folder = "offline/" + _safe_name(module["slug"], RESERVED_DIRS, "module")
        pages.append(Page(f"{folder}/index.html", "module", module["title"], module))
        for lesson in module["lessons"]:
            name = _safe_name(lesson["slug"], RESERVED_PAGES, "lesson")
            pages.append(Page(f"{folder}/{name}.html", "lesson", lesson["title"], module, lesson))
        if module.get("quiz"):
            pages.append(Page(f"{folder}/quiz.html", "quiz", module["quiz"]["title"], module))
    return pages


def relative_url(source, target):
    """The href that leads from the page stored at `source` to the file stored at `target`."""
    return posixpath.relpath(target, posixpath.dirname(source))


def _safe_name(slug, reserved, prefix):
    return f"{prefix}-{slug}" if slug in reserved else slug


def _page_context(manifest, pages, index, h5p):
    page = pages[index]
    kit = manifest["kit"]

    def href(target):
        return relative_url(page.arcname, target)

    module_pages = {p.module["id"]: p for p in pages if p.kind == "module"}
    context = {
        "kind": page.kind, "title": page.title, "lang": kit["languages"][0], "kit": kit,
        "funding": manifest["funding"], "version": manifest["version"], "created": manifest["created"][:10],
        "licence_url": manifest["metadata"].get("license") or f"https://spdx.org/licenses/{kit['licence']}.html",
        "css_href": href(CSS), "js_href": href(JS), "home_href": href(INDEX),
        "previous": _link(pages[index - 1], href) if index > 0 else None,
        "next": _link(pages[index + 1], href) if index + 1 < len(pages) else None,
    }
    if page.kind == "kit":
        context["jsonld"] = mark_safe(json.dumps(manifest["metadata"], ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES))
        context["modules"] = [
            {"module": p.module, "href": href(p.arcname), "lessons": len(p.module["lessons"]), "has_quiz": bool(p.module.get("quiz"))}
            for p in module_pages.values()
        ]
        return context
    module = page.module
    module_page = module_pages[module["id"]]
    context.update(module=module, module_href=href(module_page.arcname), crumbs=[{"title": kit["code"], "href": href(INDEX)}])
    context["outline"] = [
        {"title": p.title, "href": href(p.arcname), "kind": p.kind, "current": p is page,
         "minutes": p.lesson["estimated_minutes"] if p.lesson else None}
        for p in pages if p.module is module and p.kind in ("lesson", "quiz")
    ]
    if page.kind == "module":
        context["crumb_current"] = module["code"]
        return context
    context["crumbs"].append({"title": module["code"], "href": href(module_page.arcname)})
    context["crumb_current"] = page.title
    if page.kind == "lesson":
        quiz_pages = {p.module["quiz"]["id"]: p for p in pages if p.kind == "quiz"}
        context.update(lesson=page.lesson, blocks=[_block(block, href, quiz_pages, h5p) for block in page.lesson["blocks"]])
        context.update(_h5p_page_context(page.lesson["blocks"], href, h5p))
    else:
        context.update(_quiz_context(module["quiz"]))
    return context


def _link(page, href):
    return {"title": page.title, "href": href(page.arcname)}


def _block(block, href, quiz_pages, h5p):
    """One lesson block as the template needs it, with every path made relative to the page."""
    kind, value = block["type"], block["value"]
    if kind == "h5p":
        activity = value["activity"]
        return {"type": kind, "id": block["id"], "title": activity["title"], "intro": value.get("intro", ""),
                "playable": h5p.playable(activity["key"])}
    if kind == "text":
        return {"type": kind, "html": value}
    if kind == "callout":
        return {"type": kind, "kind": value["kind"], "html": value["text"]}
    if kind == "image":
        return {"type": kind, "src": href(value["file"]), "alt": value["alt_text"], "caption": value.get("caption", "")}
    if kind == "document":
        extension = posixpath.splitext(value["file"])[1].lstrip(".").upper()
        return {"type": kind, "href": href(value["file"]), "title": value["title"], "description": value.get("description", ""),
                "extension": extension}
    if kind == "video":
        return {"type": kind, "url": value["url"], "title": value["title"], "transcript": value.get("transcript", "")}
    # A quiz block links to the quiz page when that quiz is part of this kit; otherwise only its intro shows.
    quiz_page = quiz_pages.get(value.get("quiz"))
    quiz = quiz_page.module["quiz"] if quiz_page else {}
    return {"type": "quiz", "intro": value.get("intro", ""), "href": href(quiz_page.arcname) if quiz_page else "",
            "title": quiz.get("title", ""), "pass_mark": quiz.get("pass_mark")}


def _quiz_context(quiz):
    questions = [
        {"index": i, "number": i + 1, "type": q["type"], "prompt": q["prompt"],
         "answers": [{"id": a["id"], "text": a["text"]} for a in q["answers"]]}
        for i, q in enumerate(quiz["questions"])
    ]
    # The answer key and the feedback travel in a JSON data block the self-check script reads.
    # Feedback passes the same inline allow-list as on the site, since the script inserts it as HTML.
    data = {
        "pass_mark": quiz["pass_mark"],
        "questions": [
            {"id": q["id"], "type": q["type"],
             "answers": [{"id": a["id"], "correct": a["correct"], "feedback": clean_inline(a["feedback"])} for a in q["answers"]]}
            for q in quiz["questions"]
        ],
        "labels": {
            "correct": gettext("Correct"), "partly": gettext("Partly correct"), "wrong": gettext("Not correct"),
            "your_answer": gettext("Your answer"), "correct_answer": gettext("Correct answer"),
            "score": gettext("Score: {percent}%"), "passed": gettext("Passed."), "failed": gettext("Not passed yet."),
            "details": gettext("Pass mark {pass_mark}%. You scored {score} of {max} points."),
            "unanswered": gettext("Please answer every question before checking your answers."),
        },
    }
    return {"quiz": quiz, "questions": questions, "quiz_data": data}


def _site_css():
    """The site's own stylesheet, so the offline copy looks like the site (it loads nothing remote)."""
    path = finders.find("css/site.css")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


# --- H5P ------------------------------------------------------------------------------------------

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
