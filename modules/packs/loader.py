"""Load pack folders through the importer: what `load_kits` and the set-up command call."""

from .importer import import_pack_data
from .source import FolderSource, read_pack


def load_pack_folder(folder, *, publish=True, dry_run=False, progress=None):
    source = FolderSource(folder)
    pack = read_pack(source)
    return import_pack_data(pack, source=f"folder:{source.root.parent.name}/{source.root.name}", publish=publish, dry_run=dry_run, progress=progress)
