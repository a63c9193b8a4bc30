"""The database, dumped and restored with each engine's own tools:

- SQLite: the online backup API (`sqlite3.Connection.backup`), which copies a consistent snapshot
  while the site runs in WAL mode, and restores the same way, page by page through SQLite's own
  locking, so a stale -wal file can never be replayed over the restored data (copying the file
  over the database path, as some tools do, risks exactly that).
- PostgreSQL: `pg_dump --format=custom` inside a REPEATABLE READ snapshot, which the row counts
  for the manifest are taken from too; `pg_restore --single-transaction --exit-on-error
  --no-owner --no-privileges`, so a failed restore leaves the target as it was.

Row counts are taken for every table, from exactly the data that was dumped."""

import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import Error as DjangoDatabaseError
from django.db import transaction
from django.db.backends.postgresql.client import DatabaseClient

from .errors import BackupError, DatabaseToolError

SQLITE, POSTGRESQL = "sqlite", "postgresql"
DUMP_NAMES = {SQLITE: "db.sqlite3", POSTGRESQL: "db.pgdump"}
SQLITE_TABLES = r"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name"
PG_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"


@dataclass
class DatabaseDump:
    path: Path
    engine: str
    tool: str
    counts: dict = field(default_factory=dict)
    migrations: list = field(default_factory=list)


def engine_of(connection):
    if connection.vendor not in (SQLITE, POSTGRESQL):
        raise BackupError(f"Backups support SQLite and PostgreSQL; this site uses {connection.vendor}.")
    return connection.vendor


@contextmanager
def database_errors(connection):
    """A database that cannot be reached or read becomes a BackupError naming it (never its password)."""
    try:
        yield
    except DjangoDatabaseError as error:
        raise DatabaseToolError(f"The {connection.vendor} database {connection.settings_dict.get('NAME')} could not be used: "
                                f"{error}".strip()) from error


def quote(name):
    return '"' + name.replace('"', '""') + '"'


def count_rows(cursor, tables_sql):
    """{table: rows} for every table, through a DB-API cursor."""
    cursor.execute(tables_sql)
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def applied_migrations(cursor, counts):
    if "django_migrations" not in counts:
        return []
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def table_counts(connection):
    """Row counts of the site's database as it is now."""
    connection.ensure_connection()
    with connection.cursor() as cursor:
        return count_rows(cursor, SQLITE_TABLES if connection.vendor == SQLITE else PG_TABLES)


def check_tools(engine, *names):
    if engine != POSTGRESQL:
        return
    for name in names:
        if shutil.which(name) is None:
            raise DatabaseToolError(f"{name} is not installed (Debian: apt-get install postgresql-client; use a version at "
                                    "least as new as the server).")


# --- SQLite -----------------------------------------------------------------------------------------

def _sqlite_dump(connection, folder):
    if connection.in_atomic_block:
        # SQLite's backup API cannot read a connection that holds a write transaction: it would wait forever.
        raise DatabaseToolError("SQLite cannot copy the database from inside an open transaction; run the backup outside it.")
    path = Path(folder) / DUMP_NAMES[SQLITE]
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file in the archive, no -wal beside it
    finally:
        target.close()
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = source.cursor()
        counts = count_rows(cursor, SQLITE_TABLES)
        migrations = applied_migrations(cursor, counts)
    finally:
        source.close()
    return DatabaseDump(path, SQLITE, f"sqlite3 backup API (SQLite {sqlite3.sqlite_version})", counts, migrations)


def check_sqlite_dump(path):
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = source.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise DatabaseToolError(f"The SQLite dump in the archive cannot be opened: {error}") from error
    finally:
        source.close()
    if result != "ok":
        raise DatabaseToolError(f"The SQLite dump in the archive fails SQLite's check: {result}")


def _sqlite_restore(connection, dump_path):
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError("The site's SQLite database is in memory: there is nothing to restore into.")
    check_sqlite_dump(dump_path)
    connection.close()
    source = sqlite3.connect(f"file:{dump_path}?mode=ro", uri=True)
    target = sqlite3.connect(name, timeout=30)
    try:
        # One step, under SQLite's write lock: other processes see the old database or the new one.
        source.backup(target)
    except sqlite3.Error as error:
        raise DatabaseToolError(f"SQLite could not copy the dump into {name}: {error}") from error
    finally:
        target.close()
        source.close()


# --- PostgreSQL -------------------------------------------------------------------------------------

def pg_command_env(settings_dict):
    """Connection settings for the libpq tools, through the environment (no password on a command line)."""
    _, env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(env or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _run(command, env, what):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise DatabaseToolError(f"{what} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")
    return result.stdout


def _pg_tool_version(name):
    return _run([name, "--version"], os.environ, name).strip()


def _pg_dump(connection, folder):
    check_tools(POSTGRESQL, "pg_dump")
    path = Path(folder) / DUMP_NAMES[POSTGRESQL]
    env = pg_command_env(connection.settings_dict)
    connection.ensure_connection()
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        # The dump and the counts read the same snapshot, so the manifest describes exactly what was dumped.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}"], env, "pg_dump")
        counts = count_rows(cursor, PG_TABLES)
        migrations = applied_migrations(cursor, counts)
    return DatabaseDump(path, POSTGRESQL, _pg_tool_version("pg_dump"), counts, migrations)


def _pg_restore(connection, dump_path, replace):
    check_tools(POSTGRESQL, "pg_restore")
    env = pg_command_env(connection.settings_dict)
    _run(["pg_restore", "--list", str(dump_path)], env, "Reading the PostgreSQL dump (pg_restore --list)")
    connection.close()
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
               f"--dbname={env.get('PGDATABASE', 'postgres')}"]
    if replace:
        command += ["--clean", "--if-exists"]
    _run(command + [str(dump_path)], env, "pg_restore (nothing was changed in the database)")


def dump_database(connection, folder):
    return (_sqlite_dump if engine_of(connection) == SQLITE else _pg_dump)(connection, folder)


def restore_database(connection, dump_path, replace=False):
    if engine_of(connection) == SQLITE:
        _sqlite_restore(connection, dump_path)
    else:
        _pg_restore(connection, dump_path, replace)
