"""Bringing a validated package in: the admin form, pack imports and tests all call `apply_package`.

Validation happens before anything is written (rules.py). Here: libraries are stored once and
shared; a library version the site does not have yet is approved at once when a maintainer brings it
in, and otherwise holds the activity back until a maintainer approves it. Only a person approves:
with no user (a pack import, a script) new library code always waits."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..files.journal import file_operation
from ..files.written import WrittenFiles
from ..models import H5PActivity, H5PLibrary
from ..permissions import has_permission
from .rules import validate_package
from .storage import store_content, store_library, store_package_file
from .types import H5PError

APPROVE_PERMISSION = "modules.approve_h5plibrary"


def installed_libraries():
    return frozenset(H5PLibrary.objects.values_list("machine_name", "major_version", "minor_version"))


def validate_upload(data):
    return validate_package(data, installed=installed_libraries())


def can_approve(user):
    """Only a person with the permission approves library code; no user means no approval."""
    return has_permission(user, APPROVE_PERMISSION)


def check_not_duplicate(package, activity):
    other = H5PActivity.objects.filter(package_sha256=package.sha256).exclude(pk=getattr(activity, "pk", None)).first()
    if other is not None:
        raise H5PError(_("This exact package is already in the library as “%(title)s”; use that activity.") % {"title": other.title},
                       rule="duplicate-package")


def apply_package(activity, package, data, user=None, written=None):
    """Store `package` and point `activity` (new or being replaced) at it. Saves the activity.
    `user` approves the new libraries if they may (can_approve); with `user=None` (a pack import)
    they wait for a maintainer. A caller that passes its own
    `written` tracker removes the files itself if its larger transaction fails.

    The admin form calls this only for a new activity: a new package for an existing one is
    proposed for review instead (review.py, which stores it with store_package)."""
    check_not_duplicate(package, activity)
    own_tracker = written is None
    written = written or WrittenFiles()
    # Journalled (files/journal.py): a process killed part-way leaves no orphan file.
    with file_operation():
        try:
            with transaction.atomic():
                fields, libraries = store_package(package, data, user, written)
                for name, value in fields.items():
                    setattr(activity, name, value)
                activity.title = activity.title or str(package.metadata.get("title", ""))[:255] or _("Untitled activity")
                activity.licence = activity.licence or str(package.metadata.get("license", ""))[:64]
                activity.authors = activity.authors or ", ".join(str(a.get("name", "")) for a in package.metadata.get("authors", []) if isinstance(a, dict))[:500]
                set_status(activity, libraries)
                if user is not None and activity.uploaded_by_id is None:
                    activity.uploaded_by = user
                activity.save()
                activity.libraries.set(libraries)
        except BaseException:
            if own_tracker:
                written.remove_all()
            raise
    return activity


def store_package(package, data, user, written):
    """Write the package's files and libraries (new ones approved only if `user` may approve them).
    Returns (the activity fields that point at it, the library rows it needs); touches no activity.
    Call inside a transaction and a file_operation()."""
    approve = can_approve(user)
    stored = [store_library(packaged, written, user if approve else None)[0] for packaged in package.libraries]
    libraries = _dependency_rows(package, stored)
    fields = {
        "package_sha256": package.sha256,
        "package_storage_name": store_package_file(package, data, written),
        "content_storage_prefix": store_content(package, written),
        "h5p_json": package.metadata,
        "content_json": package.content,
        "main_library": _main_library_label(package),
        "language": str(package.metadata.get("language", ""))[:20],
    }
    return fields, libraries


def set_status(activity, libraries):
    """Ready when every library is approved, else waiting, with the libraries named."""
    pending = [library for library in libraries if not library.approved]
    activity.status = H5PActivity.PENDING if pending else H5PActivity.READY
    activity.status_message = _pending_message(pending)


def _dependency_rows(package, stored):
    """The library rows the activity needs: packaged ones as stored, the others already installed."""
    by_ref = {(row.machine_name, row.major_version, row.minor_version): row for row in stored}
    rows = []
    for ref in package.dependencies:
        key = (ref.machine_name, ref.major, ref.minor)
        row = by_ref.get(key) or H5PLibrary.objects.filter(
            machine_name=ref.machine_name, major_version=ref.major, minor_version=ref.minor,
        ).order_by("-approved", "-patch_version").first()
        if row is None:
            raise H5PError(_("The package needs %(lib)s, which is neither in it nor installed.") % {"lib": ref}, rule="missing-dependency")
        rows.append(row)
    return rows


def _main_library_label(package):
    main = package.metadata.get("mainLibrary", "")
    for dependency in package.metadata.get("preloadedDependencies", []):
        if dependency.get("machineName") == main:
            return f"{main} {dependency.get('majorVersion')}.{dependency.get('minorVersion')}"
    return main


def _pending_message(pending):
    if not pending:
        return ""
    names = ", ".join(str(library) for library in pending)
    return _("New H5P libraries need a maintainer's approval before this activity can be played: %(names)s.") % {"names": names}


def do_approve_library(library, user):
    """Approve a library and release every activity that was only waiting for it."""
    return do_approve_libraries([library], user)


def do_approve_libraries(libraries, user):
    """Approve libraries together (e.g. all those one upload brought) and release the activities
    that were only waiting for them."""
    if not can_approve(user):
        raise PermissionError("Only a maintainer with the approval permission approves H5P libraries.")
    ids = [library.pk for library in libraries]
    with transaction.atomic():
        H5PLibrary.objects.filter(pk__in=ids).update(approved=True, approved_by=user)
        released = []
        waiting = H5PActivity.objects.filter(status=H5PActivity.PENDING, libraries__in=ids).distinct().prefetch_related("libraries")
        for activity in waiting:
            if all(row.approved for row in activity.libraries.all()):
                activity.status, activity.status_message = H5PActivity.READY, ""
                activity.save(update_fields=["status", "status_message", "updated_at"])
                released.append(activity)
    return released
