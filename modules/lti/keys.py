"""The tool's key set: django-lti's `Key` rows. The newest active key signs (django-lti's
`LtiRegistration.to_registration`); every active key is published at the JWKS URL.

Rotation adds a new key, which signs from then on, and retires a key only once the key that replaced
it has been published for the grace period: a platform that cached our key set, or holds a message
signed a moment ago, still finds the old key meanwhile."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from lti_tool.models import Key


@dataclass
class RotationReport:
    new_kid: str
    retired: int


def ensure_signing_key():
    """The key that signs, created on first use so a new site needs no set-up step."""
    key = Key.objects.active().order_by("-datetime_created").first()
    return key or Key.objects.generate()


def published_key_set():
    return Key.objects.as_jwks()


def rotate_keys(grace_days, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        new_key = Key.objects.generate()
        retired = retire_replaced_keys(grace_days, now)
    return RotationReport(new_kid=str(new_key), retired=retired)


def retire_replaced_keys(grace_days, now=None):
    """Retire every active key replaced by a key that is older than the grace period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=grace_days)
    replacement = Key.objects.active().filter(datetime_created__lte=cutoff).order_by("-datetime_created").first()
    if replacement is None:
        return 0
    return Key.objects.active().filter(datetime_created__lt=replacement.datetime_created).update(is_active=False)
