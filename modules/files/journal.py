"""Files written before their rows commit, made safe against a process killed at any moment.

An import, a release cut or an H5P upload stores files, then commits the rows that point at them.
A kill (SIGKILL, the OOM killer, a power cut) runs no Python cleanup: the database rolls the rows
back, but the files already stored would stay as orphans. So every such operation runs inside
`file_operation()`, which writes each name to a journal in storage (`_journal/<operation>-<n>`)
*before* the file itself, and removes its journal once its transaction has committed (or after its
files were removed on an ordinary error). A journal that is still there belongs to a dead
operation: the next operation sweeps it first, deleting each listed file that no row references.

"Dead" is decided by a lock that the operating system or the database drops with the process, not
by age: operations hold it shared; the sweep takes it exclusively without waiting and simply skips
while any operation runs. SQLite (one host): flock on a file beside the database. PostgreSQL (any
number of app servers): a session advisory lock, on a connection of its own so that it does not
depend on the state of the operation's transaction.

Which rows keep a stored file alive is known to its owner, not to the journal: each area registers
the storage prefix it writes under with `register_prefix()` (h5p/storage.py, packs/releases.py,
packs/media_import.py). A name no owner registered is never swept: better an orphan than a lost file.

Storage failures (full disk, read-only or unwritable media folder) become `StorageWriteError`
(errors.py), whose message a person understands; each area turns it into its own error (PackError, H5PError)."""

import logging
import os
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .errors import StorageWriteError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, the sweep only runs in a single process
    fcntl = None

log = logging.getLogger(__name__)

JOURNAL_ROOT = "_journal"
ADVISORY_LOCK_KEY = 0x656C6561  # "elea"
# Test hook, read once: with ELEARN_TEST_PAUSE_AT=<point> the process announces the point on stderr
# and stops there, so fault tests can SIGKILL it at an exact place. Points: "write:<n>" (after the
# operation's n-th file) and "finish" (rows committed, journal not yet removed).
PAUSE_AT = os.environ.get("ELEARN_TEST_PAUSE_AT", "")

_state = threading.local()
_owners = {}  # storage prefix -> is_referenced(name), see register_prefix


def pause_point(name):
    if PAUSE_AT and PAUSE_AT == name:
        sys.stderr.write(f"ELEARN-PAUSED {name}\n")
        sys.stderr.flush()
        time.sleep(3600)


class FileOperation:
    def __init__(self, storage):
        self.storage = storage
        self.token = uuid.uuid4().hex
        self.markers = []  # (marker name, file name)

    def intend(self, name):
        marker = self.storage.save(f"{JOURNAL_ROOT}/{self.token}-{len(self.markers):06d}", ContentFile(name.encode()))
        self.markers.append((marker, name))

    def finish(self, failed):
        """Remove the journal. After a failure, entries whose file is still there (removal failed)
        stay for the next sweep."""
        if not failed:
            pause_point("finish")
        for marker, name in self.markers:
            try:
                if failed and self.storage.exists(name):
                    continue
                self.storage.delete(marker)
            except OSError:
                pass
        self.markers = []


def current_operation():
    return getattr(_state, "operation", None)


def write(storage, name, content):
    """Journal `name`, then save `content` under it. Returns the stored name."""
    operation = current_operation()
    try:
        if operation is not None:
            operation.intend(name)
        stored = storage.save(name, content)
        if operation is not None and stored != name:
            operation.intend(stored)
    except OSError as error:
        raise StorageWriteError(error) from error
    if operation is not None:
        pause_point(f"write:{len(operation.markers)}")
    return stored


def journal_name(name):
    """For writers that let a model field save (Wagtail images, documents): journal the name it is
    about to use. Returns it; call `journal_stored` with the name actually used."""
    operation = current_operation()
    if operation is not None:
        try:
            operation.intend(name)
        except OSError as error:
            raise StorageWriteError(error) from error
    return name


def journal_stored(intended, stored):
    operation = current_operation()
    if operation is not None:
        if stored != intended:
            operation.intend(stored)
        pause_point(f"write:{len(operation.markers)}")


@contextmanager
def file_operation(storage=None):
    """Everything a file-writing operation stores, journalled; nested calls join the outer one.
    Callers remove their files on an ordinary error before it leaves the block, and commit their
    rows inside it (a caller wrapping this in its own larger transaction narrows the guarantee to
    its own commit)."""
    outer = current_operation()
    if outer is not None:
        yield outer
        return
    storage = storage or default_storage
    sweep_abandoned(storage)
    lock = _lock()
    lock.acquire(exclusive=False, wait=True)
    operation = _state.operation = FileOperation(storage)
    failed = True
    try:
        yield operation
        failed = False
    finally:
        _state.operation = None
        try:
            operation.finish(failed)
        finally:
            lock.release()


