"""The database going away under a real server process (gunicorn, one sync worker), and back:
503 while it is gone, 200 again without a restart. On PostgreSQL the server connects through a TCP
relay that is cut (every open connection too), with persistent connections (DB_CONN_MAX_AGE=60) and
without; on SQLite its database file is moved aside. bench/faults/database_outage.py is the same
check to run by hand (it can also really stop the PostgreSQL cluster)."""

import importlib.util
from urllib.parse import urlunsplit

import pytest
from django.db import connection

from tests.sites import ROOT, copy_site, site_env

spec = importlib.util.spec_from_file_location("database_outage", ROOT / "bench" / "faults" / "database_outage.py")
outage = importlib.util.module_from_spec(spec)
spec.loader.exec_module(outage)


def assert_outage_answers(before, during, after):
    assert before[0] == 200
    assert during[0] == 503 and during[1].get("Retry-After") == "30"
    assert "temporarily unavailable" in during[2] and outage.FUNDING in during[2]
    assert after[0] == 200


@pytest.mark.parametrize("conn_max_age", [0, 60])
def test_postgres_cut_and_back(db, conn_max_age, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("runs on the PostgreSQL pass (DATABASE_URL=postgres://...); test_sqlite_file_gone_and_back covers SQLite")
    settings = connection.settings_dict
    relay = outage.Relay((settings["HOST"] or "127.0.0.1", int(settings["PORT"] or 5432)))
    relay.start()
    url = urlunsplit(("postgres", f"{settings['USER']}:{settings['PASSWORD']}@127.0.0.1:{relay.port}", f"/{settings['NAME']}", "", ""))
    env = site_env(tmp_path, DATABASE_URL=url, DB_CONN_MAX_AGE=str(conn_max_age))
    try:
        assert_outage_answers(*outage.run(env, relay.stop, relay.start, say=lambda message: None))
    finally:
        relay.stop()


def test_sqlite_file_gone_and_back(prepared_site, tmp_path):
    site = copy_site(prepared_site, tmp_path / "site")
    env = site_env(site, DB_CONN_MAX_AGE="0")
    aside = tmp_path / "aside"
    aside.mkdir()

    def take_away():
        # SQLite removes the -wal and -shm files when the server's last connection closes: they may
        # vanish between the listing and the move.
        for path in site.glob("db.sqlite3*"):
            try:
                path.rename(aside / path.name)
            except FileNotFoundError:
                continue

    def bring_back():
        for path in site.glob("db.sqlite3*"):
            path.unlink(missing_ok=True)
        for path in aside.iterdir():
            path.rename(site / path.name)

    assert_outage_answers(*outage.run(env, take_away, bring_back, say=lambda message: None))
