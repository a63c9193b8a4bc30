"""Signed, expiring tokens for the sandboxed H5P player and its files.

The player runs in an iframe sandboxed without allow-same-origin: its origin is opaque and the
browser sends it no cookies, so the token in its URLs is the only credential. A lesson page issues one
each time it is rendered for someone allowed to see it; it names the activity (and the user it was
issued to, for the record) and stops working after settings.H5P_URL_MAX_AGE seconds.

A dedicated salt keeps these tokens from being confused with anything else the site signs with the
same SECRET_KEY."""

import uuid

from django.conf import settings
from django.core import signing

SALT = "elearn.h5p.player"


def _signer():
    return signing.TimestampSigner(salt=SALT)


def sign_activity(activity, user=None):
    """A URL-safe token for `activity`, bound to `user` (None or anonymous: bound to nobody)."""
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    return _signer().sign_object({"a": activity.key.hex, "u": user_id})


def read_token(token):
    """(activity key, user id or None) of a valid token.

    Raises signing.BadSignature for a tampered or malformed token and signing.SignatureExpired (a
    subclass) for one older than H5P_URL_MAX_AGE."""
    payload = _signer().unsign_object(token, max_age=settings.H5P_URL_MAX_AGE)
    try:
        key = uuid.UUID(hex=payload["a"])
        user_id = payload.get("u")
    except (TypeError, KeyError, ValueError, AttributeError) as error:
        # Correctly signed but not shaped like ours: treat it as a bad token, never as a server error.
        raise signing.BadSignature("Malformed H5P token.") from error
    if user_id is not None and not isinstance(user_id, int):
        raise signing.BadSignature("Malformed H5P token.")
    return key, user_id


def check_token(token):
    """The activity key (a UUID) of a valid token; raises signing.BadSignature otherwise."""
    return read_token(token)[0]
