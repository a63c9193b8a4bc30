"""Sites in their own processes: a source site with learners, attempts and media, backed up once per
module, and empty targets to restore into — a new SQLite file, or (when the suite runs on
PostgreSQL) a freshly created database, dropped afterwards. Each site has its own media folder."""

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import dj_database_url
import pytest

from tests.sites import ROOT, copy_site, site_env

SUITE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = SUITE_URL.startswith(("postgres://", "postgresql://"))


@dataclass
class Site:
    folder: Path
    env: dict

    def manage(self, *args, check=True):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
                              timeout=600, check=check)

    def run(self, action):
        """Run tests/elearn/backup/site_data.py's `action` in this site; return its JSON result."""
        out = self.folder / f"{action}-{uuid.uuid4().hex[:6]}.json"
        done = subprocess.run([sys.executable, "-m", "tests.elearn.backup.site_data", action, str(out)], cwd=ROOT, env=self.env,
                              timeout=300, capture_output=True, text=True)
        assert done.returncode == 0, f"site_data {action} failed:\n{done.stderr[-3000:]}"
        return json.loads(out.read_text())

    def snapshot(self):
        return self.run("snapshot")

    @property
    def media(self):
        return self.folder / "media"


class PostgresDatabases:
    """Create and drop databases with the suite's role (it has CREATEDB)."""

    def __init__(self):
        self.config = dj_database_url.parse(SUITE_URL)
        self.created = []

    def _execute(self, sql):
        import psycopg

        with psycopg.connect(host=self.config["HOST"], port=self.config["PORT"] or 5432, user=self.config["USER"],
                             password=self.config["PASSWORD"], dbname=self.config["NAME"], autocommit=True) as connection:
            connection.execute(sql)

    def create(self):
        name = f"elearn_backup_{uuid.uuid4().hex[:10]}"
        self._execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        config = self.config
        return f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST']}:{config['PORT'] or 5432}/{name}"

    def drop_all(self):
        for name in self.created:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="package")
def empty_site(tmp_path_factory):
    """A factory of empty sites: no tables, no media. On PostgreSQL each gets a new database."""
    databases = PostgresDatabases() if ON_POSTGRES else None

    def make(label="target"):
        folder = tmp_path_factory.mktemp(label)
        extra = {"DATABASE_URL": databases.create()} if databases else {}
        return Site(folder, site_env(folder, **extra))

    yield make
    if databases:
        databases.drop_all()


@pytest.fixture(scope="package")
def source_site(empty_site, tmp_path_factory, request):
    """The site to back up: the README's set-up (migrate, setup_demo), then learners and their work."""
    if ON_POSTGRES:
        site = empty_site("source")
        site.manage("migrate", "--no-input", "-v", "0")
        site.manage("setup_demo", "--no-releases")  # site_data cuts its own 1.0.0
    else:
        prepared = request.getfixturevalue("prepared_site")
        folder = copy_site(prepared, tmp_path_factory.mktemp("source"))
        site = Site(folder, site_env(folder))
    site.run("populate")
    return site


@pytest.fixture(scope="package")
def archive(source_site):
    path = source_site.folder.parent / f"{source_site.folder.name}-backup.tar"
    result = source_site.manage("backup_site", str(path))
    assert "Backed up" in result.stdout, result.stderr
    return path


@pytest.fixture(scope="package")
def source_snapshot(source_site, archive):
    """The source site as it was backed up (the tests never change it)."""
    return source_site.snapshot()
