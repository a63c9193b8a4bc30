"""Settings read from the environment: production refuses to start without a secret key and passes
Django's deployment checklist."""

import json
import os
import secrets
import subprocess
import sys

from tests.sites import ROOT, manage  # noqa: F401


def test_production_settings_pass_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", DJANGO_SETTINGS_MODULE="elearn.settings.production",
                    DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="elearn.example.org")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = manage("check", DJANGO_SETTINGS_MODULE="elearn.settings.production")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_unless_asked():
    result = manage("shell", "--no-imports", "-c", "from django.conf import settings; print(settings.DEBUG)",
                    DJANGO_SETTINGS_MODULE="elearn.settings.production", DJANGO_SECRET_KEY="x" * 60)
    assert result.stdout.strip() == "False", result.stderr


def test_database_url_selects_postgresql():
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'])"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="elearn.settings.production", DJANGO_SECRET_KEY="x" * 60,
                    DATABASE_URL="postgres://elearn:secret@db.internal:5432/elearn")
    assert result.stdout.split() == ["django.db.backends.postgresql", "elearn", "db.internal"], result.stderr


def test_sqlite_default_uses_wal():
    code = "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="elearn.settings.dev")
    assert result.stdout.strip() == "wal", result.stderr


def test_static_files_collect_with_hashed_compressed_names(tmp_path):
    result = manage("collectstatic", "--no-input", "-v", "0", DJANGO_SETTINGS_MODULE="elearn.settings.production",
                    DJANGO_SECRET_KEY=secrets.token_urlsafe(50), ELEARN_STATIC_ROOT=str(tmp_path))
    assert result.returncode == 0, result.stderr
    hashed = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]["css/site.css"]
    assert hashed != "css/site.css" and hashed.startswith("css/site.")
    assert (tmp_path / (hashed + ".gz")).exists()


def test_production_serves_hashed_static_files_with_long_lived_cache_headers(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "elearn.settings.production", "DJANGO_SECRET_KEY": secrets.token_urlsafe(50), "ELEARN_STATIC_ROOT": str(tmp_path)}
    assert manage("collectstatic", "--no-input", "-v", "0", **env).returncode == 0
    hashed = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]["css/site.css"]
    code = (
        "from django.test import Client; c = Client(); "
        f"r = c.get('/static/{hashed}', secure=True, HTTP_ACCEPT_ENCODING='gzip'); "
        "print(r.status_code, r['Cache-Control'], r.get('Content-Encoding'), r['Strict-Transport-Security'])"
    )
    result = manage("shell", "--no-imports", "-c", code, DJANGO_ALLOWED_HOSTS="testserver", **env)
    assert result.stdout.split() == ["200", "max-age=315360000,", "public,", "immutable", "gzip", "max-age=31536000;", "includeSubDomains;", "preload"], result.stderr


def test_production_shares_its_cache_between_app_servers():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="elearn.settings.production", DJANGO_SECRET_KEY="x" * 60)
    assert result.stdout.split() == ["django.core.cache.backends.db.DatabaseCache", "django.contrib.sessions.backends.cached_db"], result.stderr


def test_object_storage_is_configured_from_the_environment_and_allowed_by_the_csp():
    code = ("from django.conf import settings; o = settings.STORAGES['default']['OPTIONS']; "
            "print(o['bucket_name'], o['endpoint_url'], o['file_overwrite'], o['querystring_auth'], *settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])")
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SETTINGS_MODULE="elearn.settings.production", DJANGO_SECRET_KEY="x" * 60,
                    ELEARN_DEFAULT_STORAGE="storages.backends.s3.S3Storage", ELEARN_S3_BUCKET="kits", ELEARN_S3_ENDPOINT_URL="https://sos-ch-gva-2.exo.io")
    assert result.stdout.split() == ["kits", "https://sos-ch-gva-2.exo.io", "False", "True", "'self'", "data:",
                                     "https://sos-ch-gva-2.exo.io", "https://kits.sos-ch-gva-2.exo.io"], result.stderr


def test_object_storage_without_a_bucket_refuses_to_start():
    result = manage("check", DJANGO_SETTINGS_MODULE="elearn.settings.production", DJANGO_SECRET_KEY="x" * 60,
                    ELEARN_DEFAULT_STORAGE="storages.backends.s3.S3Storage")
    assert result.returncode != 0 and "ELEARN_S3_BUCKET" in result.stderr


def test_reading_the_production_settings_changes_no_environment_variable():
    """Settings are read from the environment, never written to it (a server started later inherits it)."""
    code = "import os; before = dict(os.environ); import elearn.settings.production; print(before == dict(os.environ))"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "ELEARN_"))}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**clean, "DJANGO_SECRET_KEY": "x" * 60},
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "True", result.stderr


def test_a_feed_id_that_is_not_an_absolute_iri_stops_start_up():
    result = manage("check", DJANGO_SETTINGS_MODULE="elearn.settings.production", DJANGO_SECRET_KEY="x" * 60,
                    ELEARN_FEED_ID="packs feed")
    assert result.returncode != 0 and "ELEARN_FEED_ID must be an absolute IRI" in result.stderr
