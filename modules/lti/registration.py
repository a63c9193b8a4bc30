"""LTI Dynamic Registration 1.0 (https://www.imsglobal.org/spec/lti-dr/v1p0), tool side.

django-lti 0.10 and pylti1p3 2.0 have no Dynamic Registration, so it is built here on `requests`.

A maintainer makes a one-time registration link in the admin (`LtiRegistrationLink`): no anonymous
party can register a platform. The platform's administrator pastes it into the platform, which opens
it with `openid_configuration` and `registration_token`. Then:

1. `check_registration_link` — the link exists, is unused and has not expired;
2. `fetch_platform_configuration` — the platform's OpenID configuration, over https only (http to a
   loopback address only when ELEARN_LTI_REGISTRATION_ALLOW_HTTP_LOOPBACK is on, for the tests), never
   to a private or loopback address otherwise, no redirects, bounded in time and size; its issuer
   must sit on the configuration's own host and it must offer what we need;
3. `register_with_platform` — POST our tool configuration (redirect URI, login URL, key set URL,
   scopes, the deep linking message, the claims we read) with the registration token;
4. `do_store_registration` — the platform row, its deployment, the link marked used: all in one
   transaction, and only if the link is still unused at that moment. The platform is active at once
   only if the link said so; otherwise it waits for a maintainer to tick "is active".

Every refusal is an `LtiRefused` raised before anything is stored."""

import ipaddress
import json
import logging
import socket
import uuid
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from lti_tool.models import LtiDeployment, LtiRegistration

from .launch import LtiRefused, platform_session
from .models import LtiPlatform, LtiRegistrationLink

logger = logging.getLogger(__name__)

PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
# What the tool asks for: grade passback (line items and scores) and the course roster.
WANTED_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
    "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
]
CLAIMS = ["iss", "sub", "name", "given_name", "family_name"]
MAX_DOCUMENT_BYTES = 64 * 1024
URL_LENGTH = 200  # Django's URLField default, the length of django-lti's URL columns


def registration_url(link):
    return settings.SITE_BASE_URL + reverse("lti_register", args=[link.token])


def check_registration_link(token, now=None):
    now = now or timezone.now()
    link = LtiRegistrationLink.objects.filter(token=token).first() if token else None
    if link is None or link.used_at is not None or link.expires_at <= now:
        raise LtiRefused(_("This registration link is unknown, expired or already used. Ask a maintainer of this site for a new one."))
    return link


# --- the platform's addresses ----------------------------------------------------------------------

def check_platform_url(url):
    """Refuse any address but https to a public host (or http to loopback when the tests allow it)."""
    refused = LtiRefused(_("The platform's address %(url)s is not allowed: only https addresses of public servers are.") % {"url": str(url)[:200]}, status=400)
    if not isinstance(url, str) or len(url) > 2000:
        raise refused
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise refused from None
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.username or parts.password:
        raise refused
    loopback_http = settings.ELEARN_LTI_REGISTRATION_ALLOW_HTTP_LOOPBACK
    if parts.scheme == "http" and not loopback_http:
        raise refused
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, ValueError):
        raise LtiRefused(_("The platform's address %(url)s could not be found.") % {"url": url[:200]}, status=400) from None
    addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    loopback_allowed = loopback_http and all(a.is_loopback for a in addresses)
    if parts.scheme == "http" and not loopback_allowed:
        raise refused
    if not loopback_allowed and any(not a.is_global for a in addresses):
        raise refused
    return url


def _read_json(response):
    if int(response.headers.get("Content-Length") or 0) > MAX_DOCUMENT_BYTES:
        raise ValueError("too large")
    body = b""
    for chunk in response.iter_content(8192):
        body += chunk
        if len(body) > MAX_DOCUMENT_BYTES:
            raise ValueError("too large")
    document = json.loads(body)
    if not isinstance(document, dict):
        raise ValueError("not a JSON object")
    return document


def fetch_platform_configuration(url):
    check_platform_url(url)
    try:
        with platform_session().get(url, stream=True, allow_redirects=False, headers={"Accept": "application/json"}) as response:
            if response.status_code != 200:
                raise ValueError(f"HTTP {response.status_code}")
            configuration = _read_json(response)
    except (requests.RequestException, ValueError) as error:
        logger.info("LTI registration: platform configuration %s refused: %s", url, error)
        raise LtiRefused(_("The platform's configuration could not be read (%(reason)s).") % {"reason": str(error)[:200]}, status=400) from None
    check_platform_configuration(url, configuration)
    return configuration


def _string(configuration, key):
    value = configuration.get(key)
    if not isinstance(value, str) or not value or len(value) > URL_LENGTH:
        raise LtiRefused(_("The platform's configuration has no valid “%(field)s”.") % {"field": key}, status=400)
    return value


