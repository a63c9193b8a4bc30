"""Signed, expiring tokens for the sandboxed H5P player, its files and the results it reports.

The player runs in an iframe sandboxed without allow-same-origin: its origin is opaque and the
browser sends it no cookies, so the token in its URLs is the only credential. A lesson page issues one
each time it is rendered for someone allowed to see it; it names the activity and stops working after
settings.H5P_URL_MAX_AGE seconds. The lesson page sends the same token back with each xAPI statement
(views.py): a result counts only with a token issued to that learner, for that activity, not expired.

Why the token is opaque, and how it is bound to the learner (decision):
Django's signing authenticates but does not encrypt: anything in the payload is readable by whoever
holds the URL — and the URL travels to the sandboxed, untrusted H5P code, into the player's own
logs and, on a shared screen, to bystanders. So the payload carries no user id. It carries
  a: the activity key (public anyway: it is in every lesson page and release manifest),
  n: a random nonce (16 bytes), so two tokens of one learner cannot be linked to each other, and
  b: a keyed digest, HMAC(SECRET_KEY, salt, activity key : nonce : user id), or "" for a visitor.
The digest is not reversible without SECRET_KEY, and the xAPI endpoint, which knows the logged-in
learner from the session, recomputes it to check the binding. We chose this over a random id stored
server-side because it needs no table or shared cache to write on every lesson view and works the
same across several app servers (DESIGN.md §6); what it gives up — revoking one token early — a
one-hour expiry makes unnecessary. The timestamp of TimestampSigner is the expiry. A dedicated salt
keeps these tokens from being confused with anything else the site signs with the same SECRET_KEY."""

import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "elearn.h5p.player"
BINDING_SALT = "elearn.h5p.player.learner"
NONCE_BYTES = 16


@dataclass(frozen=True)
class PlayerToken:
    key: uuid.UUID   # the activity
    nonce: str
    binding: str     # "" for a token issued to a visitor who is not logged in

    def is_for(self, activity, user):
        """True when this token was issued to `user` (logged in) for `activity`."""
        if not self.binding or activity is None or self.key != activity.key:
            return False
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        return constant_time_compare(self.binding, _binding(self.key, self.nonce, user.pk))


def _signer():
    return signing.TimestampSigner(salt=SALT)


def _binding(key, nonce, user_id):
    return salted_hmac(BINDING_SALT, f"{key.hex}:{nonce}:{user_id}", algorithm="sha256").hexdigest()[:32]


def sign_activity(activity, user=None):
    """A URL-safe token for `activity`, bound to `user` (None or anonymous: bound to nobody)."""
    nonce = secrets.token_urlsafe(NONCE_BYTES)
    logged_in = user is not None and getattr(user, "is_authenticated", False)
    binding = _binding(activity.key, nonce, user.pk) if logged_in else ""
    return _signer().sign_object({"a": activity.key.hex, "n": nonce, "b": binding})


def read_token(token):
    """The PlayerToken of a valid token.

    Raises signing.BadSignature for a tampered or malformed token and signing.SignatureExpired (a
    subclass) for one older than H5P_URL_MAX_AGE."""
    if not isinstance(token, str) or not token or len(token) > 500:
        raise signing.BadSignature("Malformed H5P token.")
    payload = _signer().unsign_object(token, max_age=settings.H5P_URL_MAX_AGE)
    try:
        key = uuid.UUID(hex=payload["a"])
        nonce, binding = payload["n"], payload["b"]
    except (TypeError, KeyError, ValueError, AttributeError) as error:
        # Correctly signed but not shaped like ours: treat it as a bad token, never as a server error.
        raise signing.BadSignature("Malformed H5P token.") from error
    if not (isinstance(nonce, str) and isinstance(binding, str)):
        raise signing.BadSignature("Malformed H5P token.")
    return PlayerToken(key=key, nonce=nonce, binding=binding)


def check_token(token):
    """The activity key (a UUID) of a valid token; raises signing.BadSignature otherwise."""
    return read_token(token).key
