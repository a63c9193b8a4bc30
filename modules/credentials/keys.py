"""The keys that sign Open Badges credentials and the status list: `CredentialKey` rows, in the
pattern of modules/lti/keys.py. The newest active key signs; every active key is published at the
JWKS URL (/credentials/jwks.json), so a credential signed before a rotation still verifies.

RSA 2048 with RS256, because Open Badges 3.0 (§ "JSON Web Token Proof Format") makes RS256 the
algorithm every verifier must support. Rotation adds a new key and retires replaced keys only after a
grace period; a retired key's credentials then no longer verify, so retire only a compromised key."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from jwcrypto import jwk

from ..learning.models import CredentialKey

ALGORITHM = "RS256"


@dataclass
class RotationReport:
    new_kid: str
    retired: int


def generate_key():
    key = jwk.JWK.generate(kty="RSA", size=2048)
    kid = key.thumbprint()
    return CredentialKey.objects.create(kid=kid, private_jwk=key.export_private())


def ensure_signing_key():
    """The row whose key signs, created on first use so a new site needs no set-up step."""
    row = CredentialKey.objects.filter(is_active=True).first()
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
    return {"keys": [public_jwk(row) for row in CredentialKey.objects.filter(is_active=True)]}


def verification_key_set():
    """The active public keys as a jwcrypto JWKSet (what our own verifier trusts)."""
    key_set = jwk.JWKSet()
    for data in published_key_set()["keys"]:
        key_set.add(jwk.JWK(**data))
    return key_set


def rotate_keys(grace_days, now=None):
    now = now or timezone.now()
    with transaction.atomic():
        new_row = generate_key()
        retired = retire_replaced_keys(grace_days, now)
    return RotationReport(new_kid=new_row.kid, retired=retired)


def retire_replaced_keys(grace_days, now=None):
    """Retire every active key replaced by a key older than the grace period."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=grace_days)
    active = CredentialKey.objects.filter(is_active=True)
    replacement = active.filter(created_at__lte=cutoff).first()
    if replacement is None:
        return 0
    return active.filter(created_at__lt=replacement.created_at).update(is_active=False)
