"""Target groups and thematic areas: one shared vocabulary whose names in each language the kits'
sources and packs carry (`term_names`); the kit page shows the reader's language, English otherwise."""

import html

import pytest

from modules.models import KitPage, TargetGroup, ThematicArea
from modules.packs.errors import PackContentError
from modules.packs.loader import load_pack_folder
from modules.packs.manifest import build_kit_snapshot
from modules.packs.media import MediaCollector
from tests.modules.pack_factory import edited_yaml, write_pack

pytestmark = pytest.mark.django_db

@pytest.mark.parametrize("language, group, area", [
    ("en", "Regional and national authorities", "Smart technologies"),
    ("de", "Regionale und nationale Behörden", "Intelligente Technologien"),
    ("fr", "Autorités régionales et nationales", "Technologies intelligentes"),
    ("it", "Autorità regionali e nazionali", "Tecnologie intelligenti"),
    ("sl", "Regionalni in nacionalni organi", "Pametne tehnologije"),
])
def test_kit_page_names_target_groups_and_areas_in_the_readers_language(client, kit_t1, language, group, area):
    prefix = "" if language == "en" else f"/{language}"
    body = html.unescape(client.get(f"{prefix}/itg-t1/").content.decode())
    assert group in body and area in body
    if language != "en":
        assert "Regional and national authorities" not in body and "Smart technologies" not in body


def test_the_snapshot_carries_the_names_so_an_imported_pack_keeps_them(kit_t1):
    kit_data, _modules = build_kit_snapshot(kit_t1, MediaCollector())
    names = kit_data["term_names"]
    assert names["target_groups"]["Cluster managers"]["de"] == "Clustermanagerinnen und Clustermanager"
    assert names["thematic_areas"]["circular-economy"] == {
        "de": "Kreislaufwirtschaft", "en": "Circular economy", "fr": "Économie circulaire", "it": "Economia circolare", "sl": "Krožno gospodarstvo"}


def test_a_pack_without_names_leaves_them_out_and_keeps_the_english_name(tmp_path):
    root = write_pack(tmp_path / "pack", slug="plain-kit")
    with edited_yaml(root / "pack.yaml") as data:
        data["kit"]["audience"] = ["Innovation agencies"]
        data["kit"]["thematic_areas"] = ["blue-economy"]
    load_pack_folder(root)
    kit = KitPage.objects.get(slug="plain-kit")
    group = TargetGroup.objects.get(slug="innovation-agencies")
    assert group.names == {} and group.display_name == "Innovation agencies"
    assert "term_names" not in build_kit_snapshot(kit, MediaCollector())[0]


def test_a_pack_names_a_new_term_in_other_languages(tmp_path, settings):
    root = write_pack(tmp_path / "pack", slug="named-kit")
    with edited_yaml(root / "pack.yaml") as data:
        data["kit"]["audience"] = ["Innovation agencies"]
        data["kit"]["thematic_areas"] = ["blue-economy"]
        data["kit"]["term_names"] = {"target_groups": {"Innovation agencies": {"de": "Innovationsagenturen"}},
                                     "thematic_areas": {"blue-economy": {"en": "Blue economy", "fr": "Économie bleue"}}}
    load_pack_folder(root)
    from django.utils import translation
    area = ThematicArea.objects.get(slug="blue-economy")
    with translation.override("fr"):
        assert area.display_name == "Économie bleue"
    with translation.override("de"):
        assert area.display_name == "Blue economy"  # no German name: the English one
        assert TargetGroup.objects.get(slug="innovation-agencies").display_name == "Innovationsagenturen"


@pytest.mark.parametrize("names", [
    ["not", "a", "mapping"],
    {"audiences": {"Cluster managers": {"de": "x"}}},
    {"target_groups": {"Cluster managers": "Clustermanager"}},
])
def test_malformed_term_names_are_refused_and_nothing_is_stored(tmp_path, names):
    root = write_pack(tmp_path / "pack", slug="broken-kit")
    with edited_yaml(root / "pack.yaml") as data:
        data["kit"]["term_names"] = names
    with pytest.raises(PackContentError, match="term_names"):
        load_pack_folder(root)
    assert not KitPage.objects.filter(slug="broken-kit").exists()
