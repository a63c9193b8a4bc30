"""Test settings: fast hashing, throwaway key, no debug (tests see what production users see)."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-insecure-key")
os.environ.setdefault("DJANGO_DEBUG", "0")

from .base import *  # noqa: E402,F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ACCOUNT_RATE_LIMITS = False
# The shared session database holds the English sources only (tests look items up by code and slug);
# tests/modules/test_content_translation.py loads the German translations itself, and the German browser
# journey loads them into its copy of the prepared site (ELEARN_KIT_TRANSLATIONS=1 manage.py load_kits).
ELEARN_KIT_TRANSLATIONS = env_bool("ELEARN_KIT_TRANSLATIONS", False)  # noqa: F405

# The browser tests run the site in a real server process with DEBUG off: whitenoise serves static
# files straight from the app folders, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The LTI platform the tests run (tests/modules/lti/platform.py) listens on http://127.0.0.1.
ELEARN_LTI_REGISTRATION_ALLOW_HTTP_LOOPBACK = True

# Background jobs run inside the request in tests (the immediate backend), unless ELEARN_JOBS is set:
# tests/modules/jobs/test_worker.py runs sites with ELEARN_JOBS=database and the real worker command.
if "ELEARN_JOBS" not in os.environ:
    TASKS = {**TASKS, "jobs": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": ["jobs"]}}  # noqa: F405
