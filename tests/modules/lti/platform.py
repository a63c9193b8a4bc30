"""A real LTI 1.3 platform for the tests: lti1p3platform (the LMS side of LTI Advantage, on PyPI) with
its own RSA key, served on loopback by a small WSGI server.

- It starts the OIDC login at our tool, answers our redirect to its authorisation URL with an id_token
  it signs (resource link or deep linking request), and the test's browser (Django's test client)
  posts that form to our launch URL, as a browser would.
- It serves its key set (/jwks), which our tool fetches to check the signature, and its token
  endpoint (/token), which checks our client assertion against our published key set.
- Its Assignment and Grade Services (/lineitems/<id>/scores) check the bearer token it issued and
  record every score; it refuses a score older than the last one it stored, as the spec says.
- It validates our deep linking response with the same library (`validate_deeplinking_resp`).
- Its Names and Role Provisioning Services (/memberships, the library's `NamesRoleProvisioningService`)
  check the bearer token and list `self.members`, in pages of `members_page_size` linked by the
  spec's `Link: rel="next"` header; tests can make it fail, answer a malformed body or link on forever.
- LTI Dynamic Registration: lti1p3platform has none, so the platform serves the spec's JSON itself
  (https://www.imsglobal.org/spec/lti-dr/v1p0): its OpenID configuration at
  /.well-known/openid-configuration and a registration endpoint (/register) that checks the
  registration token, keeps the tool's configuration and answers with our client id and deployment.

Nothing on the tool side is stubbed: the tests go through pylti1p3 and our views end to end."""

import json
import threading
import time
import uuid
from urllib.parse import parse_qsl, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from jwcrypto.jwk import JWK
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.membership import Context
from lti1p3platform.service_connector import AssignmentsGradesService, NamesRoleProvisioningService

LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"


class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class PlainRequest(Request):
    def build_metadata(self, request):
        return request


def environ_request(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length) if length else b""
    content_type = environ.get("CONTENT_TYPE", "")
    headers = {"Authorization": environ.get("HTTP_AUTHORIZATION", ""), "Content-Type": content_type}
    return PlainRequest({
        "method": environ["REQUEST_METHOD"], "path": environ["PATH_INFO"], "headers": headers, "content_type": content_type,
        "get_data": dict(parse_qsl(environ.get("QUERY_STRING", ""))),
        "form_data": dict(parse_qsl(body.decode())) if "form" in content_type else {},
        "json": json.loads(body) if body and "json" in content_type else None,
    })


class PlatformConf(LTI1P3PlatformConfAbstract):
    def init_platform_config(self, registration=None, **kwargs):
        self._registration = registration

    def get_registration_by_params(self, **kwargs):
        return self._registration


class Login(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs):
        self._lti_message_hint = json.dumps(kwargs)

    def get_redirect(self, url):
        return url


class Launch(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data, **kwargs):
        return launch_data


class Gradebook(AssignmentsGradesService):
    """The platform's line items: it keeps every score posted, refuses one older than the last."""

    def __init__(self, request, platform, line_item_id):
        super().__init__(request, platform.conf(), platform.url("/lineitems"), platform.url(f"/lineitems/{line_item_id}"))
        self.platform = platform

    def update_score(self, line_item_id, score):
        if self.platform.scores_delay:
            time.sleep(self.platform.scores_delay)
        if self.platform.scores_down:
            from lti1p3platform.exceptions import LtiServiceException

            raise LtiServiceException("The gradebook is down for maintenance", 503)
        earlier = [s for s in self.platform.scores if s["line_item"] == line_item_id and s["score"]["userId"] == score["userId"]]
        if earlier and earlier[-1]["score"]["timestamp"] >= score["timestamp"]:
            return UpdateScoreStatus.OLD_TIMESTAMP
        self.platform.scores.append({"line_item": line_item_id, "score": score, "token": self.request.headers["Authorization"]})
        return UpdateScoreStatus.SUCCESS

    def find_lineitems(self, **kwargs):
        return {"content": [], "has_next": False, "next": None}

    def find_lineitem(self, line_item_id):
        return {"id": self.ags.lineitem_url, "scoreMaximum": 100, "label": "Quiz"}

    def create_lineitem(self, creation_data):
        raise NotImplementedError

    def update_lineitem(self, update_data):
        raise NotImplementedError

    def delete_lineitem(self, line_item_id):
        raise NotImplementedError

    def get_results(self, line_item_id, **kwargs):
        return {"content": [], "has_next": False, "next": None}


