"""H5P activities in the offline copy: each .h5p travels in the pack's media, is unpacked under
offline/h5p/ and plays with h5p-standalone from file://, with no server and no network."""

import copy
import hashlib
import io
import json
import stat
import uuid
import zipfile

import pytest

from modules.packs.archive import ZipPackSource
from modules.packs.errors import PackContentError
from modules.packs.manifest import media_arcname, validate_manifest
from modules.packs.offline import plan_pages, write_offline_copy
from tests.modules.h5p.builders import check_content, elearn_check, elearn_check_files, library_json, zip_files
from tests.modules.packs.pack_zip import pack_zip, read_entries
from tests.chromium import require_chromium
from tests.modules.packs.offline_pages import BrowserThread, Page

KEY = "0b8f5a52-3c2e-4d7a-9a61-5f1e2d3c4b5a"
OTHER_KEY = "6c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5"
TITLE = "Quadruple helix check"
LIBRARY = "offline/h5p/libraries/H5P.ElearnCheck-1.0"


def add_h5p_block(manifest, media, package, key=KEY, title=TITLE, lesson_index=0):
    """Append an h5p block for `package` (bytes) to a lesson of module 1, and its file to the media."""
    sha256 = hashlib.sha256(package).hexdigest()
    path = media_arcname("h5p", sha256, "activity.h5p")
    if path not in media:
        manifest["files"].append({"path": path, "sha256": sha256, "size": len(package)})
        media[path] = package
    block_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{key}/{lesson_index}"))
    manifest["modules"][0]["lessons"][lesson_index]["blocks"].append({"id": block_id, "type": "h5p", "value": {
        "activity": {"file": path, "key": key, "title": title, "required_score": 100}, "intro": "Try <it> yourself."}})
    validate_manifest(manifest)
    return block_id


@pytest.fixture
def h5p_manifest(manifest_t1):
    """Kit T1 with one ElearnCheck activity in the first lesson; returns (manifest, media)."""
    manifest, media = copy.deepcopy(manifest_t1), {}
    add_h5p_block(manifest, media, elearn_check())
    return manifest, media


def write_copy(manifest, media, folder, open_media=True):
    """Write the offline copy into `folder` as a pack writer would; returns {arcname: bytes}."""
    files = {}

    def add_file(arcname, data):
        assert arcname.startswith("offline/") and arcname not in files and isinstance(data, bytes), arcname
        files[arcname] = data
        (folder / arcname).parent.mkdir(parents=True, exist_ok=True)
        (folder / arcname).write_bytes(data)

    write_offline_copy(manifest, add_file, (lambda path: io.BytesIO(media[path])) if open_media else None)
    return files


def lesson_arcname(manifest, lesson_index=0):
    lesson = manifest["modules"][0]["lessons"][lesson_index]
    return next(page.arcname for page in plan_pages(manifest) if page.lesson is lesson)


def data_block(page_text):
    blocks = [text for attrs, text in Page(page_text).scripts if attrs.get("id") == "h5p-offline-data"]
    assert len(blocks) <= 1
    return blocks[0] if blocks else None


