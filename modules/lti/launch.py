"""Check an OIDC login initiation and an LTI 1.3 launch (pylti1p3 does the protocol, django-lti keeps
the registrations). Every check runs before anything is written: a refused launch stores nothing.

A refusal is an `LtiRefused` with a message a person understands; the view shows it on a page."""

import logging

import requests

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _
from lti_tool.models import LtiDeployment, LtiRegistration
from lti_tool.utils import DjangoToolConfig
from pylti1p3.contrib.django import DjangoCacheDataStorage, DjangoMessageLaunch, DjangoOIDCLogin
from pylti1p3.deployment import Deployment
from pylti1p3.exception import LtiException, OIDCException

from ..errors import ElearnError

logger = logging.getLogger(__name__)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
CUSTOM_CLAIM = CLAIM + "custom"
ROLES_CLAIM = CLAIM + "roles"
TARGET_CLAIM = CLAIM + "target_link_uri"
PRESENTATION_CLAIM = CLAIM + "launch_presentation"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
# Role names (the part after "#" or the last "/") that make a teacher; everyone else is a learner.
TEACHING_ROLES = {"Instructor", "TeachingAssistant", "ContentDeveloper", "Administrator", "Faculty", "Staff", "Mentor"}
# A nonce stays "used" at least as long as pylti1p3 accepts the id_token's state (5 minutes) and the
# token itself (platforms give one hour at most).
USED_NONCE_SECONDS = 2 * 3600


class LtiRefused(ElearnError):
    status = 403


class AnswerTooLarge(requests.RequestException):
    pass


def platform_session(max_bytes=None):
    """The HTTP session for a platform's key set, token and service endpoints: every request is bounded
    by ELEARN_LTI_TIMEOUT, so a platform that does not answer never holds a worker, and with
    `max_bytes` every answer is read up to that size only (AnswerTooLarge beyond)."""
    session = requests.Session()
    session.headers["User-Agent"] = "elearn-lti"
    send = session.request

    def request_with_timeout(method, url, **kwargs):
        kwargs.setdefault("timeout", settings.ELEARN_LTI_TIMEOUT)
        if max_bytes is None:
            return send(method, url, **kwargs)
        response = send(method, url, **{**kwargs, "stream": True})
        try:
            body = response.raw.read(max_bytes + 1, decode_content=True)
        finally:
            response.close()
        if len(body) > max_bytes:
            raise AnswerTooLarge(f"the answer is larger than {max_bytes} bytes", response=response)
        response._content = body  # what response.content and .json() read
        return response

    session.request = request_with_timeout
    return session


def launch_url():
    return settings.SITE_BASE_URL + reverse("lti_launch")


class ToolConfig(DjangoToolConfig):
    """django-lti's configuration, except that an unknown or inactive deployment is refused (django-lti
    would create it) and a login without client_id is found through the platform's login URL."""

    wrong_audience = False

    def find_registration_by_params(self, iss, client_id, *args, **kwargs):
        if client_id is None and self.registration_uuid is not None:
            self.registration = LtiRegistration.objects.active().filter(uuid=self.registration_uuid, issuer=iss).first()
            return self.registration.to_registration() if self.registration else None
        found = super().find_registration_by_params(iss, client_id, *args, **kwargs)
        # A known platform whose message names another client id as its audience.
        self.wrong_audience = found is None and LtiRegistration.objects.active().filter(issuer=iss).exists()
        return found

    def find_deployment(self, iss, deployment_id):
        return self._active_deployment(deployment_id)

    def find_deployment_by_params(self, iss, deployment_id, client_id, *args, **kwargs):
        return self._active_deployment(deployment_id)

    def _active_deployment(self, deployment_id):
        if self.registration is None:
            return None
        self.deployment = LtiDeployment.objects.active().filter(registration=self.registration, deployment_id=deployment_id).first()
        return Deployment().set_deployment_id(self.deployment.deployment_id) if self.deployment else None