class Roster(NamesRoleProvisioningService):
    """The course's participants, as the platform lists them."""

    def __init__(self, request, platform, page=1):
        super().__init__(request, platform.conf(), platform.url("/memberships"))
        self.platform = platform
        self.page = page

    def get_member_data_page(self, page=1, limit=None, role=None, since=None, **kwargs):
        members, size = self.platform.members, self.platform.members_page_size
        if size:
            members = members[(self.page - 1) * size:self.page * size]
        return {"content": [dict(member) for member in members], "has_next": False, "next": None}

    def get_context_by_id(self):
        return Context(id="course-42", label="CP26", title="Cluster policy 2026")


PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"


class Platform:
    """One LMS with one registration of our tool (`client_id`, `deployment_id`)."""

    def __init__(self, client_id="elearn-tool", deployment_id="course-deployment-1"):
        key = JWK.generate(kty="RSA", size=2048)
        self.private_pem = key.export_to_pem(private_key=True, password=None).decode()
        self.public_pem = key.export_to_pem().decode()
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.scores = []
        self.scores_down = False
        self.scores_delay = 0
        self.tool_key_set = None
        self.server = None
        self.port = 0
        self.token_requests = 0
        self.members = []
        self.members_page_size = 0  # 0: every member on one page
        self.members_endless = False  # a broken platform: every page links to a next one
        self.members_next_url = None  # the next page's address, when a test sets one
        self.members_body = None  # a page's body, when a test sets one (JSON, or bytes as they are)
        self.members_status = 200
        self.roster_requests = 0
        self.registration_token = "reg-token-123"
        self.registered_tool = None
        self.openid_overrides = {}
        self.registration_status = 200

    # --- the loopback server -------------------------------------------------------------------
    def start(self):
        self.server = make_server("127.0.0.1", self.port, self.app, server_class=WSGIServer, handler_class=Quiet)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def issuer(self):
        return self.url("")

    def app(self, environ, start_response):
        request = environ_request(environ)
        path = request.path
        headers = []
        try:
            if path == "/jwks":
                status, body = 200, {"keys": self.registration().get_jwks()}
            elif path == "/token" and request.method == "POST":
                self.token_requests += 1
                status, body = 200, self.conf().get_access_token(request.form_data)
            elif path == "/.well-known/openid-configuration":
                status, body = 200, {**self.openid_configuration(), **self.openid_overrides}
            elif path == "/register" and request.method == "POST":
                status, body = self.register(request)
            elif path == "/memberships":
                status, body, headers = self.memberships(request)
            elif path.startswith("/lineitems/") and path.endswith("/scores"):
                line_item_id = path.split("/")[2]
                response = Gradebook(request, self, line_item_id).handle_resp(
                    Gradebook(request, self, line_item_id).handle_update_score, line_item_id=line_item_id)
                status, body = response.code, {"message": response.message}
            else:
                status, body = 404, {"error": "not found"}
        except Exception as error:  # the platform answers like a web server would, never crashes
            status, body = 400, {"error": f"{type(error).__name__}: {error}"}
        start_response(f"{status} {'OK' if status < 400 else 'Error'}", [("Content-Type", "application/json"), *headers])
        return [body if isinstance(body, bytes) else json.dumps(body).encode()]

    # --- Names and Role Provisioning: pages linked by `Link: <…>; rel="next"`, as the spec says ----
    def memberships(self, request):
        self.roster_requests += 1
        page = int(request.get_data.get("page") or 1)
        roster = Roster(request, self, page)
        response = roster.handle_resp(roster.handle_get_members)
        if response.code != 200:
            return response.code, {"message": response.message}, []
        if self.members_status != 200:
            return self.members_status, {"error": "The roster is not available"}, []
        body = response.result if self.members_body is None else self.members_body
        size = self.members_page_size
        more = self.members_endless or (size and page * size < len(self.members))
        next_url = self.members_next_url or self.url(f"/memberships?page={page + 1}")
        return 200, body, [("Link", f'<{next_url}>; rel="next"')] if more or self.members_next_url else []

    # --- LTI Dynamic Registration (the spec's JSON) ----------------------------------------------
    def openid_configuration(self):
        return {
            "issuer": self.issuer, "authorization_endpoint": self.url("/auth"), "token_endpoint": self.url("/token"),
            "jwks_uri": self.url("/jwks"), "registration_endpoint": self.url("/register"),
            "token_endpoint_auth_methods_supported": ["private_key_jwt"], "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                                 "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                                 "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"],
            "response_types_supported": ["id_token"], "subject_types_supported": ["public", "pairwise"],
            "claims_supported": ["iss", "sub", "name", "given_name", "family_name"],
            PLATFORM_CONFIGURATION: {
                "product_family_code": "lti1p3platform-tests", "version": "1.0",
                "messages_supported": [{"type": "LtiResourceLinkRequest"}, {"type": "LtiDeepLinkingRequest"}],
            },
        }

    def register(self, request):
        if request.headers.get("Authorization") != f"Bearer {self.registration_token}":
            return 401, {"error": "invalid_token"}
        if self.registration_status != 200:
            return self.registration_status, {"error": "invalid_client_metadata"}
        tool = request.json
        self.registered_tool = tool
        self.login_url = tool["initiate_login_uri"]
        answer = {**tool, "client_id": self.client_id}
        answer[TOOL_CONFIGURATION] = {**tool[TOOL_CONFIGURATION], "deployment_id": self.deployment_id}
        return 200, answer

    def registration_start(self, link_url):
        """The address the platform opens: the maintainer's link with the platform's two parameters."""
        from urllib.parse import urlencode

        path = urlsplit(link_url).path
        return f"{path}?{urlencode({'openid_configuration': self.url('/.well-known/openid-configuration'), 'registration_token': self.registration_token})}"

    # --- the registration of our tool ----------------------------------------------------------
    def registration(self, login_url="", launch_url="http://testserver/lti/launch/"):
        registration = (
            Registration().set_iss(self.issuer).set_client_id(self.client_id).set_deployment_id(self.deployment_id)
            .set_oidc_login_url(login_url or getattr(self, "login_url", "")).set_launch_url(launch_url).set_deeplink_launch_url(launch_url)
            .set_platform_public_key(self.public_pem).set_platform_private_key(self.private_pem)
        )
        if self.tool_key_set is not None:
            registration.set_tool_key_set(self.tool_key_set)
        return registration

    def conf(self):
        return PlatformConf(registration=self.registration())

    def register_tool(self, client):
        """The maintainer's side: our platform row and deployment; the platform reads our key set."""
        from lti_tool.models import LtiDeployment

        from modules.lti.models import LtiPlatform

        record = LtiPlatform.objects.create(
            name="Test LMS", issuer=self.issuer, client_id=self.client_id,
            auth_url=self.url("/auth"), token_url=self.url("/token"), keyset_url=self.url("/jwks"),
        )
        LtiDeployment.objects.create(registration=record, deployment_id=self.deployment_id, is_active=True)
        self.login_url = f"http://testserver/lti/login/{record.uuid}/"
        self.refresh_tool_keys(client)
        return record

    def refresh_tool_keys(self, client):
        response = client.get("/lti/jwks/")
        assert response.status_code == 200
        self.tool_key_set = response.json()

    # --- a launch through a browser (the Django test client) ----------------------------------
    def login_and_authorize(self, client, user_id):
        login = Login(None, self.conf())
        login.set_lti_message_hint(user=user_id)
        start = login.initiate_login(user_id)
        parts = urlsplit(start)
        response = client.get(f"{parts.path}?{parts.query}")
        return response

    def id_token_form(self, client, user_id="platform-user-1", roles=(LEARNER,), custom=None, deep_linking=False,
                      lineitem="7", name="Petra Novak", locale=None, claims=None, expiration=300, sign_with=None, nrps=False):
        """Start the launch at our tool and return the form the platform's page would post to it."""
        response = self.login_and_authorize(client, user_id)
        assert response.status_code == 302, response.content[:300]
        auth = urlsplit(response["Location"])
        assert auth.netloc == f"127.0.0.1:{self.port}" and auth.path == "/auth"
        preflight = dict(parse_qsl(auth.query))
        launch = Launch(PlainRequest({"get_data": preflight, "form_data": {}, "method": "GET"}), self.conf())
        launch.set_user_data(user_id, list(roles), full_name=name)
        launch.set_launch_context_claim("course-42", ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"], "Cluster policy 2026")
        launch.set_id_token_expiration(expiration)
        if deep_linking:
            launch.set_dl(self.url("/deep-link-return"), title="Add content", accept_types={"ltiResourceLink"}, extra_data={"opaque": "d-1"})
        else:
            launch.set_resource_link_claim(f"link-{uuid.uuid4().hex[:8]}", title="Quiz from elearn")
            if custom:
                launch.set_custom_parameters_claim(custom)
            if lineitem:
                launch.set_ags(self.url("/lineitems"), self.url(f"/lineitems/{lineitem}"))
        if nrps:
            launch.set_nrps(self.url("/memberships"))
        if locale:
            launch.set_extra_claims({"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {"locale": locale, "document_target": "window"}})
        if claims:
            launch.set_extra_claims(claims)
        if sign_with is not None:
            launch._platform_config = PlatformConf(registration=self.registration().set_platform_private_key(sign_with))
        form = launch.lti_launch()
        return urlsplit(form["launch_url"]).path, {"id_token": form["id_token"], "state": form["state"]}

    def launch(self, client, **kwargs):
        path, form = self.id_token_form(client, **kwargs)
        return client.post(path, form)

    def validate_deep_linking_response(self, token):
        return self.conf().validate_deeplinking_resp({"JWT": token})
