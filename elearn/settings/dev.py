"""Local development: the defaults `make serve` runs with. Debug is asked for explicitly here."""

import os

os.environ.setdefault("DJANGO_DEBUG", "1")
os.environ.setdefault("DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production")

from .base import *  # noqa: E402,F401,F403
