import pytest

from modules.packs.errors import PackContentError
from modules.packs.manifest import validate_manifest


def test_real_kits_snapshot_into_valid_manifests(manifest_t1, manifest_t2):
    assert [m["code"] for m in manifest_t2["modules"]] == ["SH-1", "SH-2", "T2-3", "T2-4", "T2-5", "T2-6"]
    assert manifest_t1["metadata"]["funder"]["name"].startswith("European Regional Development Fund")
    assert manifest_t1["kit"]["licence"] == "CC-BY-4.0" and manifest_t1["kit"]["languages"] == ["en"]
    assert all(m["quiz"] and len(m["quiz"]["questions"]) >= 4 for m in manifest_t1["modules"])


@pytest.mark.parametrize("breakage", ["version", "question_type", "extra_field", "bad_id"])
def test_schema_violations_name_where_they_are(manifest_t1, breakage):
    if breakage == "version":
        manifest_t1["version"] = "v1"
    elif breakage == "question_type":
        manifest_t1["modules"][0]["quiz"]["questions"][0]["type"] = "essay"
    elif breakage == "extra_field":
        manifest_t1["modules"][1]["lessons"][0]["script"] = "alert(1)"
    else:
        manifest_t1["modules"][0]["id"] = "not-a-uuid"
    with pytest.raises(PackContentError, match="manifest.json"):
        validate_manifest(manifest_t1)
