"""Packs: the one way content comes in (and, later, goes out). See docs/content-format.md."""
