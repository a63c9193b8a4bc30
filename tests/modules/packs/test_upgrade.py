"""A fork, edited locally, takes a newer upstream release: the right merges and conflicts."""

import copy
import io
import uuid

import pytest
from django.core.management import CommandError, call_command

from modules.models import ImportedKit, ItemProvenance, KitPage, LessonPage, ModulePage, QuizPage
from modules.packs.importer import PackPinnedError, local_state
from modules.packs.loader import load_pack_archive
from modules.packs.merge import CONFLICT, LOCAL, NEW, REMOVED, UNCHANGED, UPSTREAM

from .pack_zip import pack_zip
from .pack_zip import renumber
from .snapshots import bump

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def upstream_v1(manifest_t2):
    manifest = renumber(manifest_t2, slug="upstream-kit")
    manifest["modules"] = manifest["modules"][2:5]  # T2-3, T2-4, T2-5
    return manifest


def edit_locally(page, **fields):
    page = local_state(page)
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision()


def lessons(manifest, module_index):
    return manifest["modules"][module_index]["lessons"]


def text_block(lesson):
    return next(b for b in lesson["blocks"] if b["type"] == "text")


def test_fork_takes_upstream_release_keeping_local_edits(upstream_v1):
    load_pack_archive(io.BytesIO(pack_zip(upstream_v1)), source="upstream-kit-1.0.0.zip")
    l_conflict, l_local, l_upstream, l_removed = lessons(upstream_v1, 0)[0], lessons(upstream_v1, 0)[1], lessons(upstream_v1, 1)[0], lessons(upstream_v1, 1)[1]

    # The local team adapts two lessons (one of which upstream changes too).
    edit_locally(LessonPage.objects.get(translation_key=l_conflict["id"]), title="Cluster organisations in Lombardy")
    edit_locally(LessonPage.objects.get(translation_key=l_local["id"]), title="Benchmarking, with our regional examples")

    # Upstream 1.1.0: changes the conflicting lesson and another one, adds a lesson, drops one, drops a module.
    v2 = bump(upstream_v1, "1.1.0")
    text_block(lessons(v2, 0)[0])["value"] += "<p>Upstream added a paragraph on ECCP profiles.</p>"
    text_block(lessons(v2, 1)[0])["value"] += "<p>Upstream clarified Phase 0.</p>"
    new_lesson = copy.deepcopy(lessons(v2, 1)[0])
    new_lesson.update(id=str(uuid.uuid4()), slug="workshop-checklist", title="A workshop checklist",
                      blocks=[{"id": str(uuid.uuid4()), "type": "text", "value": "<p>Invite all four helices.</p>"}])
    lessons(v2, 1)[1] = new_lesson
    dropped_module = v2["modules"].pop(2)

    preview = load_pack_archive(io.BytesIO(pack_zip(v2)), source="upstream-kit-1.1.0.zip", dry_run=True)
    assert preview.items[CONFLICT] == [f"module T2-3 lesson {l_conflict['slug']}"]
    assert preview.items[LOCAL] == [f"module T2-3 lesson {l_local['slug']}"]
    assert f"module T2-4 lesson {l_upstream['slug']}" in preview.items[UPSTREAM]
    assert preview.items[NEW] == ["module T2-4 lesson workshop-checklist"]
    assert f"module T2-4 lesson {l_removed['slug']}" in preview.items[REMOVED]
    assert f"module {dropped_module['code']}" in preview.items[REMOVED]
    assert LessonPage.objects.filter(slug="workshop-checklist").count() == 0  # the preview wrote nothing

    report = load_pack_archive(io.BytesIO(pack_zip(v2)), source="upstream-kit-1.1.0.zip")
    assert report.summary() == preview.summary()

    conflict = local_state(LessonPage.objects.get(translation_key=l_conflict["id"]))
    assert conflict.title == "Cluster organisations in Lombardy" and "ECCP profiles" not in str(conflict.body)
    assert report.conflicts[0].upstream["blocks"] != report.conflicts[0].local["blocks"]
    assert local_state(LessonPage.objects.get(translation_key=l_local["id"])).title == "Benchmarking, with our regional examples"
    assert "clarified Phase 0" in str(local_state(LessonPage.objects.get(translation_key=l_upstream["id"])).body)
    assert LessonPage.objects.filter(slug="workshop-checklist").exists()
    assert LessonPage.objects.filter(translation_key=l_removed["id"]).exists()
    assert ItemProvenance.objects.get(item_key=l_removed["id"]).removed_upstream
    kit = local_state(KitPage.objects.get(slug="upstream-kit"))
    assert dropped_module["id"] in [str(link.module.translation_key) for link in kit.kit_modules.all()]
    assert ImportedKit.objects.get(kit_key=v2["kit"]["id"]).version == "1.1.0"