def files_on_disk(folder):
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def test_activity_is_unpacked_under_offline_h5p_and_the_page_carries_its_json(h5p_manifest, tmp_path):
    manifest, media = h5p_manifest
    files = write_copy(manifest, media, tmp_path)
    source = elearn_check_files()
    content = f"offline/h5p/content/{KEY}"
    assert files[f"{content}/h5p.json"] == source["h5p.json"]
    assert files[f"{content}/content/content.json"] == source["content/content.json"]
    for name in ("library.json", "semantics.json", "elearncheck.js", "elearncheck.css"):
        assert files[f"{LIBRARY}/{name}"] == source[f"H5P.ElearnCheck-1.0/{name}"]
    player = {"main.bundle.js", "frame.bundle.js", "styles/h5p.css", "images/throbber.gif", "fonts/h5p-core-30.woff2"}
    assert {f"offline/h5p/player/{name}" for name in player} <= set(files)
    assert "offline/assets/h5p-offline.js" in files
    assert files_on_disk(tmp_path) == set(files)  # nothing outside offline/

    page_name = lesson_arcname(manifest)
    text = files[page_name].decode("utf-8")
    page = Page(text)
    assert TITLE in page.plain and "Try <it> yourself." in page.plain  # plain text, escaped
    block_id = manifest["modules"][0]["lessons"][0]["blocks"][-1]["id"]
    assert page.find("div", id=f"h5p-{block_id}") and page.find("p", id=f"h5p-{block_id}-note")
    raw = data_block(text)
    assert "<" not in raw  # content.json holds HTML: escaped so it cannot end the data block
    data = json.loads(raw)
    assert data["files"] == {
        f"../h5p/content/{KEY}/h5p.json": json.loads(source["h5p.json"]),
        f"../h5p/content/{KEY}/content/content.json": json.loads(source["content/content.json"]),
        "../h5p/libraries/H5P.ElearnCheck-1.0/library.json": json.loads(source["H5P.ElearnCheck-1.0/library.json"]),
    }
    [player_data] = data["players"]
    assert player_data["options"] == {"id": player_data["options"]["id"], "title": TITLE, "h5pJsonPath": f"../h5p/content/{KEY}",
                                      "librariesPath": "../h5p/libraries", "frameJs": "../h5p/player/frame.bundle.js",
                                      "frameCss": "../h5p/player/styles/h5p.css", "embedType": "div"}
    # The fetch() stand-in comes before the player; both are local files of the copy.
    assert "default-src file: data: blob:" in page.find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    # A policy set by a meta element covers only what comes after it: it stands before the stylesheet and every script.
    assert text.index("Content-Security-Policy") < text.index('rel="stylesheet"') < text.index("<script")
    sources = [attrs["src"] for attrs, _ in page.scripts if attrs.get("src")]
    assert sources == ["../assets/h5p-offline.js", "../h5p/player/main.bundle.js"]
    other_pages = [name for name in files if name.endswith(".html") and name != page_name]
    assert not any(data_block(files[name].decode("utf-8")) for name in other_pages)


def test_the_pack_with_the_activity_validates_and_holds_the_unpacked_copy(h5p_manifest):
    manifest, media = h5p_manifest
    data = pack_zip(manifest, media)  # recomputes and validates the manifest's files list
    ZipPackSource(io.BytesIO(data)).close()  # and the importer's archive checks pass: names, sizes, hashes
    entries = read_entries(data)
    assert entries[next(iter(media))] == elearn_check()
    assert f"offline/h5p/content/{KEY}/h5p.json" in entries and f"{LIBRARY}/elearncheck.js" in entries


def test_without_h5p_blocks_the_copy_is_unchanged(manifest_t1, tmp_path):
    with_opener = write_copy(manifest_t1, {}, tmp_path / "a")
    without = write_copy(manifest_t1, {}, tmp_path / "b", open_media=False)
    assert with_opener == without
    assert not any("h5p" in name for name in with_opener)
    pages = [data for name, data in with_opener.items() if name.endswith(".html")]
    assert not any(b"h5p" in data.lower() or b"Content-Security-Policy" in data for data in pages)


HOSTILE_ENTRIES = {
    "../../evil.js": "Path traversal", "content/../../evil-content.js": "Path traversal",
    "H5P.ElearnCheck-1.0/../../../evil-lib.js": "Path traversal", "/tmp/evil-absolute.js": "absolute",
    "C:/evil-drive.js": "absolute", "content\\..\\..\\evil-backslash.js": "Path traversal", "evil-top.js": "Unexpected file",
    "Not.A.Library/evil.js": "has no library.json", "CONTENT/content.json": "Duplicate entry",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_ENTRIES))
