"""Load pack folders through the importer: what `load_kits` and the set-up command call."""

from .importer import import_pack_data
from .source import FolderSource, read_pack


def load_pack_folder(folder, *, publish=True, dry_run=False, progress=None):
    pack = read_pack(FolderSource(folder))
    return import_pack_data(pack, publish=publish, dry_run=dry_run, progress=progress)
