"""The keys that sign Open Badges credentials and the status list: `CredentialKey` rows, in the
pattern of modules/lti/keys.py. The newest active key signs; every active key is published at the
JWKS URL (/credentials/jwks.json), so a credential signed before a rotation still verifies.

RSA 2048 with RS256, because Open Badges 3.0 (§ "JSON Web Token Proof Format") makes RS256 the
algorithm every verifier must support. Rotation adds a new key and retires replaced keys only after a
grace period; a retired key's credentials then no longer verify, so retire only a compromised key."""

from django.db import transaction
from jwcrypto import jwk

from ..key_rotation import retire_replaced, rotate
from ..learning.models import CredentialKey

ALGORITHM = "RS256"


def active_keys():
    return CredentialKey.objects.filter(is_active=True)


def generate_key():
    key = jwk.JWK.generate(kty="RSA", size=2048)
    kid = key.thumbprint()
    return CredentialKey.objects.create(kid=kid, private_jwk=key.export_private())


def ensure_signing_key():
    """The row whose key signs, created on first use so a new site needs no set-up step."""
    row = active_keys().first()
    if row is not None:
        return row
    with transaction.atomic():
        return generate_key()


def private_key(row):
    return jwk.JWK.from_json(row.private_jwk)


def public_jwk(row):
    data = private_key(row).export_public(as_dict=True)
    return {**data, "kid": row.kid, "alg": ALGORITHM, "use": "sig"}


def published_key_set():
    return {"keys": [public_jwk(row) for row in active_keys()]}


def verification_key_set():
    """The active public keys as a jwcrypto JWKSet (what our own verifier trusts)."""
    key_set = jwk.JWKSet()
    for data in published_key_set()["keys"]:
        key_set.add(jwk.JWK(**data))
    return key_set


def rotate_keys(grace_days, now=None):
    """Add a key that signs from now on; retire the keys replaced more than `grace_days` ago
    (modules/key_rotation.py)."""
    return rotate(lambda: generate_key().kid, active_keys(), "created_at", grace_days, now)


def retire_replaced_keys(grace_days, now=None):
    return retire_replaced(active_keys(), "created_at", grace_days, now)
