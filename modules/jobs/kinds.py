"""What each kind of job does, step by step, with the same services as the admin and the commands."""

import tempfile

from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from elearn.backup import BackupArchive, create_backup
from elearn.backup import folder as backup_folder

from ..models import KitPage
from ..packs import staging
from ..packs.errors import PackError
from ..packs.loader import fetch_pack, load_pack_archive
from ..packs.releases import check_new_version, cut_release
from ..packs.urlcheck import check_pack_url
from .models import Job


def failure_message(job, reason):
    """The error in the language of the person who asked; `reason` is the service's own message."""
    lead = {Job.RELEASE: _("The release could not be cut: %(reason)s"), Job.IMPORT_PREVIEW: _("The pack could not be checked: %(reason)s"),
            Job.IMPORT_APPLY: _("The pack could not be imported: %(reason)s"), Job.BACKUP: _("The backup could not be made: %(reason)s")}[job.kind]
    return lead % {"reason": reason}


def cut_kit_release(job, progress):
    params = job.params
    progress.step(1, _("Checking the kit and the version"))
    kit = KitPage.objects.live().filter(pk=params["kit"]).first()
    if kit is None:
        raise PackError(_("The kit is no longer published."))
    check_new_version(kit, params["version"])
    progress.step(2, _("Building the snapshot and every download, then storing them"))
    release = cut_release(kit, params["version"], params.get("notes", ""), user=job.created_by, say=progress.say)
    return {"release": release.pk, "kit_title": release.kit_title, "kit_slug": release.kit_slug, "version": release.version,
            "files": release.files.count(),
            "message": _("Release %(version)s of %(kit)s is cut.") % {"version": release.version, "kit": release.kit_title}}


def check_pack(job, progress):
    params = job.params
    step = 1
    if params.get("url"):
        progress.step(1, _("Downloading the pack"))
        check_pack_url(params["url"])
        with tempfile.TemporaryFile(prefix="elearn-job-") as download:
            fetch_pack(params["url"], download)
            staged = staging.store(File(download, name="pack.zip"), token=job.pk.hex)
        params["staged"] = staged
        job.params = params
        Job.objects.filter(pk=job.pk).update(params=params)
        step = 2
    progress.step(step, _("Checking the pack: format, checksums, sizes, paths, and what it would change"))
    try:
        with _open(params["staged"]) as handle:
            report = load_pack_archive(handle, source=params["filename"], dry_run=True, say=progress.say)
    except BaseException:
        staging.discard_quietly(params["staged"])
        raise
    return {**report_data(report), "message": _("Checked. Nothing is written until you apply it.")}


def import_pack(job, progress):
    params = job.params
    progress.step(1, _("Importing the pack as drafts"))
    try:
        with _open(params["staged"]) as handle:
            report = load_pack_archive(handle, source=params["filename"], say=progress.say)
    finally:
        staging.discard_quietly(params["staged"])
    return {**report_data(report), "message": _("Imported %(file)s as drafts: %(summary)s.") % {"file": params["filename"], "summary": report.summary()}}


def _open(storage_name):
    try:
        return staging.open_staged(storage_name)
    except FileNotFoundError as error:
        raise PackError(_("That upload is no longer in storage; upload the pack again.")) from error


def report_data(report):
    """An import report as JSON for the job's record (rendered by the job page like the report itself)."""
    return {"summary": report.summary(), "items": {key: list(labels) for key, labels in report.items.items()},
            "conflicts": [{"label": c.label, "local": c.local, "upstream": c.upstream} for c in report.conflicts]}


def back_up_site(job, progress):
    """`manage.py backup_site` into the backup folder, then the archive checked file by file, then the
    oldest archives beyond ELEARN_BACKUP_KEEP deleted. The archive is written as NAME.partial and the
    dump in .NAME.work/: whatever stops the job (an error, the worker killed: recovery.py) leaves
    neither behind."""
    name = job.params["file"]
    path = backup_folder.backup_path(name)
    backup_folder.ensure_root()
    work = backup_folder.work_folder(name)
    work.mkdir(mode=0o700, exist_ok=True)
    stages = {"database": (1, _("Copying the database")), "media": (2, _("Copying every media file into the archive"))}
    try:
        manifest = create_backup(path, say=progress.say, on_stage=lambda stage: progress.step(*stages[stage]), work_dir=work)
    finally:
        backup_folder.discard_partial(name)
    progress.step(3, _("Checking the archive: every file against its checksum"))
    try:
        with BackupArchive(path) as archive:
            archive.verify(progress.say)
    except BaseException:
        path.unlink(missing_ok=True)  # an archive that does not read back is no backup
        raise
    size = path.stat().st_size
    removed = backup_folder.remove_old_backups(current=name)  # only now: a failed backup removes no older one
    return {"file": name, "size": size, "removed": removed, "engine": manifest["engine"], "tables": len(manifest["table_counts"]),
            "media_files": manifest["media_files"], "key_counts": manifest["key_counts"],
            "message": _("The site is backed up: %(file)s (%(size)s), the database and %(media)s media files, checked.") % {
                "file": name, "size": filesizeformat(size), "media": manifest["media_files"]}}


HANDLERS = {Job.RELEASE: cut_kit_release, Job.IMPORT_PREVIEW: check_pack, Job.IMPORT_APPLY: import_pack, Job.BACKUP: back_up_site}
