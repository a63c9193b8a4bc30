"""The one safe archive reader (modules/files/archive.py, names.py): each rule refuses a hostile
archive with the rule and the entry named, before any data is read; nothing is written anywhere."""

import io
import stat
import tarfile
import zipfile

import pytest

from modules.files.archive import SafeZip, check_tar_members
from modules.files.errors import UnsafeArchive
from modules.files.limits import ArchiveLimits, h5p_limits, pack_limits


def zip_of(*entries):
    """Entries: (name or ZipInfo, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def refused(data, rule, entry=None, limits=ArchiveLimits()):
    with pytest.raises(UnsafeArchive) as caught:
        SafeZip(data, limits)
    assert (caught.value.rule, caught.value.entry) == (rule, entry), caught.value
    assert caught.value.message.endswith((".", ")")) and caught.value.status == 400
    return caught.value


@pytest.mark.parametrize("name, rule", [
    ("../evil.js", "path-traversal"), ("a/../../evil.js", "path-traversal"), ("a\\..\\..\\evil.js", "path-traversal"),
    ("a/%2e%2e/%2e%2e/evil.js", "path-traversal"), ("a/%252e%252e/evil.js", "path-traversal"),
    ("a/\uff0e\uff0e/evil.js", "path-traversal"), ("a/\u2025/evil.js", "path-traversal"),
    ("/etc/passwd", "absolute-path"), ("C:\\Windows\\evil.dll", "absolute-path"), ("C:x.js", "absolute-path"),
    ("\\\\server\\share\\x.js", "absolute-path"), ("a/b%41.txt", "unsafe-path"), ("a/b:c.txt", "unsafe-path"),
    ("a//b.txt", "unsafe-path"), ("a/./b.txt", "unsafe-path"),
])
def test_unsafe_names_are_refused_with_their_rule(name, rule):
    refused(zip_of((zipfile.ZipInfo(name), b"x")), rule, name)


def test_control_characters_and_nul_are_refused():
    refused(zip_of(("a/x\r.txt", b"x")), "control-character", repr("a/x\r.txt"))
    data = zip_of(("a/aa.txt", b"x")).replace(b"a/aa.txt", b"a/\x00a.txt")
    refused(data, "nul-in-name", "a/\\x00a.txt")


def test_links_are_refused():
    link = zipfile.ZipInfo("a/link.png")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    refused(zip_of((link, b"/etc/passwd")), "symlink", "a/link.png")


@pytest.mark.parametrize("first, second", [
    ("a/dot.png", "a/DOT.png"),              # case
    ("a/e\u0301.png", "a/\u00e9.png"),       # Unicode composition
    ("a/\uff41.png", "a/a.png"),             # NFKC compatibility form (fullwidth a)
])
def test_duplicates_after_normalising_are_refused(first, second):
    refused(zip_of((first, b"1"), (second, b"2")), "duplicate", second)


def test_limits_are_the_callers():
    many = zip_of(*[(f"a/{i}.txt", b"x") for i in range(6)])
    refused(many, "too-many-entries", limits=ArchiveLimits(entries=5))
    assert len(SafeZip(many, ArchiveLimits(entries=6)).files) == 6
    big = zip_of(("a/big.txt", bytes(range(256)) * 40))
    refused(big, "file-size", "a/big.txt", ArchiveLimits(file_bytes=10_000))
    refused(zip_of(("a/1.txt", bytes(range(256)) * 20), ("a/2.txt", bytes(range(256)) * 20)), "unpacked-size", "a/2.txt",
            ArchiveLimits(unpacked_bytes=6000))
    bomb = zip_of(("a/zeros.txt", b"\0" * 1_000_000))
    refused(bomb, "zip-bomb", "a/zeros.txt", ArchiveLimits(ratio=100))
    assert SafeZip(zip_of(("a/small.txt", b"\0" * 1000)), ArchiveLimits(ratio=100, ratio_from_bytes=1024)).files


def test_limits_come_from_settings(settings):
    settings.H5P_MAX_FILES, settings.ELEARN_PACK_MAX_RATIO = 7, 3
    assert h5p_limits().entries == 7 and pack_limits().ratio == 3


def test_not_a_zip_and_truncated():
    refused(b"PK\x03\x04 not really a zip", "archive")
    refused(zip_of(("a/x.txt", b"x" * 5000))[:60], "archive")


def test_encrypted_entries_are_refused():
    data = bytearray(zip_of(("a/x.txt", b"secret")))
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1  # the central directory's "encrypted" flag
    refused(bytes(data), "encrypted", "a/x.txt")


def test_a_lying_size_header_is_caught_while_reading():
    data = bytearray(zip_of(("a/x.txt", bytes(range(256)) * 4)))
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")  # declared 100 bytes, holds 1024
    archive = SafeZip(bytes(data))
    with pytest.raises(UnsafeArchive) as caught:
        archive.read("a/x.txt")
    assert (caught.value.rule, caught.value.entry) == ("corrupt-entry", "a/x.txt")


def test_callers_get_their_own_error_from_checks_and_reads():
    class AreaError(Exception):
        pass

    with pytest.raises(AreaError):
        SafeZip(zip_of(("../x", b"x")), convert=lambda error: AreaError(error.message))
    good = SafeZip(zip_of(("a/x.txt", b"hello")), convert=lambda error: AreaError(error.message))
    assert good.read("a/x.txt") == b"hello" and list(good.files) == ["a/x.txt"]


def tar_of(*members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for info, data in members:
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    buffer.seek(0)
    return tarfile.open(fileobj=buffer, mode="r").getmembers()


def tar_refused(members, rule, entry, limits=ArchiveLimits()):
    with pytest.raises(UnsafeArchive) as caught:
        check_tar_members(members, limits)
    assert (caught.value.rule, caught.value.entry) == (rule, entry)


def test_tar_members_follow_the_same_rules():
    tar_refused(tar_of((tarfile.TarInfo("media/../../etc/passwd"), b"x")), "path-traversal", "media/../../etc/passwd")
    tar_refused(tar_of((tarfile.TarInfo("/etc/passwd"), b"x")), "absolute-path", "/etc/passwd")
    link = tarfile.TarInfo("media/link")
    link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
    tar_refused(tar_of((link, b"")), "symlink", "media/link")
    hard = tarfile.TarInfo("media/hard")
    hard.type, hard.linkname = tarfile.LNKTYPE, "media/a"
    tar_refused(tar_of((tarfile.TarInfo("media/a"), b"x"), (hard, b"")), "symlink", "media/hard")
    fifo = tarfile.TarInfo("media/fifo")
    fifo.type = tarfile.FIFOTYPE
    tar_refused(tar_of((fifo, b"")), "special-file", "media/fifo")
    tar_refused(tar_of((tarfile.TarInfo("media/a"), b"1"), (tarfile.TarInfo("media/a"), b"2")), "duplicate", "media/a")
    tar_refused(tar_of((tarfile.TarInfo("media/a"), b"12")), "file-size", "media/a", ArchiveLimits(file_bytes=1))


def test_a_backup_keeps_names_that_differ_only_in_case():
    members = tar_of((tarfile.TarInfo("media/Photo.jpg"), b"1"), (tarfile.TarInfo("media/photo.jpg"), b"2"))
    from modules.files.limits import BACKUP_LIMITS

    assert set(check_tar_members(members, BACKUP_LIMITS)) == {"media/Photo.jpg", "media/photo.jpg"}
    tar_refused(members, "duplicate", "media/photo.jpg")  # the default folds them
