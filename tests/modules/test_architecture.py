"""Layering rules read from the source (docs/design.md §4): one writer of learner progress, page
models that never import views, no private name imported across packages. Each rule is checked by
a scanner over the code base, and each scanner is shown to catch a breach first."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRITER = "modules/learning/records.py"
WRITTEN_MODELS = {"ItemProgress", "Certificate", "SelfAssessmentResult"}
# Reverse accessors of those models on the user (related_name in models/learner_records.py).
WRITTEN_RELATIONS = {"item_progress", "certificates", "self_assessment_results"}
WRITE_METHODS = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete", "save"}
VIEW_MODULES = ("views", "preview_views", "admin_views", "pack_views", "wagtail_hooks", "urls")
# What page models may use from the rest of the project: leaf modules at load time, and the services
# their methods call (imported inside the methods, since those services import the models).
PAGE_MODEL_IMPORTS = {
    "modules.blocks", "modules.errors", "modules.grading", "modules.library.panels", "modules.locale_routing",
    "modules.learning.read_models", "modules.learning.records", "modules.attempts", "modules.certificates",
    # The self-assessment's pure rule (imports only modules.errors) and the service its page calls.
    "modules.self_assessment", "modules.self_assessment_service",
    # A leaf (imports only Django): models/__init__ imports it so the app registers the xAPI outbox.
    "modules.interop.models",
}


def source_files(*folders):
    for folder in folders:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


def _chain(node):
    """Names along a call chain, innermost first: ItemProgress.objects.filter(...).update -> ItemProgress, objects, filter."""
    names = []
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def progress_writes(source):
    """Line numbers where `source` creates, changes or deletes ItemProgress or Certificate rows,
    directly or through a name it bound to one of their querysets or rows."""
    tree = ast.parse(source)
    rooted = set(WRITTEN_MODELS)
    for node in ast.walk(tree):
        # summary = ItemProgress.objects.filter(...); row = Certificate.objects.get(...)
        if isinstance(node, ast.Assign) and (chain := _chain(node.value)) and (chain[0] in rooted or WRITTEN_RELATIONS & set(chain)):
            for target in node.targets:
                rooted.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        chain = _chain(node.func)
        if chain and chain[0] in WRITTEN_MODELS and len(chain) == 1:
            lines.append(node.lineno)  # ItemProgress(...): a row about to be saved
        elif chain and chain[-1] in WRITE_METHODS and (chain[0] in rooted or WRITTEN_RELATIONS & set(chain[:-1])):
            lines.append(node.lineno)
    return sorted(lines)


def imported_modules(path, source):
    """Every module `source` imports, at load time or inside a function, as a dotted name."""
    package = path[:-3].replace("/", ".").rsplit(".", 1)[0]
    if path.endswith("__init__.py"):
        package = path[: -len("/__init__.py")].replace("/", ".")
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            found.extend((base, alias.name) for alias in node.names)
    return found


def private_imports(path, source):
    """`from <another package> import _name`: a private helper used outside its package. The files
    directly in modules/ (attempts.py, grading.py, …) are areas of their own, not one package."""
    parts = path[:-3].split("/")
    own = ".".join(parts[:-1] if len(parts) > 2 else parts)
    return [
        f"{module}.{name}" for module, name in imported_modules(path, source)
        if name and name.startswith("_") and not name.startswith("__") and not (module + ".").startswith(own + ".")
    ]


def view_imports(path, source):
    return [
        module + (f".{name}" if name else "") for module, name in imported_modules(path, source)
        if module.startswith("modules") and (
            module.rsplit(".", 1)[-1] in VIEW_MODULES or (name in VIEW_MODULES and module.startswith("modules"))
        )
    ]


def test_the_scanners_catch_what_they_forbid():
    assert progress_writes("ItemProgress.objects.filter(pk=1).update(passed=True)") == [1]
    assert progress_writes("x = 1\nCertificate.objects.get_or_create(user=u)") == [2]
    assert progress_writes("ItemProgress(user=u, item_key=k).save()") == [1, 1]
    assert progress_writes("request.user.certificates.create(kit_key=k)") == [1]
    assert progress_writes("summary = ItemProgress.objects.filter(pk=1)\nsummary.update(passed=True)") == [2]
    assert progress_writes("cert = Certificate.objects.get(code=c)\ncert.learner_name = 'x'\ncert.save()") == [3]
    assert progress_writes("ItemProgress.objects.filter(user=u).count()\nCertificate.objects.get(code=c)") == []
    assert private_imports("modules/analytics/queries.py", "from ..learning.read_models import _outline") == ["modules.learning.read_models._outline"]
    assert private_imports("modules/attempts.py", "from .progress import _get_or_create_progress") == ["modules.progress._get_or_create_progress"]
    assert private_imports("modules/attempts.py", "from .learning.records import record_quiz_result") == []
    assert private_imports("modules/learning/read_models.py", "from .records import _summary_row") == []
    assert view_imports("modules/models/pages.py", "def f():\n    from ..views import kit_certificate") == ["modules.views.kit_certificate"]
    assert view_imports("modules/models/pages.py", "from .. import views") == ["modules.views"]
    assert view_imports("modules/models/pages.py", "from ..h5p.views import x") == ["modules.h5p.views.x"]
    assert view_imports("modules/models/pages.py", "from ..learning.read_models import build_kit_view") == []


def test_only_the_writer_writes_progress_and_certificates():
    offenders = {
        path: lines for path, source in source_files("modules", "elearn")
        if path != WRITER and (lines := progress_writes(source))
    }
    assert offenders == {}, f"ItemProgress and Certificate are written only by {WRITER}"
    assert progress_writes((ROOT / WRITER).read_text(encoding="utf-8")), "the writer itself is recognised"


def test_no_private_name_is_imported_from_another_package():
    offenders = {path: names for path, source in source_files("modules", "elearn") if (names := private_imports(path, source))}
    assert offenders == {}


@pytest.mark.parametrize("folder", ["modules/models", "modules/library/panels.py"])
def test_page_models_never_import_views(folder):
    paths = [ROOT / folder] if folder.endswith(".py") else sorted((ROOT / folder).glob("*.py"))
    offenders = {}
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        if names := view_imports(rel, path.read_text(encoding="utf-8")):
            offenders[rel] = names
    assert offenders == {}


def test_page_models_use_only_leaf_modules_and_services():
    used = set()
    for path in sorted((ROOT / "modules/models").glob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        used.update(module for module, _name in imported_modules(rel, path.read_text(encoding="utf-8"))
                    if module.startswith("modules.") and not module.startswith("modules.models"))
    assert used <= PAGE_MODEL_IMPORTS, sorted(used - PAGE_MODEL_IMPORTS)


def test_the_origin_panel_imports_nothing_from_the_project():
    # The page models import it at load time: anything it imported from here would close a circle.
    path = "modules/library/panels.py"
    assert [m for m, _name in imported_modules(path, (ROOT / path).read_text(encoding="utf-8")) if m.startswith("modules")] == []