def check_platform_configuration(url, configuration):
    issuer = _string(configuration, "issuer")
    issuer_parts, url_parts = urlsplit(issuer), urlsplit(url)
    if (issuer_parts.scheme, issuer_parts.netloc) != (url_parts.scheme, url_parts.netloc) or issuer_parts.query or issuer_parts.fragment:
        raise LtiRefused(_("The platform's issuer does not match the address of its configuration."), status=400)
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri", "registration_endpoint"):
        check_platform_url(_string(configuration, key))
    if not isinstance(configuration.get(PLATFORM_CONFIGURATION), dict):
        raise LtiRefused(_("The platform's configuration does not describe an LTI platform."), status=400)
    methods = configuration.get("token_endpoint_auth_methods_supported") or ["private_key_jwt"]
    algorithms = configuration.get("id_token_signing_alg_values_supported") or ["RS256"]
    if "private_key_jwt" not in methods or "RS256" not in algorithms:
        raise LtiRefused(_("The platform does not support signed tokens (RS256, private_key_jwt), which LTI 1.3 requires."), status=400)


# --- our configuration, posted to the platform -----------------------------------------------------

def build_tool_configuration(configuration, registration_uuid, name):
    base = settings.SITE_BASE_URL
    launch = base + reverse("lti_launch")
    supported = configuration.get("scopes_supported")
    scopes = [s for s in WANTED_SCOPES if not isinstance(supported, list) or s in supported]
    return {
        "application_type": "web",
        "response_types": ["id_token"],
        "grant_types": ["implicit", "client_credentials"],
        "initiate_login_uri": base + reverse("lti_login", args=[registration_uuid]),
        "redirect_uris": [launch],
        "client_name": name,
        "jwks_uri": base + reverse("lti_jwks"),
        "token_endpoint_auth_method": "private_key_jwt",
        "scope": " ".join(scopes),
        TOOL_CONFIGURATION: {
            "domain": urlsplit(base).netloc,
            "target_link_uri": launch,
            "claims": CLAIMS,
            "messages": [
                {"type": "LtiResourceLinkRequest", "target_link_uri": launch},
                {"type": "LtiDeepLinkingRequest", "target_link_uri": launch, "label": name},
            ],
        },
    }


def register_with_platform(configuration, registration_token, tool_configuration):
    """POST our configuration; returns (client id, deployment id or "")."""
    endpoint = configuration["registration_endpoint"]
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if registration_token:
        headers["Authorization"] = f"Bearer {registration_token}"
    try:
        with platform_session().post(endpoint, data=json.dumps(tool_configuration), headers=headers, stream=True, allow_redirects=False) as response:
            if response.status_code not in (200, 201):
                raise ValueError(f"HTTP {response.status_code}")
            answer = _read_json(response)
    except (requests.RequestException, ValueError) as error:
        logger.info("LTI registration refused by %s: %s", endpoint, error)
        raise LtiRefused(_("The platform did not accept the registration (%(reason)s).") % {"reason": str(error)[:200]}, status=400) from None
    client_id = answer.get("client_id")
    tool = answer.get(TOOL_CONFIGURATION) if isinstance(answer.get(TOOL_CONFIGURATION), dict) else {}
    deployment_id = tool.get("deployment_id") or ""
    if not isinstance(client_id, str) or not client_id or len(client_id) > 255 or not isinstance(deployment_id, str) or len(deployment_id) > 255:
        raise LtiRefused(_("The platform's answer to the registration has no valid client id."), status=400)
    return client_id, deployment_id


def do_store_registration(link, configuration, registration_uuid, client_id, deployment_id, now=None):
    now = now or timezone.now()
    issuer = configuration["issuer"]
    if LtiRegistration.objects.filter(issuer=issuer, client_id=client_id).exists():
        raise LtiRefused(_("This platform is already registered with the same client id."), status=409)
    try:
        with transaction.atomic():
            claimed = LtiRegistrationLink.objects.filter(pk=link.pk, used_at__isnull=True, expires_at__gt=now).update(used_at=now)
            if not claimed:
                raise LtiRefused(_("This registration link is unknown, expired or already used. Ask a maintainer of this site for a new one."))
            platform = LtiPlatform.objects.create(
                uuid=registration_uuid, name=link.name, issuer=issuer, client_id=client_id,
                auth_url=configuration["authorization_endpoint"], token_url=configuration["token_endpoint"],
                keyset_url=configuration["jwks_uri"], is_active=link.activate_at_once,
            )
            if deployment_id:
                LtiDeployment.objects.create(registration=platform, deployment_id=deployment_id, is_active=True)
            LtiRegistrationLink.objects.filter(pk=link.pk).update(platform=platform)
    except IntegrityError:
        raise LtiRefused(_("This platform is already registered with the same client id."), status=409) from None
    return platform


def do_dynamic_registration(token, openid_configuration, registration_token):
    """The whole exchange; returns the stored platform."""
    link = check_registration_link(token)
    if not openid_configuration:
        raise LtiRefused(_("This address is for registering from a learning platform: open it from the platform's tool registration."), status=400)
    configuration = fetch_platform_configuration(openid_configuration)
    registration_uuid = uuid.uuid4()
    client_id, deployment_id = register_with_platform(configuration, registration_token, build_tool_configuration(configuration, registration_uuid, link.name))
    return do_store_registration(link, configuration, registration_uuid, client_id, deployment_id)
