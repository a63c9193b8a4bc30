"""Layering rules read from the source (docs/design.md §4 and "Where things live"): one writer of
learner progress, page models that never import views, no private name imported across packages, no
import cycle. Each rule is checked by a scanner over the code base, and each scanner is shown to
catch a breach first."""

import ast
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WRITER = "modules/learning/records.py"
WRITTEN_MODELS = {"ItemProgress", "Certificate", "SelfAssessmentResult"}
# Reverse accessors of those models on the user (related_name in learning/models.py).
WRITTEN_RELATIONS = {"item_progress", "certificates", "self_assessment_results"}
WRITE_METHODS = {"create", "get_or_create", "update_or_create", "bulk_create", "bulk_update", "update", "delete", "save"}
VIEW_MODULES = ("views", "preview_views", "admin_views", "pack_views", "wagtail_hooks", "urls")
# What page models may use from the rest of the project: leaf modules, and the services their methods
# call (which import no page class; test_no_module_imports_itself_round_a_circle holds them to it).
PAGE_MODEL_IMPORTS = {
    "modules.blocks", "modules.errors", "modules.grading", "modules.library.panels", "modules.locale_routing",
    "modules.question_pool", "modules.learning.read_models", "modules.learning.records", "modules.certificates",
    # The self-assessment's pure rule (a leaf: it imports only modules.errors) and the learner service
    # its page calls (which imports no page class).
    "modules.self_assessment", "modules.self_assessment_service",
    # Leaves (they import only Django): models/__init__ imports them so the app registers the learner
    # records and the xAPI outbox.
    "modules.learning.models", "modules.interop.models", "modules.jobs.models",
    # A leaf too (Django and django-lti's models): registers the LTI platforms, grade links and scores.
    "modules.lti.models",
    # The lesson editor's form (a leaf: blocks and the app registry): new questions for the module's quiz.
    "modules.lesson_form",
    # A person's own download (a leaf: Django only): the certificate PDF.
    "modules.downloads",
    # The licences a kit may carry (a leaf: no import at all).
    "modules.licences",
}

# The layers of docs/design.md ("Where things live"), lowest first: a module imports only its own layer
# and those below. Each module takes the first place it matches. A module that imports nothing from
# the project (a package's docstring-only __init__, a leaf) is one anyone may import.
LAYERS = ("shared leaves", "record models", "learner services", "page models", "services", "views", "urls")
PLACES = [
    ("urls", ["*.urls", "*.admin_urls", "modules.wagtail_hooks", "elearn.wsgi", "elearn.asgi"]),
    ("views", ["*.views", "*.admin_views", "modules.preview_views", "*.apps", "*.templatetags", "*.templatetags.*", "modules.management.*"]),
    ("page models", ["modules.models", "modules.models.pages", "elearn.site.models"]),
    ("learner services", ["modules.learning.records", "modules.learning.read_models", "modules.self_assessment_service"]),
    ("record models", ["modules.models.*", "modules.learning.models", "modules.interop.models", "modules.lti.models", "modules.jobs.models", "elearn.accounts.models"]),
    ("shared leaves", [
        "modules.errors", "modules.files.*", "modules.sanitize", "modules.grading", "modules.scoring_rule", "modules.question_pool", "modules.blocks",
        "modules.certificates", "modules.locale_routing", "modules.permissions", "modules.library.panels", "modules.interop.signals",
        "modules.h5p.types", "modules.packs.errors", "modules.lesson_form", "modules.self_assessment", "modules.self_assessment_pdf", "modules.funding",
        "modules.key_rotation", "modules.downloads", "modules.licences",
        "elearn.settings", "elearn.settings.*", "elearn.site.page_cache", "elearn.site.overlay",
    ]),
    ("services", ["modules", "modules.*", "elearn", "elearn.*"]),
]


def layer_of(name):
    return next(LAYERS.index(layer) for layer, patterns in PLACES if any(fnmatch(name, pattern) for pattern in patterns))


def layer_breaches(graph):
    """(importer, its layer, imported, its layer) for every import of a higher layer."""
    return sorted(
        (name, LAYERS[layer_of(name)], target, LAYERS[layer_of(target)])
        for name, edges in graph.items() for target in edges
        if graph.get(target) and layer_of(target) > layer_of(name)
    )


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


def module_sources(*folders):
    """{dotted module name: source} of every module in `folders`; a package is named by its folder."""
    modules = {}
    for path, source in source_files(*folders):
        name = path[:-3].replace("/", ".")
        modules[name.removesuffix(".__init__")] = (path, source)
    return modules


