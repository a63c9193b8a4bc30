"""Production: everything from the environment, secure transport assumed (TLS at the proxy)."""

import os

# Several app servers share one cache (rate limits) unless told otherwise: a database table by default.
os.environ.setdefault("ELEARN_CACHE", "db")

from .base import *  # noqa: E402,F401,F403
from .base import env_bool, env_int  # noqa: E402

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
