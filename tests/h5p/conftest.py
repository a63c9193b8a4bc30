"""H5P fixtures: activities stored the way modules/h5p/storage.py lays them out, straight from
builders.py files, so player tests need neither the upload pipeline nor pyh5p."""

import hashlib
import json

import pytest

from .builders import elearn_check_files, zip_files


def store_activity(files=None, *, status="ready", approved=True):
    """An H5PActivity with its libraries, files written through default_storage:
    <content prefix>/h5p.json, <content prefix>/content/..., <library prefix>/library.json, ..."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from modules.models import H5PActivity, H5PLibrary

    files = files or elearn_check_files()
    sha256 = hashlib.sha256(zip_files(files)).hexdigest()

    def write(name, data):
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(data))

    libraries = []
    folders = sorted({name.split("/", 1)[0] for name in files if "/" in name and not name.startswith("content/")})
    for folder in folders:
        library_files = {name[len(folder) + 1:]: data for name, data in files.items() if name.startswith(folder + "/")}
        meta = json.loads(library_files["library.json"])
        content_hash = hashlib.sha256(b"".join(path.encode() + hashlib.sha256(data).digest()
                                               for path, data in sorted(library_files.items()))).hexdigest()
        library, created = H5PLibrary.objects.get_or_create(
            machine_name=meta["machineName"], major_version=meta["majorVersion"], minor_version=meta["minorVersion"],
            patch_version=meta["patchVersion"], content_hash=content_hash,
            defaults={"title": meta["title"], "runnable": bool(meta.get("runnable")), "metadata": meta, "approved": approved,
                      "storage_prefix": f"h5p/libraries/{folder}-{meta['patchVersion']}-{content_hash[:12]}"},
        )
        if created:
            for path, data in library_files.items():
                write(f"{library.storage_prefix}/{path}", data)
        libraries.append(library)

    prefix = f"h5p/content/{sha256[:32]}"
    for name, data in files.items():
        if name == "h5p.json" or name.startswith("content/"):
            write(f"{prefix}/{name}", data)
    meta = json.loads(files["h5p.json"])
    main = next(dep for dep in meta["preloadedDependencies"] if dep["machineName"] == meta["mainLibrary"])
    activity = H5PActivity.objects.create(
        title=meta["title"], main_library=f"{main['machineName']} {main['majorVersion']}.{main['minorVersion']}",
        package_sha256=sha256, package_storage_name=f"h5p/packages/{sha256}.h5p", content_storage_prefix=prefix,
        h5p_json=meta, content_json=json.loads(files["content/content.json"]), status=status,
    )
    activity.libraries.set(libraries)
    return activity


@pytest.fixture
def h5p_media(settings, tmp_path):
    """default_storage in a fresh folder for this test."""
    settings.MEDIA_ROOT = tmp_path / "h5p-media"
    return settings.MEDIA_ROOT


@pytest.fixture
def check_activity(db, h5p_media):
    """The ElearnCheck activity, stored and ready to play."""
    return store_activity()
