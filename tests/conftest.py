"""Shared fixtures: the usual actors, and both real kits loaded once for the whole test session.

Tests run inside transactions that roll back, so each one starts from the same loaded kits."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from modules.roles import ensure_maintainer_group, ensure_trainer_group
from tests.factories import PASSWORD, make_user  # noqa: F401 - fixtures below use them

DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}

# The PostgreSQL pass (dev.sh) repeats the tests of code whose behaviour can differ between SQLite and
# PostgreSQL: transactions, locking and concurrent writers (outboxes, releases, imports, records),
# raw SQL and aggregates (analytics), full-text search, constraints, JSON fields, query counts, the
# cache table, backups and a database that goes away. Rendering, exporters, file checks and the
# permission grid ask the database nothing a backend answers differently; they ran once on SQLite.
# Run everything on PostgreSQL with ELEARN_TEST_DATABASE_ONLY=all.
POSTGRES_PASS = (
    "tests/elearn/accounts/", "tests/elearn/backup/", "tests/elearn/site/test_page_cache.py", "tests/faults/",
    "tests/modules/analytics/", "tests/modules/credentials/", "tests/modules/learning/", "tests/modules/library/",
    "tests/modules/lti/", "tests/modules/management/", "tests/modules/review/",
    "tests/modules/interop/test_outbox.py", "tests/modules/interop/test_sender.py", "tests/modules/interop/test_statements.py",
    "tests/modules/h5p/test_xapi.py", "tests/modules/h5p/test_xapi_access.py", "tests/modules/h5p/test_library_approval.py",
    "tests/modules/packs/test_admin_import.py", "tests/modules/packs/test_import_hostile.py", "tests/modules/packs/test_import_scoping.py",
    "tests/modules/packs/test_releases.py", "tests/modules/packs/test_translation_upgrade.py", "tests/modules/packs/test_upgrade.py",
    "tests/modules/packs/test_catalogue_api.py", "tests/modules/packs/test_downloads.py",
    "tests/modules/test_attempts.py", "tests/modules/test_pool_attempts.py", "tests/modules/test_progress.py",
    "tests/modules/test_query_counts.py", "tests/modules/test_search.py", "tests/modules/test_importer.py",
    "tests/modules/test_review_workflow.py", "tests/modules/test_permissions.py", "tests/modules/test_content_translation.py",
    "tests/modules/test_self_assessment.py", "tests/modules/test_translation_reports.py", "tests/modules/test_dashboard.py",
    "tests/modules/test_glossary.py", "tests/modules/test_quiz_pages.py", "tests/storage/test_import_storage.py",
)


def pytest_collection_modifyitems(config, items):
    """ELEARN_TEST_DATABASE_ONLY=1 (dev.sh's PostgreSQL pass) keeps the tests of POSTGRES_PASS that use
    the database through pytest-django, and every test marked `database`; =all keeps every test that
    uses the database."""
    mode = os.environ.get("ELEARN_TEST_DATABASE_ONLY")
    if mode not in ("1", "all"):
        return
    keep, drop = [], []
    for item in items:
        uses = (item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))
        where = item.nodeid.split("::", 1)[0]
        chosen = item.get_closest_marker("database") or (uses and (mode == "all" or where.startswith(POSTGRES_PASS)))
        (keep if chosen else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    if "memory" not in name and not name.rsplit("/", 1)[-1].startswith("test_"):
        raise RuntimeError(f"Refusing to load the kits into a database that is not a test database: {name}")
    with django_db_blocker.unblock():
        call_command("load_kits", verbosity=0, stdout=open("/dev/null", "w"))
        ensure_trainer_group()
        ensure_maintainer_group()


@pytest.fixture
def media_root(settings, tmp_path):
    """A fresh, empty MEDIA_ROOT for one test; a file whose tests all store files marks itself
    `pytest.mark.usefixtures("media_root")`."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    return settings.MEDIA_ROOT


@pytest.fixture
def fresh_cache():
    """An empty cache before and after the test (rate limits, cached dashboard panels); a file whose
    tests all need it marks itself `pytest.mark.usefixtures("fresh_cache")`."""
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def learner(db):
    return make_user("lena", first_name="Lena", last_name="Huber", organisation="Land Salzburg", region="Salzburg", country="AT", helix_role="public_authority")


@pytest.fixture
def other_learner(db):
    return make_user("marco", first_name="Marco", last_name="Rossi")


@pytest.fixture
def trainer(db):
    from django.contrib.auth.models import Group

    user = make_user("tina", first_name="Tina", last_name="Trainer")
    user.groups.add(Group.objects.get(name="Trainers"))
    return user


@pytest.fixture
def maintainer(db):
    from django.contrib.auth.models import Group

    user = make_user("mara", first_name="Mara", last_name="Maintainer")
    user.groups.add(Group.objects.get(name="Kit maintainers"))
    return user


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser(username="admin", email="admin@example.org", password=PASSWORD)


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


@pytest.fixture
def kit_t1(db):
    from modules.models import KitPage

    return KitPage.objects.get(slug="itg-t1")


@pytest.fixture
def kit_t2(db):
    from modules.models import KitPage

    return KitPage.objects.get(slug="itg-t2")


@pytest.fixture
def sh1_quiz(db):
    from modules.models import ModulePage, QuizPage

    return QuizPage.objects.child_of(ModulePage.objects.get(code="SH-1")).get()


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory):
    """One site prepared by the README's set-up, shared by browser, fault and backup tests (copy it)."""
    from tests.sites import prepare_site

    return prepare_site(tmp_path_factory.mktemp("prepared"))


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language: a request through the test client leaves the
    language it negotiated active in the thread (LocaleMiddleware activates, nothing deactivates), and
    the next test would otherwise read its messages in that language."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_page_cache():
    """Each test starts with an empty anonymous page cache: the database rolls back between tests
    without the signals that would tell the cache (elearn/site/page_cache.py)."""
    from django.core.cache import cache

    from elearn.site.page_cache import VERSION_KEY

    cache.delete(VERSION_KEY)  # the next read starts a new content version
