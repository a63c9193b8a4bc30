"""Packs: how content comes in (kit sources, release zips) and goes out (releases, offline copy,
SCORM 1.2, Moodle XML). See docs/content-format.md and docs/pack-format.md."""
