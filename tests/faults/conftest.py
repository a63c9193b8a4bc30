"""Fault fixtures: a private media folder, a media folder that is full or cannot be written, and a
snapshot of what is stored, to prove a failed operation changed nothing."""

import hashlib
import os

import pytest


FULL = "tests.faults.storages.FullDiskStorage"
UNWRITABLE = "tests.faults.storages.UnwritableStorage"


@pytest.fixture(autouse=True)
def private_media(media_root):
    """Every fault test stores into a media folder of its own (tests/conftest.py's `media_root`)."""
    return media_root


def snapshot(root):
    """Every stored file (name -> sha256): the 'previous state' a failure must keep."""
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def use_storage(settings, backend):
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend}}


@pytest.fixture(params=["full-disk", "unwritable"])
def broken_media(request, settings, media_root):
    """Makes the media folder fail on the next write: ENOSPC (a storage whose writes fail part-way), or
    a folder the server may not write to. That one is a real chmod 0o500 folder unless the tests run
    as root (CI), where permissions do not stop writes: then a storage raising EACCES stands in.
    Returns a function that breaks the media folder (call it once the previous state is in place)."""

    def breaking():
        if request.param == "full-disk":
            use_storage(settings, FULL)
        elif os.geteuid() == 0:
            use_storage(settings, UNWRITABLE)
        else:
            for folder in [media_root, *[p for p in media_root.rglob("*") if p.is_dir()]]:
                folder.chmod(0o500)
        return request.param

    yield breaking
    for folder in [media_root, *[p for p in media_root.rglob("*") if p.is_dir()]]:
        folder.chmod(0o700)


def reason_text(kind):
    """The words the user sees for each fault."""
    return "disk is full" if kind == "full-disk" else "may not write to its media folder"
