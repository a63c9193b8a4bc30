"""Open Badges 3.0 credentials for certificates: a W3C Verifiable Credential (data model 2.0, JSON-LD
with the OB 3.0 context), type AchievementCredential, the kit as its Achievement and this site as the
issuer Profile, secured as a VC-JWT (OB 3.0 § "JSON Web Token Proof Format": the credential in the
`vc` claim, RS256, the key named by `kid` and published at /credentials/jwks.json) through jwcrypto.

`verify_credential` is what our verification page runs: the signature against our published keys,
then the status (revoked by a maintainer, or the holder deleted their account)."""

import json
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from jwcrypto import jws, jwt
from jwcrypto.common import JWException

from ..learning.models import Certificate
from . import keys, status_list

CONTEXT = ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
MAX_TOKEN_CHARS = 64_000


def absolute(path):
    return settings.SITE_BASE_URL + path


def page_url(name, *args):
    """A page's absolute URL in the site's main language (no language prefix), so the ids in a
    credential are the same whichever language it was downloaded in."""
    with translation.override(settings.LANGUAGE_CODE):
        return absolute(reverse(name, args=args))


def issuer_id():
    return absolute(reverse("credential_issuer"))


def status_list_url():
    return absolute(reverse("credential_status_list"))


def issuer_profile():
    funding = getattr(settings, "ELEARN_FUNDING", {})
    return {
        "@context": CONTEXT, "id": issuer_id(), "type": ["Profile"],
        "name": f"{funding.get('acronym', '')} · {funding.get('programme', '')}".strip(" ·") or settings.WAGTAIL_SITE_NAME,
        "url": absolute("/"), "description": funding.get("statement", ""),
    }


def achievement_id(certificate):
    return absolute(reverse("credential_achievement", args=[certificate.kit_key]))


def build_achievement(certificate, kit=None, outcomes=()):
    achievement = {
        "id": achievement_id(certificate), "type": ["Achievement"], "achievementType": "Certificate",
        "name": certificate.kit_title, "humanCode": certificate.kit_code,
        "description": (kit.summary if kit else "") or certificate.kit_title,
        "criteria": {"narrative": _("Complete every module and pass every quiz of the training kit.")},
        "creator": {"id": issuer_id(), "type": ["Profile"], "name": issuer_profile()["name"]},
    }
    if outcomes:
        achievement["criteria"]["narrative"] += "\n\n" + "\n".join(f"- {line}" for line in outcomes)
    if certificate.release_version:
        achievement["version"] = certificate.release_version
    return achievement


def holder_identifier(certificate):
    if certificate.holder_erased or not certificate.learner_name:
        return []
    return [{"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": certificate.learner_name}]


def build_credential(certificate, kit=None, outcomes=()):
    """The unsigned credential (a dict) for an issued certificate."""
    verify_url = page_url("verify_certificate", certificate.code)
    return {
        "@context": CONTEXT,
        "id": verify_url,
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": f"{certificate.kit_code} · {certificate.kit_title}",
        "issuer": {"id": issuer_id(), "type": ["Profile"], "name": issuer_profile()["name"], "url": absolute("/")},
        "validFrom": certificate.issued_at.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            # No e-mail leaves the site: the holder is named, as on the paper certificate; once the
            # holder deleted their account (learning.records.record_account_erased), by nothing at all.
            "identifier": holder_identifier(certificate),
            "achievement": build_achievement(certificate, kit, outcomes),
        },
        "credentialStatus": {
            "id": f"{status_list_url()}#{certificate.status_index}", "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation", "statusListIndex": str(certificate.status_index),
            "statusListCredential": status_list_url(),
        },
    }


def sign(claims):
    row = keys.ensure_signing_key()
    token = jwt.JWT(header={"alg": keys.ALGORITHM, "kid": row.kid, "typ": "JWT"}, claims=claims)
    token.make_signed_token(keys.private_key(row))
    return token.serialize()


def sign_credential(certificate, kit=None, outcomes=()):
    """The credential as a compact VC-JWT (a string)."""
    credential = build_credential(certificate, kit, outcomes)
    issued = int(certificate.issued_at.timestamp())
    return sign({"iss": credential["issuer"]["id"], "jti": credential["id"], "nbf": issued, "iat": issued,
                 "sub": credential["id"], "vc": credential})


def sign_status_list():
    """The revocation status list credential, as a VC-JWT."""
    url = status_list_url()
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"], "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": issuer_id(),
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": status_list.encode_bits(status_list.revoked_indexes())},
    }
    return sign({"iss": issuer_id(), "jti": url, "sub": url, "vc": credential})


@dataclass
class Verdict:
    """What the verification page says about a pasted credential."""
    status: str  # "valid", "revoked", "tampered" (bad signature or unknown key), "unknown", "malformed"
    certificate: Certificate | None = None
    credential: dict | None = None


def verify_credential(token):
    token = "".join((token or "").split())
    if not token or len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
        return Verdict("malformed")
    try:
        verified = jwt.JWT(jwt=token, key=keys.verification_key_set(), algs=[keys.ALGORITHM])
        claims = json.loads(verified.claims)
    except (jws.InvalidJWSSignature, jwt.JWKeyNotFound, jwt.JWTMissingKey):
        return Verdict("tampered")
    except (JWException, ValueError, TypeError, KeyError):
        return Verdict("malformed")
    credential = claims.get("vc") if isinstance(claims, dict) else None
    if not isinstance(credential, dict) or claims.get("iss") != issuer_id():
        return Verdict("tampered")
    certificate = Certificate.objects.select_related("user").filter(
        code=str(credential.get("id", "")).rstrip("/").rsplit("/", 1)[-1]).first()
    if certificate is None or credential.get("id") != page_url("verify_certificate", certificate.code):
        return Verdict("unknown", credential=credential)
    if certificate.revoked_at or certificate.holder_erased:
        return Verdict("revoked", certificate, credential)
    return Verdict("valid", certificate, credential)
