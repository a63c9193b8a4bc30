"""The tool's key set: django-lti's `Key` rows. The newest active key signs (django-lti's
`LtiRegistration.to_registration`); every active key is published at the JWKS URL.

Rotation follows the rule of modules/key_rotation.py: a platform that cached our key set, or holds a
message signed a moment ago, still finds the replaced key for the grace period."""

from lti_tool.models import Key

from ..key_rotation import retire_replaced, rotate


def ensure_signing_key():
    """The key that signs, created on first use so a new site needs no set-up step."""
    key = Key.objects.active().order_by("-datetime_created").first()
    return key or Key.objects.generate()


def published_key_set():
    return Key.objects.as_jwks()


def rotate_keys(grace_days, now=None):
    """Add a key that signs from now on; retire the keys replaced more than `grace_days` ago
    (modules/key_rotation.py)."""
    return rotate(lambda: str(Key.objects.generate()), Key.objects.active(), "datetime_created", grace_days, now)


def retire_replaced_keys(grace_days, now=None):
    return retire_replaced(Key.objects.active(), "datetime_created", grace_days, now)
