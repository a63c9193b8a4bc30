"""Release snapshots of the real kits, as cutting a release would build them."""

import copy
from pathlib import Path

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


_SOURCE_COPIES = {}
LANGUAGES = ("de", "fr", "it", "sl")


def _copy_of_sources(original, keep):
    """A copy of the kit sources `original` whose translations/ holds only the PO files `keep` yields
    ([(language, stable id)]), made once per test run. Same last two path parts as the original: the
    pages' provenance reads "folder:itg_t1/content"."""
    import atexit
    import shutil
    import tempfile

    from modules.packs.translations import FOLDER

    original = Path(original)
    root = tempfile.mkdtemp(prefix="elearn-sources-")
    atexit.register(shutil.rmtree, root, True)
    folder = Path(root) / original.parent.name / original.name
    shutil.copytree(original, folder, ignore=lambda path, names: [FOLDER] if Path(path) == original else [])
    for language, key in keep:
        (folder / FOLDER / language).mkdir(parents=True, exist_ok=True)
        shutil.copy(original / FOLDER / language / f"{key}.po", folder / FOLDER / language / f"{key}.po")
    return folder


def sh1_ids():
    """The stable ids of SH-1 (the module, its lessons, its quiz), read from itg_t1's sources."""
    import yaml
    from django.conf import settings

    module = Path(settings.ELEARN_KIT_SOURCES[0]) / "modules" / "sh-1"
    data = yaml.safe_load((module / "module.yaml").read_text())
    lessons = [yaml.safe_load((module / lesson).read_text().split("---")[1])["id"] for lesson in data["lessons"]]
    return [data["id"], *lessons, yaml.safe_load((module / data["quiz"]).read_text())["id"]]


def sh1_sources(languages=("de",)):
    """A copy of itg_t1's sources whose translations/ holds only SH-1 (the module, its lessons, its quiz)
    in `languages`. The real sources carry all of both kits in four languages: loading them takes about a
    minute, and most tests are about how a translated module behaves, not about how many there are
    (test_translation_fidelity.py checks every file; the browser journeys and one release test load all)."""
    from django.conf import settings

    languages = tuple(languages)
    if ("sh1", languages) not in _SOURCE_COPIES:
        keep = [(language, key) for language in languages for key in sh1_ids()]
        _SOURCE_COPIES["sh1", languages] = _copy_of_sources(settings.ELEARN_KIT_SOURCES[0], keep)
    return _SOURCE_COPIES["sh1", languages]


def untranslated_sources(index):
    """A copy of the kit sources settings.ELEARN_KIT_SOURCES[index] without translations."""
    from django.conf import settings

    if ("none", index) not in _SOURCE_COPIES:
        _SOURCE_COPIES["none", index] = _copy_of_sources(settings.ELEARN_KIT_SOURCES[index], [])
    return _SOURCE_COPIES["none", index]


def german_sh1_sources():
    """itg_t1's sources with only SH-1 in German."""
    return sh1_sources(("de",))


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


T1_4_SELF_ASSESSMENT = "591919b1-d1f9-4231-acbb-993d35969286"


def load_german_t1_4_self_assessment():
    """Only the T1-4 self-assessment (StressTest) in German from itg_t1's sources."""
    from django.conf import settings
    from django.test import override_settings

    from modules.packs.loader import load_pack_folder

    if "t1-4-sa" not in _SOURCE_COPIES:
        _SOURCE_COPIES["t1-4-sa"] = _copy_of_sources(settings.ELEARN_KIT_SOURCES[0], [("de", T1_4_SELF_ASSESSMENT)])
    with override_settings(ELEARN_KIT_TRANSLATIONS=True):
        return load_pack_folder(_SOURCE_COPIES["t1-4-sa"])
