"""Release snapshots of the real kits, as cutting a release would build them."""

import copy

from modules.models import KitPage
from modules.packs.manifest import build_kit_snapshot, build_manifest
from modules.packs.media import MediaCollector
from modules.packs.pack_translations import build_translations


def snapshot_manifest(slug, version="1.0.0", translations=False):
    """`translations`: carry the kit's live translations, as cutting a release does."""
    media = MediaCollector()
    kit_data, modules = build_kit_snapshot(KitPage.objects.get(slug=slug, locale__language_code="en"), media)
    found = build_translations(kit_data, modules, "en") if translations else None
    return build_manifest(kit_data, modules, version=version, notes="First release.", files=media.file_entries(),
                          changelog=[{"version": version, "date": "2026-11-26", "notes": "First release."}], translations=found)


def bump(manifest, version):
    new = copy.deepcopy(manifest)
    new["version"] = version
    new["changelog"].append({"version": version, "date": "2027-01-15", "notes": "Upstream update."})
    return new


_GERMAN_SH1_SOURCES = {}


def german_sh1_sources():
    """A copy of itg_t1's sources whose translations/ holds only SH-1 in German (the module, its lessons,
    its quiz), made once per test run. The real sources carry all of both kits in four languages: loading
    them takes about a minute, and these tests are about how one translated module behaves, not about
    how many there are (test_translation_fidelity.py checks every file; the browser journeys load all)."""
    if "folder" not in _GERMAN_SH1_SOURCES:
        import atexit
        import shutil
        import tempfile
        from pathlib import Path

        from django.conf import settings

        from modules.models import ModulePage
        from modules.packs.translations import FOLDER

        original = Path(settings.ELEARN_KIT_SOURCES[0])
        # Same last two path parts as the original: the pages' provenance reads "folder:itg_t1/content".
        root = tempfile.mkdtemp(prefix="elearn-sh1-de-")
        atexit.register(shutil.rmtree, root, True)
        folder = Path(root) / original.parent.name / original.name
        shutil.copytree(original, folder, ignore=lambda path, names: [FOLDER] if Path(path) == original else [])
        module = ModulePage.objects.get(code="SH-1", locale__language_code="en")
        keys = [module.translation_key, *(page.translation_key for page in module.get_children())]
        (folder / FOLDER / "de").mkdir(parents=True)
        for key in keys:
            shutil.copy(original / FOLDER / "de" / f"{key}.po", folder / FOLDER / "de" / f"{key}.po")
        _GERMAN_SH1_SOURCES["folder"] = folder
    return _GERMAN_SH1_SOURCES["folder"]


def load_german_sh1():
    """SH-1 in German from itg_t1's sources (the test settings leave kit translations out)."""
    from django.test import override_settings

    from modules.packs.loader import load_pack_folder

    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        return load_pack_folder(german_sh1_sources())


def german_manifest(slug="itg-t1"):
    """The snapshot of a kit with German SH-1 (from the kit sources), as cutting a release builds it."""
    load_german_sh1()
    return snapshot_manifest(slug, translations=True)


def with_language(manifest, language, like="de"):
    """The manifest with `language` carrying the same translated entries as `like` (text left as it is):
    enough to check what a per-language export prints around the content, e.g. the funding statement."""
    new = copy.deepcopy(manifest)
    new["translations"][language] = copy.deepcopy(new["translations"][like])
    new["languages"] = [*new["languages"], language]
    return new