def refusal_message(error):
    """The reason a person reads for pylti1p3's error (its texts are the library's, in English)."""
    text = str(error).lower()
    if "state" in text or "nonce" in text or "launch data not found" in text:
        return _("This launch has expired or was already used. Open the activity again from your course.")
    if "expired" in text:
        return _("This launch has expired. Open the activity again from your course.")
    if "client id" in text:
        return _("This launch was meant for another tool: its audience is not the client id registered for this platform.")
    if "registration" in text or "issuer" in text:
        return _("This learning platform is not registered on this site. Ask a kit maintainer to register it.")
    if "deployment" in text:
        return _("This deployment of the tool is not registered on this site. Ask a kit maintainer to add its deployment id.")
    if "signature" in text or "public key" in text or "decode" in text or "jwt" in text or "kid" in text:
        return _("The launch could not be verified: its signature does not match the platform's keys.")
    return _("The launch could not be verified.")


def start_login(request, registration_uuid):
    """Answer the platform's OIDC login initiation: a redirect to its authorisation URL."""
    params = request.POST if request.method == "POST" else request.GET
    if not params.get("iss") or not params.get("login_hint"):
        raise LtiRefused(_("The login request is incomplete: the platform did not send its issuer or the user."), status=400)
    login = DjangoOIDCLogin(request, ToolConfig(registration_uuid), launch_data_storage=DjangoCacheDataStorage())
    try:
        return login.redirect(launch_url())
    except (LtiException, OIDCException) as error:
        logger.info("LTI login refused: %s", error)
        raise LtiRefused(refusal_message(error)) from None


def check_launch(request):
    """Validate the id_token (state, nonce, registration, signature and expiry, deployment, message)
    and use its nonce up. Returns (message launch, tool config with the registration and deployment)."""
    if not request.POST.get("id_token"):
        raise LtiRefused(_("This address is for launches from a learning platform."), status=400)
    tool_conf = ToolConfig()
    message_launch = DjangoMessageLaunch(request, tool_conf, launch_data_storage=DjangoCacheDataStorage(), requests_session=platform_session())
    try:
        message_launch.validate()
    except LtiException as error:
        logger.info("LTI launch refused: %s", error)
        if tool_conf.wrong_audience:
            raise LtiRefused(refusal_message("client id")) from None
        raise LtiRefused(refusal_message(error)) from None
    data = message_launch.get_launch_data()
    # pylti1p3 lets the same id_token be posted again while its state is valid: a nonce is good once.
    if not cache.add(f"lti-nonce-used:{data.get('iss')}:{data.get('nonce')}", True, USED_NONCE_SECONDS):
        raise LtiRefused(_("This launch has expired or was already used. Open the activity again from your course."))
    return message_launch, tool_conf


def restore_launch(request, launch_id):
    """A validated launch kept in the cache (deep linking answers it on a later request)."""
    try:
        message_launch = DjangoMessageLaunch.from_cache(
            launch_id, request, ToolConfig(), launch_data_storage=DjangoCacheDataStorage(), requests_session=platform_session(),
        )
    except LtiException:
        raise LtiRefused(_("This launch has expired or was already used. Open the activity again from your course.")) from None
    return message_launch


def role_names(data):
    names = set()
    for role in data.get(ROLES_CLAIM) or []:
        if isinstance(role, str):
            names.add(role.replace("/", "#").rsplit("#", 1)[-1])
    return names


def is_teacher(data):
    return bool(role_names(data) & TEACHING_ROLES)


def score_endpoint(data):
    """(line item URL, scopes) when the platform lets us post scores for this launch, else None."""
    claim = data.get(AGS_CLAIM) or {}
    scopes = [scope for scope in claim.get("scope") or [] if isinstance(scope, str)]
    lineitem = claim.get("lineitem")
    if isinstance(lineitem, str) and lineitem.startswith(("http://", "https://")) and SCORE_SCOPE in scopes:
        return lineitem, scopes
    return None