def import_graph(modules):
    """{module: modules it imports} among `modules` ({name: (path, source)}), counting imports inside
    functions: a deferred import still makes the circle, it only moves the failure to run time.

    `from a import b` imports the module a.b when there is one, else a. Importing a.b.c first runs
    the packages above it (a, then a.b), so those count too, except the importer's own packages:
    Python ran them before the importer. That is how a package that re-exports its submodules (Django
    loads an app's models from modules/models/__init__.py, which imports every model module) is no
    circle with those submodules importing each other, while a service that imports any model module
    from outside depends on all of them, page classes included."""
    graph = {}
    for name, (path, source) in modules.items():
        edges = graph.setdefault(name, set())
        for module, imported in imported_modules(path, source):
            target = f"{module}.{imported}" if imported and f"{module}.{imported}" in modules else module
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if not target or target == name:
                continue
            edges.add(target)
            parts = target.split(".")
            edges.update(
                package for package in (".".join(parts[:i]) for i in range(1, len(parts)))
                if package in modules and not (name + ".").startswith(package + ".")
            )
    return graph


def import_cycles(graph):
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return sorted(cycles)


def cycles_in(files):
    """Import cycles among `files` ({path: source}), for the scanner test."""
    modules = {path[:-3].replace("/", ".").removesuffix(".__init__"): (path, source) for path, source in files.items()}
    return import_cycles(import_graph(modules))


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
    assert private_imports("tests/modules/test_glossary.py", "from modules.glossary import _pattern") == ["modules.glossary._pattern"]
    assert imported_modules("tests/browser/test_b.py", "from .test_a import complete") == [("tests.browser.test_a", "complete")]
    assert view_imports("modules/models/pages.py", "def f():\n    from ..views import kit_certificate") == ["modules.views.kit_certificate"]
    assert view_imports("modules/models/pages.py", "from .. import views") == ["modules.views"]
    assert view_imports("modules/models/pages.py", "from ..h5p.views import x") == ["modules.h5p.views.x"]
    assert view_imports("modules/models/pages.py", "from ..learning.read_models import build_kit_view") == []
    # Import cycles, through imports inside functions and through the package a submodule runs first.
    assert cycles_in({"modules/a.py": "def f():\n    from . import b", "modules/b.py": "from .a import x"}) == [["modules.a", "modules.b"]]
    assert cycles_in({
        "modules/models/__init__.py": "from .pages import Page", "modules/models/pages.py": "from ..reads import view",
        "modules/models/rows.py": "", "modules/reads.py": "from .models.rows import Row",
    }) == [["modules.models", "modules.models.pages", "modules.reads"]]
    # Not a cycle: a package re-exporting submodules that import each other, nor an import of its leaves.
    assert cycles_in({
        "modules/models/__init__.py": "from .pages import Page\nfrom .rows import Row", "modules/models/pages.py": "from .rows import Row",
        "modules/models/rows.py": "", "modules/reads.py": "from .models import Row",
    }) == []
    assert layer_breaches({"modules.models.pages": {"modules.views"}, "modules.views": {"modules.errors"}}) == [
        ("modules.models.pages", "page models", "modules.views", "views")]
    assert layer_breaches({"modules.packs.importer": {"modules.packs.urls"}, "modules.packs.urls": {"modules.packs.views"}}) == [
        ("modules.packs.importer", "services", "modules.packs.urls", "urls")]
    assert layer_breaches({"modules.views": {"modules.attempts"}, "modules.attempts": {"modules.models"}, "modules.models": {"modules.models.pages"}}) == []
    assert layer_breaches({"modules.learning.records": {"modules.library"}, "modules.library": set()}) == []
    assert cycles_in({"modules/learning/__init__.py": "", "modules/learning/models.py": "", "modules/models/__init__.py": "from ..learning.models import Row",
                      "modules/models/pages.py": "from ..learning import reads", "modules/learning/reads.py": "from .models import Row"}) == []


def test_only_the_writer_writes_progress_and_certificates():
    offenders = {
        path: lines for path, source in source_files("modules", "elearn")
        if path != WRITER and (lines := progress_writes(source))
    }
    assert offenders == {}, f"ItemProgress and Certificate are written only by {WRITER}"
    assert progress_writes((ROOT / WRITER).read_text(encoding="utf-8")), "the writer itself is recognised"


def test_no_module_imports_itself_round_a_circle():
    """No strongly connected component of more than one module among modules/ and elearn/, counting
    imports inside functions: every layer imports only the layers below it (docs/design.md)."""
    assert import_cycles(import_graph(module_sources("modules", "elearn"))) == []


def test_every_import_goes_down_the_layers():
    """The map in docs/design.md holds: nothing imports a layer above its own."""
    assert layer_breaches(import_graph(module_sources("modules", "elearn"))) == []


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


def test_tests_reach_the_code_by_public_names_and_share_builders_through_helpers():
    """A test reads the code through its public names, and shares builders through fixtures and helper
    modules (tests/modules/helpers.py, tests/browser/journey.py …), never by importing another test module."""
    private = {path: names for path, source in source_files("tests") if (names := private_imports(path, source))}
    from_tests = {
        path: found for path, source in source_files("tests")
        if (found := [module for module, _name in imported_modules(path, source) if module.rsplit(".", 1)[-1].startswith("test_")])
    }
    assert (private, from_tests) == ({}, {})
