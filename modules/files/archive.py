"""The one safe reader of untrusted archives: H5P uploads, pack imports, the H5P packages of an
offline export and site backups all open theirs here.

Everything is judged on the central directory (zip) or the member list (tar) before a byte of data
is read: entry count, every name (names.py), links and special files, encryption, duplicates once
case, Unicode form and slashes are normalised, declared sizes, total size and compression ratio.
Reading then never trusts a size header: a stream that yields more than its entry declares, or less,
is refused. Every refusal is an UnsafeArchive naming its rule and the entry; a caller that passes
`convert` gets its own area's error instead (PackError, H5PError, BackupError), from the checks and
from every later read alike."""

import io
import stat
import zipfile
import zlib

from .errors import UnsafeArchive
from .limits import ArchiveLimits
from .names import check_entry_name, name_key

ZIP_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


class Closing:
    """`with` closes it."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class SafeZip(Closing):
    """A checked zip. `files` maps each file entry's name to its ZipInfo (folders left out);
    `read(name)` and `open(name)` give its data, bounded by its declared size."""

    def __init__(self, source, limits=ArchiveLimits(), convert=None):
        self.limits, self.convert = limits, convert or _unchanged
        fileobj = io.BytesIO(source) if isinstance(source, (bytes, bytearray, memoryview)) else source
        try:
            try:
                fileobj.seek(0, io.SEEK_END)
                self.archive_size = fileobj.tell()
                fileobj.seek(0)
                self.zip = zipfile.ZipFile(fileobj)
                infos = self.zip.infolist()
            except ZIP_READ_ERRORS as error:
                raise UnsafeArchive(f"The file is not a readable zip archive: it is corrupt or truncated ({error}).",
                                    rule="archive") from error
            self.files = self._check(infos)
        except UnsafeArchive as error:
            converted = self.convert(error)
            if converted is error:
                raise
            raise converted from error

    def _check(self, infos):
        limits = self.limits
        check_count(len(infos), limits)
        seen, files, total = {}, {}, 0
        for info in infos:
            check_entry_name(info.orig_filename)  # zipfile cuts names at a NUL byte; the stored name is what we judge
            name = info.filename
            if stat.S_ISLNK(info.external_attr >> 16):
                raise UnsafeArchive("Links are not allowed in an archive.", name, rule="symlink")
            if info.flag_bits & 0x1:
                raise UnsafeArchive("Encrypted entries are not allowed.", name, rule="encrypted")
            check_unique(name, seen, limits)
            if info.is_dir():
                if info.file_size:
                    raise UnsafeArchive("A folder entry carries data.", name, rule="unsafe-path")
                continue
            total += info.file_size
            check_sizes(name, info.file_size, total, limits)
            if (limits.ratio is not None and info.file_size > limits.ratio_from_bytes
                    and info.file_size > limits.ratio * max(info.compress_size, 1)):
                raise UnsafeArchive(f"The entry's compression ratio is above {limits.ratio}:1, implausibly high (zip bomb?).",
                                    name, rule="zip-bomb")
            if info.header_offset + info.compress_size > self.archive_size:
                raise UnsafeArchive("The entry claims more data than the archive holds.", name, rule="corrupt-entry")
            files[name] = info
        return files

    def open(self, name):
        info = self.files[name]
        try:
            return BoundedStream(self.zip.open(info), info.file_size, name, self.convert)
        except ZIP_READ_ERRORS as error:
            raise self.convert(UnsafeArchive(f"The entry cannot be read: the archive is corrupt or truncated ({error}).", name,
                                             rule="corrupt-entry")) from error

    def read(self, name):
        """The entry's bytes; exactly its declared size or the (converted) UnsafeArchive."""
        with self.open(name) as stream:
            data = stream.read()
        if len(data) != self.files[name].file_size:
            raise self.convert(UnsafeArchive("The entry's size header does not match its content.", name, rule="corrupt-entry"))
        return data

    def close(self):
        self.zip.close()


def _unchanged(error):
    return error


def check_count(count, limits):
    if limits.entries is not None and count > limits.entries:
        raise UnsafeArchive(f"The archive has {count} entries; at most {limits.entries} are allowed.", rule="too-many-entries")


def check_unique(name, seen, limits):
    """`seen` maps the normalised names met so far to the names as written."""
    key = name_key(name) if limits.fold_names else name.rstrip("/")
    if key in seen:
        raise UnsafeArchive(f"Duplicate entry: same name as '{seen[key]}' once case, Unicode and slashes are normalised.",
                            name, rule="duplicate")
    seen[key] = name


def check_sizes(name, size, total, limits):
    if limits.file_bytes is not None and size > limits.file_bytes:
        raise UnsafeArchive(f"The entry is larger than the {limits.file_bytes} bytes allowed for one file.", name, rule="file-size")
    if limits.unpacked_bytes is not None and total > limits.unpacked_bytes:
        raise UnsafeArchive(f"The archive unpacks to more than {limits.unpacked_bytes} bytes.", name, rule="unpacked-size")


class BoundedStream(Closing):
    """Reads at most the declared size; more data means the size header lied. Read errors
    (truncation, bad CRC, bad compressed data) become UnsafeArchive naming the entry."""

    def __init__(self, handle, limit, name, convert=None):
        self.handle, self.limit, self.name, self.read_so_far = handle, limit, name, 0
        self.convert = convert or _unchanged

    def read(self, size=-1):
        try:
            data = self.handle.read(size if size and size > 0 else self.limit + 1)
        except ZIP_READ_ERRORS as error:
            raise self.convert(UnsafeArchive(
                f"The entry's data does not match its size or checksum header (corrupt or tampered archive: {error}).",
                self.name, rule="corrupt-entry")) from error
        self.read_so_far += len(data)
        if self.read_so_far > self.limit:
            raise self.convert(UnsafeArchive("The entry is larger than its size header says.", self.name, rule="corrupt-entry"))
        return data

    def close(self):
        self.handle.close()


def check_tar_members(members, limits=ArchiveLimits()):
    """{name: TarInfo} of a tar's members, judged by the same rules as a zip's entries: no links,
    devices or FIFOs, no unsafe or duplicate names. Members are only ever read as streams, never
    extracted to a path of their own choosing."""
    check_count(len(members), limits)
    seen, checked, total = {}, {}, 0
    for member in members:
        name = member.name
        check_entry_name(name)
        if member.issym() or member.islnk():
            raise UnsafeArchive("Links are not allowed in an archive.", name, rule="symlink")
        if not (member.isfile() or member.isdir()):
            raise UnsafeArchive("Devices and other special files are not allowed in an archive.", name, rule="special-file")
        check_unique(name, seen, limits)
        if member.isfile():
            total += member.size
            check_sizes(name, member.size, total, limits)
        checked[name] = member
    return checked