def sweep_abandoned(storage=None):
    """Delete the files of operations that died before committing. Returns how many."""
    storage = storage or default_storage
    if not _journal_markers(storage):
        return 0
    lock = _lock()
    if not lock.acquire(exclusive=True, wait=False):
        return 0  # an operation is running: its journal is not abandoned
    removed = 0
    try:
        for marker in _journal_markers(storage):
            path = f"{JOURNAL_ROOT}/{marker}"
            with storage.open(path, "rb") as handle:
                name = handle.read().decode()
            if storage.exists(name) and not is_referenced(name):
                storage.delete(name)
                removed += 1
            storage.delete(path)
    except (OSError, DatabaseError) as error:
        log.warning("Sweeping abandoned files stopped: %s", error)
    finally:
        lock.release()
    if removed:
        log.warning("Removed %d file(s) left by an import, release or upload that was killed part-way.", removed)
    return removed


def _journal_markers(storage):
    try:
        return sorted(storage.listdir(JOURNAL_ROOT)[1])
    except (FileNotFoundError, NotADirectoryError):
        return []


def register_prefix(prefix, is_referenced):
    """`is_referenced(name)` says whether a committed row points at the stored file `name`, for
    every name under `prefix` (e.g. "h5p/libraries/"). The longest registered prefix decides."""
    _owners[prefix] = is_referenced


def is_referenced(name):
    """Does a committed row point at this stored file? Unregistered names count as referenced."""
    owner = max((prefix for prefix in _owners if name.startswith(prefix)), key=len, default=None)
    return True if owner is None else _owners[owner](name)


# Locks ---------------------------------------------------------------------------------------------


def _lock():
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        return _AdvisoryLock()
    return _FileLock(_lock_path(connection))


def process_lock(name):
    """A lock of its own for `name` that dies with the process holding it, like the journal's: a
    background job holds it while it runs (modules/jobs), so a job whose lock is free and whose record
    still says "running" belongs to a dead worker. Same kinds: flock beside the SQLite file, a session
    advisory lock (two-key form, keyed by a hash of `name`) on PostgreSQL."""
    import hashlib

    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big", signed=True)
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        return _AdvisoryLock(key)
    digest = hashlib.sha256(name.encode()).hexdigest()[:16]
    return _FileLock(f"{_lock_path(connection)}.{digest}")


def _lock_path(connection):
    name = str(connection.settings_dict.get("NAME") or "")
    if connection.vendor == "sqlite" and name and "memory" not in name and name != ":memory:":
        return f"{name}.files.lock"
    # In-memory or other databases: one host assumed, keyed by the database name.
    import hashlib

    key = hashlib.sha256(f"{name}:{os.getpid() if 'memory' in name else ''}".encode()).hexdigest()[:16]
    return os.path.join(tempfile.gettempdir(), f"elearn-files-{key}.lock")


class _FileLock:
    def __init__(self, path):
        self.path, self.handle = path, None

    def acquire(self, exclusive, wait):
        if fcntl is None:
            return True
        self.handle = open(self.path, "a+b")  # noqa: SIM115 - closed by release()
        flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(self.handle, flags)
        except BlockingIOError:
            self.release()
            return False
        return True

    def release(self):
        if self.handle is not None:
            self.handle.close()  # closing drops the lock, as a dying process does
            self.handle = None


class _AdvisoryLock:
    FUNCTIONS = {(True, True): "pg_advisory_lock", (True, False): "pg_try_advisory_lock",
                 (False, True): "pg_advisory_lock_shared", (False, False): "pg_try_advisory_lock_shared"}

    def __init__(self, key=None):
        self.connection = None
        # The journal's lock takes the one-key form; named locks the two-key form (another key space).
        self.keys = [ADVISORY_LOCK_KEY] if key is None else [ADVISORY_LOCK_KEY, key]

    def acquire(self, exclusive, wait):
        self.connection = connections[DEFAULT_DB_ALIAS].copy()
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT {self.FUNCTIONS[exclusive, wait]}({', '.join(['%s'] * len(self.keys))})", self.keys)
            got = cursor.fetchone()[0] is not False
        if not got:
            self.release()
        return got

    def release(self):
        if self.connection is not None:
            try:
                self.connection.close()  # ending the session drops the lock, as a dying process does
            except DatabaseError:
                pass
            self.connection = None
