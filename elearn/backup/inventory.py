"""What a backup holds, in words: the tables a person checks after a restore, the app version, and the
migrations the dump was made at."""

import tomllib

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

# (label shown in reports, model) — the rows that matter most to learners and maintainers.
KEY_MODELS = [
    ("users", "accounts.User"),
    ("pages", "wagtailcore.Page"),
    ("kit pages", "modules.KitPage"),
    ("quiz attempts", "modules.QuizAttempt"),
    ("answer records", "modules.AnswerRecord"),
    ("item progress", "modules.ItemProgress"),
    ("certificates", "modules.Certificate"),
    ("H5P libraries", "modules.H5PLibrary"),
    ("H5P activities", "modules.H5PActivity"),
    ("H5P results", "modules.H5PResult"),
    ("kit releases", "modules.KitRelease"),
    ("release files", "modules.ReleaseFile"),
    ("images", "wagtailimages.Image"),
    ("documents", "wagtaildocs.Document"),
]


def key_tables():
    """[(label, table)] for the key models installed on this site."""
    tables = []
    for label, model_label in KEY_MODELS:
        try:
            tables.append((label, apps.get_model(model_label)._meta.db_table))
        except LookupError:
            continue
    return tables


def key_counts(counts):
    return {label: counts[table] for label, table in key_tables() if table in counts}


def app_version():
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def unknown_migrations(applied):
    """Migrations recorded in a dump that this code does not have, for apps it does have: the dump
    was made by a newer elearn. (Records of apps no longer installed are ignored.)"""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = {f"{app}.{name}" for app, name in loader.disk_migrations}
    code_apps = {app for app, _ in loader.disk_migrations}
    return sorted(m for m in applied if m.split(".", 1)[0] in code_apps and m not in known)


def pending_migrations(applied):
    """Migrations of this code that the dump had not applied: run `migrate` after restoring."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return sorted(f"{app}.{name}" for app, name in loader.disk_migrations if f"{app}.{name}" not in set(applied))