def test_reimporting_the_same_release_changes_nothing(upstream_v1):
    load_pack_archive(io.BytesIO(pack_zip(upstream_v1)), source="a.zip")
    report = load_pack_archive(io.BytesIO(pack_zip(upstream_v1)), source="a.zip")
    assert report.items[UNCHANGED] and not any(report.items[key] for key in (NEW, UPSTREAM, LOCAL, CONFLICT, REMOVED))


def test_a_pinned_kit_ignores_newer_releases(upstream_v1):
    load_pack_archive(io.BytesIO(pack_zip(upstream_v1)), source="a.zip")
    call_command("pin_kit", "upstream-kit", stdout=io.StringIO())
    v2 = bump(upstream_v1, "1.1.0")
    text_block(lessons(v2, 0)[0])["value"] += "<p>Changed upstream.</p>"
    with pytest.raises(PackPinnedError, match="pinned to release 1.0.0"):
        load_pack_archive(io.BytesIO(pack_zip(v2)), source="b.zip")
    assert "Changed upstream" not in str(local_state(LessonPage.objects.get(translation_key=lessons(v2, 0)[0]["id"])).body)
    call_command("pin_kit", "upstream-kit", "--unpin", stdout=io.StringIO())
    assert load_pack_archive(io.BytesIO(pack_zip(v2)), source="b.zip").items[UPSTREAM]


def test_downgrades_are_refused(upstream_v1):
    load_pack_archive(io.BytesIO(pack_zip(bump(upstream_v1, "2.0.0"))), source="a.zip")
    with pytest.raises(Exception, match="older than the imported 2.0.0"):
        load_pack_archive(io.BytesIO(pack_zip(upstream_v1)), source="b.zip")


def test_import_pack_command_previews_then_applies(upstream_v1, tmp_path):
    path = tmp_path / "upstream-kit-1.0.0.zip"
    path.write_bytes(pack_zip(upstream_v1))
    out = io.StringIO()
    call_command("import_pack", str(path), "--dry-run", stdout=out)
    assert "Dry run, nothing written" in out.getvalue() and not KitPage.objects.filter(slug="upstream-kit").exists()
    call_command("import_pack", str(path), stdout=out)
    assert "Checking the archive" in out.getvalue() and "files verified" in out.getvalue()
    kit = KitPage.objects.get(slug="upstream-kit")
    assert not kit.live and ModulePage.objects.filter(code="T2-3").count() == 2  # ours plus the fork's copy
    assert QuizPage.objects.filter(live=False).count() == 3
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("import_pack", str(tmp_path / "missing.zip"), stdout=io.StringIO())


def test_import_from_url(upstream_v1, live_server_pack):
    url = live_server_pack(pack_zip(upstream_v1))
    out = io.StringIO()
    call_command("import_pack", url, stdout=out)
    assert KitPage.objects.filter(slug="upstream-kit").exists()


@pytest.fixture
def live_server_pack(tmp_path):
    """Serve bytes over HTTP on loopback, as a catalogue would."""
    import http.server
    import threading

    servers = []

    def serve(data):
        (tmp_path / "pack.zip").write_bytes(data)
        handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(tmp_path))  # noqa: E731
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/pack.zip"

    yield serve
    for server in servers:
        server.shutdown()


def test_a_release_of_a_fork_names_the_pack_it_came_from(upstream_v1):
    from modules.packs.releases import cut_release

    load_pack_archive(io.BytesIO(pack_zip(upstream_v1)), source="upstream-kit-1.0.0.zip", publish=True)
    imported = ImportedKit.objects.get(kit_key=upstream_v1["kit"]["id"])
    release = cut_release(KitPage.objects.get(slug="upstream-kit"), "1.0.0-lombardy.1")
    assert release.manifest["provenance"] == {"pack_id": upstream_v1["kit"]["id"], "version": "1.0.0",
                                              "manifest_sha256": imported.manifest_sha256, "source": "upstream-kit-1.0.0.zip"}
    assert release.manifest["metadata"]["isBasedOn"]["version"] == "1.0.0"