def test_a_hostile_package_is_refused_by_the_h5p_reader_and_nothing_is_written(manifest_t1, tmp_path, name):
    """The offline copy reads each .h5p with the one H5P package reader and every upload rule: a
    package swapped in the media for a hostile one stops the copy, naming the rule and the entry."""
    package = zip_files({**elearn_check_files(), name: b"evil()"})
    manifest, media = copy.deepcopy(manifest_t1), {}
    add_h5p_block(manifest, media, package)
    with pytest.raises(PackContentError, match="cannot be read") as caught:
        write_copy(manifest, media, tmp_path / "pack")
    entry = "Not.A.Library/library.json" if name.startswith("Not.") else name  # the folder is what is wrong
    assert HOSTILE_ENTRIES[name] in caught.value.message and entry in caught.value.message
    assert not any("evil" in written for written in files_on_disk(tmp_path))


def test_a_linked_entry_in_a_package_is_refused(manifest_t1, tmp_path):
    link = zipfile.ZipInfo("content/evil-link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    manifest, media = copy.deepcopy(manifest_t1), {}
    add_h5p_block(manifest, media, zip_files(elearn_check_files(), extra_infos=[(link, b"/etc/passwd")]))
    with pytest.raises(PackContentError, match="Links are not allowed"):
        write_copy(manifest, media, tmp_path / "pack")


def test_files_the_manifest_cannot_name_are_left_out_and_the_rest_plays(manifest_t1, tmp_path):
    files = {**elearn_check_files(), "content/.hidden.txt": b"x", "H5P.ElearnCheck-1.0/with space.css": b"x"}
    manifest, media = copy.deepcopy(manifest_t1), {}
    add_h5p_block(manifest, media, zip_files(files))
    written = write_copy(manifest, media, tmp_path)
    assert not [name for name in written if "hidden" in name or " " in name]
    assert written[f"offline/h5p/content/{KEY}/content/content.json"] == files["content/content.json"]
    assert f"{LIBRARY}/elearncheck.js" in written


def test_libraries_are_shared_and_the_highest_patch_wins(manifest_t1, tmp_path):
    manifest, media = copy.deepcopy(manifest_t1), {}
    add_h5p_block(manifest, media, elearn_check())
    add_h5p_block(manifest, media, elearn_check(content=check_content(checkLabel="Check it"), library=library_json(patch=3)),
                  key=OTHER_KEY, title="Second check", lesson_index=1)
    written = write_copy(manifest, media, tmp_path)
    assert json.loads(written[f"{LIBRARY}/library.json"])["patchVersion"] == 3
    assert [n for n in written if n.startswith("offline/h5p/libraries/") and n.endswith("library.json")] == [f"{LIBRARY}/library.json"]
    assert {f"offline/h5p/content/{KEY}/h5p.json", f"offline/h5p/content/{OTHER_KEY}/h5p.json"} <= set(written)


def test_an_activity_that_cannot_play_offline_shows_a_note(manifest_t1, tmp_path):
    # The site may accept a package without a library it has installed; the pack then lacks it too.
    files = {name: data for name, data in elearn_check_files().items() if not name.startswith("H5P.ElearnCheck-1.0/")}
    manifest, media = copy.deepcopy(manifest_t1), {}
    add_h5p_block(manifest, media, zip_files(files))
    for folder, open_media in ((tmp_path / "missing", True), (tmp_path / "no-opener", False)):
        written = write_copy(manifest, media, folder, open_media)
        page = Page(written[lesson_arcname(manifest)].decode("utf-8"))
        assert TITLE in page.plain and "cannot be played in this offline copy" in page.plain
        assert not any(name.startswith(("offline/h5p/libraries/", "offline/h5p/player/")) for name in written)
        assert "offline/assets/h5p-offline.js" not in written and not page.scripts


def test_an_oversized_or_broken_package_is_refused(h5p_manifest, tmp_path, settings):
    manifest, media = h5p_manifest
    settings.H5P_MAX_PACKAGE_BYTES = 1000
    with pytest.raises(PackContentError, match="larger than 1000 bytes"):
        write_copy(manifest, media, tmp_path / "a")
    broken = {path: data[:200] for path, data in media.items()}  # a truncated zip, under the limit
    with pytest.raises(PackContentError, match="cannot be read"):
        write_copy(manifest, broken, tmp_path / "b")


# --- In a real browser, from file:// -------------------------------------------------------------

class Chromium(BrowserThread):
    def with_page(self, function, **context_options):
        def task():
            context = self._browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
            try:
                return function(context.new_page())
            finally:
                context.close()

        return self.run(task)


@pytest.fixture
def chromium():
    """A browser for one test only, driven from its own thread (see BrowserThread): Playwright's
    sync API must not stay open while later Django database tests run."""
    require_chromium()
    browser = Chromium()
    yield browser
    browser.close()


def write_pack_folder(manifest, media, folder):
    """The pack as a reader unzips it: media at the root, the offline copy beside it."""
    for path, data in media.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    write_copy(manifest, media, folder)
    return (folder / lesson_arcname(manifest)).as_uri()


@pytest.mark.browser
def test_reader_plays_two_activities_of_a_lesson_from_disk(h5p_manifest, tmp_path, chromium):
    manifest, media = h5p_manifest
    first = manifest["modules"][0]["lessons"][0]["blocks"][-1]["id"]
    answers = [{"text": "Yes", "correct": False}, {"text": "No", "correct": True}]
    second = add_h5p_block(manifest, media, elearn_check(content=check_content(question="<p>Is it a pipeline?</p>", answers=answers)),
                           key=OTHER_KEY, title="Pipeline check")
    url = write_pack_folder(manifest, media, tmp_path)

    def play(page):
        from playwright.sync_api import expect

        requests, errors = [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(url)
        expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
        activity = page.locator(f"#h5p-{first} .h5p-elearncheck")
        expect(activity.locator(".ec-question")).to_contain_text("quadruple helix")
        expect(page.locator(".h5p-note")).to_have_count(2)
        expect(page.locator(".h5p-note").first).to_be_hidden()
        activity.get_by_role("button", name="Check").click()
        expect(activity.locator(".ec-result")).to_have_text("Choose an answer first.")
        activity.get_by_label("Civil society").check()
        activity.get_by_role("button", name="Check").click()
        expect(activity.locator(".ec-result")).to_have_text("Correct!")
        # The second player on the page shares the libraries and answers on its own.
        other = page.locator(f"#h5p-{second} .h5p-elearncheck")
        expect(other.locator(".ec-question")).to_have_text("Is it a pipeline?")
        other.get_by_label("Yes").check()
        other.get_by_role("button", name="Check").click()
        expect(other.locator(".ec-result")).to_have_text("Not quite.")
        expect(activity.locator(".ec-result")).to_have_text("Correct!")
        played = list(requests)
        # The page's Content-Security-Policy stops library code that would reach out to the web.
        with page.expect_event("requestfailed") as failed:
            blocked = page.evaluate("""() => new Promise((resolve) => {
                document.addEventListener("securitypolicyviolation", (event) => resolve(event.blockedURI));
                const image = document.createElement("img");
                image.src = "https://tracker.example.org/beacon.gif";
                document.body.appendChild(image);
                setTimeout(() => resolve(null), 5000);
            })""")
        assert blocked == "https://tracker.example.org/beacon.gif" and "csp" in failed.value.failure.lower()
        return played, errors

    requests, errors = chromium.with_page(play)
    assert not errors
    assert sum(url.endswith("/H5P.ElearnCheck-1.0/elearncheck.js") for url in requests) == 1  # loaded once for both
    assert requests and all(url.startswith("file://") for url in requests), [u for u in requests if not u.startswith("file://")]


@pytest.mark.browser
def test_without_javascript_the_lesson_shows_the_title_and_a_note(h5p_manifest, tmp_path, chromium):
    manifest, media = h5p_manifest
    url = write_pack_folder(manifest, media, tmp_path)

    def read(page):
        page.goto(url)
        return page.locator(".block-h5p").inner_text()

    text = chromium.with_page(read, java_script_enabled=False)
    assert TITLE in text and "needs JavaScript" in text
