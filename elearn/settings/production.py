"""Production: everything from the environment, secure transport assumed (TLS at the proxy)."""

import os

from .base import *  # noqa: F401,F403
from .base import cache_config, env_bool, env_int

# Several app servers share one cache (rate limits) unless told otherwise: a database table by default.
CACHES = cache_config(os.environ.get("ELEARN_CACHE", "db"))

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
