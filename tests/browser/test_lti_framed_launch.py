"""An LTI 1.3 launch inside the platform's frame, as Moodle's "Embed" shows a tool, in a real Chromium
(modules/lti/framing.py, docs/interop.md "Opening inside the platform's frame").

Two sites, as in production: the platform (lti1p3platform, tests/modules/lti/platform.py) serves its
course page on http://localhost:P; our site runs as a real server on http://127.0.0.1:T, with that
platform registered in its database. localhost and 127.0.0.1 are different sites for the browser, so
our frame is a third-party context there: its cookies are third-party cookies and the page's own
frame-ancestors decides whether it may be shown at all.

Chromium runs with `--test-third-party-cookie-phaseout`: it blocks unpartitioned third-party cookies,
as Chrome does for users who block them and as Safari and Firefox do by default; a control frame checks
that it really does. So the framed quiz only works because our session and CSRF cookies are Partitioned
(CHIPS). `Secure` cookies over plain http: Chromium accepts them from http://localhost and
http://127.0.0.1 (potentially trustworthy origins, as the W3C's Secure Contexts spec says), which is what
real Chromium does on a developer's machine; no flag treats an insecure origin as secure here.

Nothing on either side is stubbed: the platform signs the id_token, our server checks it against the
platform's key set, the platform checks our client assertion before recording a score."""

import json
import re
import subprocess
import sys
import threading
from types import SimpleNamespace
from socketserver import ThreadingMixIn
from html import escape
from urllib.parse import parse_qsl, urlencode
from urllib.request import urlopen
from wsgiref.simple_server import WSGIServer, make_server

import pytest
import yaml
from playwright.sync_api import expect

from tests.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.modules.lti.platform import LEARNER, Launch, Login, PlainRequest, Platform, Quiet
from tests.sites import ROOT, copy_site, free_port, running_server, site_env

pytestmark = pytest.mark.browser

PHASEOUT = "--test-third-party-cookie-phaseout"

# Run inside the server's database (manage.py shell): our platform row and deployment, and the stable
# ids of the module the launch opens (SH-1 of ITG T1).
REGISTER = """
import json, os
from lti_tool.models import LtiDeployment
from modules.lti.models import LtiPlatform
from modules.models import KitPage
issuer = os.environ["LMS_ISSUER"]
record = LtiPlatform.objects.create(name="Moodle (framed)", issuer=issuer, client_id=os.environ["LMS_CLIENT_ID"],
    auth_url=issuer + "/auth", token_url=issuer + "/token", keyset_url=issuer + "/jwks")
LtiDeployment.objects.create(registration=record, deployment_id=os.environ["LMS_DEPLOYMENT_ID"], is_active=True)
kit = KitPage.objects.get(slug="itg-t1")
module = next(m for m in kit.live_modules() if m.slug.startswith("sh-1"))
print(json.dumps({"uuid": str(record.uuid), "kit": str(kit.translation_key), "module": str(module.translation_key),
                  "title": module.title, "path": kit.module_url(module)}))
"""


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def page_html(title, body):
    return f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head><body>{body}</body></html>'


class FramingLms(Platform):
    """The platform on http://localhost:P: a course page that frames the activity, an authorisation
    endpoint that answers with the auto-submitted id_token form (as Moodle's auth.php does), and the
    key set, token and score endpoints of tests/modules/lti/platform.py."""

    def __init__(self):
        super().__init__(client_id="moodle-framed", deployment_id="moodle-embed-1")
        self.tool = None  # our site's address, once it runs
        self.target = {}  # the module the course's link points to
        self.users = {}  # the state of an OIDC login -> the platform user it is for
        self.seen = []  # (path, Sec-Fetch-Dest, Origin) of the requests the browser made

    def start(self):
        # Threads: Chromium opens spare connections ahead of need, which would hold up a one-at-a-time server.
        self.server = make_server("127.0.0.1", self.port, self.app, server_class=ThreadingWSGIServer, handler_class=Quiet)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def url(self, path):
        return f"http://localhost:{self.port}{path}"

    def registration(self, login_url="", launch_url=""):
        return super().registration(login_url=login_url or f"{self.tool}/lti/login/{self.target['uuid']}/",
                                    launch_url=launch_url or f"{self.tool}/lti/launch/")

    def login_start(self, user_id):
        login = Login(None, self.conf())
        login.set_lti_message_hint(user=user_id)
        return login.initiate_login(user_id)

    def app(self, environ, start_response):
        path = environ["PATH_INFO"]
        query = dict(parse_qsl(environ.get("QUERY_STRING", "")))
        self.seen.append((path, environ.get("HTTP_SEC_FETCH_DEST"), environ.get("HTTP_ORIGIN")))
        if path == "/course":
            # The course page: the activity embedded, as Moodle's "Embed" launch container shows it.
            src = self.login_start(query.get("user", "platform-user-1"))
            body = (f"<h1>Cluster policy 2026</h1><iframe id=activity title=Activity src=\"{escape(src)}\" "
                    "width=1150 height=780 style='border:2px solid #555'></iframe>")
            return self.html(start_response, page_html("Course", body))
        if path == "/frame":
            # Any page of the platform framing any address (no launch): what frame-ancestors must refuse.
            body = f"<h1>Not a launch</h1><iframe id=activity title=Activity src=\"{escape(query['src'])}\" width=1150 height=600></iframe>"
            return self.html(start_response, page_html("Frame", body))
        if path == "/auth":
            return self.html(start_response, self.launch_form(query))
        if path.startswith("/cookie-control/"):
            return self.cookie_control(path, start_response)
        return super().app(environ, start_response)

    def html(self, start_response, body, headers=()):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), *headers])
        return [body.encode()]

    def launch_form(self, preflight):
        """The platform's answer to our redirect: the signed id_token, posted by the browser to our launch URL."""
        user_id = json.loads(preflight.get("lti_message_hint") or "{}").get("user", "platform-user-1")
        launch = Launch(PlainRequest({"get_data": preflight, "form_data": {}, "method": "GET"}), self.conf())
        launch.set_user_data(user_id, [LEARNER], full_name="Petra Novak")
        course = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"
        launch.set_launch_context_claim("course-42", [course], "Cluster policy 2026")
        launch.set_resource_link_claim(f"link-{user_id}", title="Quiz from elearn")
        launch.set_custom_parameters_claim({"kit": self.target["kit"], "module": self.target["module"], "lang": "en"})
        launch.set_ags(self.url("/lineitems"), self.url("/lineitems/7"))
        # Moodle's Embed container: document_target "iframe", return_url on the platform.
        launch.set_extra_claims({"https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {
            "document_target": "iframe", "return_url": self.url("/course")}})
        form = launch.lti_launch()
        fields = "".join(f'<input type=hidden name="{name}" value="{escape(form[name])}">' for name in ("id_token", "state"))
        return page_html("Launching", f'<form method=post action="{escape(form["launch_url"])}">{fields}</form>'
                                      "<script>document.forms[0].submit()</script>")

    def cookie_control(self, path, start_response):
        """A control for the browser itself: this page, framed by another site, sets one unpartitioned
        and one partitioned SameSite=None cookie and shows which it can read back."""
        if path.endswith("/set"):
            cookies = [("Set-Cookie", "plain=1; Path=/; SameSite=None; Secure"),
                       ("Set-Cookie", "chips=1; Path=/; SameSite=None; Secure; Partitioned")]
            return self.html(start_response, page_html("Set", "<a href=read>read</a>"), cookies)
        return self.html(start_response, page_html("Read", "<p id=cookies></p><script>document.getElementById('cookies')"
                                                            ".textContent = document.cookie.split('; ').sort().join(' ')</script>"))


@pytest.fixture(scope="module")
def lms():
    platform = FramingLms().start()
    yield platform
    platform.stop()


@pytest.fixture(scope="module")
def tool(lms, prepared_site, tmp_path_factory):
    """Our site as a real server, with `lms` registered in its database by a maintainer."""
    folder = copy_site(prepared_site, tmp_path_factory.mktemp("framed-site"))
    port = free_port()
    env = site_env(folder, ELEARN_BASE_URL=f"http://127.0.0.1:{port}")  # the launch URL we give the platform
    extra = {"LMS_ISSUER": lms.issuer, "LMS_CLIENT_ID": lms.client_id, "LMS_DEPLOYMENT_ID": lms.deployment_id}
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", REGISTER], cwd=ROOT, env={**env, **extra},
                          capture_output=True, text=True, timeout=120, check=True)
    lms.target = json.loads(done.stdout.strip().splitlines()[-1])
    with running_server(env, port=port) as url:
        lms.tool = url
        with urlopen(url + "/lti/jwks/", timeout=10) as answer:  # the platform reads our key set
            lms.tool_key_set = json.load(answer)
        yield SimpleNamespace(url=url, port=port, env=env)


def send_scores(tool):
    """What the site's cron does (README: `manage.py send_lti_scores`): post the queued scores."""
    subprocess.run([sys.executable, "manage.py", "send_lti_scores"], cwd=ROOT, env=tool.env, check=True, timeout=120, capture_output=True)


@pytest.fixture(scope="module")
def playwright(playwright_driver):
    """The session's driver (tests/browser/conftest.py): a second one cannot start beside it."""
    return playwright_driver


@pytest.fixture(scope="module")
def chromium(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, PHASEOUT])
    yield browser
    browser.close()


@pytest.fixture
def context(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 1000})
    yield context
    context.close()


def sh1_answer_texts(correct=True):
    quiz = yaml.safe_load((ROOT / "itg_t1/content/modules/sh-1/quiz.yaml").read_text())
    return [[a["text"] for a in q["answers"] if a["correct"] == correct] for q in quiz["questions"]]


def refused_framing(message):
    return "frame-ancestors 'none'" in message.text and "blocked" in message.text


def open_course(page, lms, user):
    """The learner opens the course page on the platform; the activity launches in its frame."""
    page.goto(lms.url("/course?") + urlencode({"user": user}))
    return page.frame_locator("#activity")


def test_this_chromium_blocks_unpartitioned_third_party_cookies(context, lms):
    """The control: a frame from another site keeps its Partitioned cookie only, so what works in the
    frames below works because our cookies are Partitioned."""
    page = context.new_page()
    page.goto(lms.url("/frame?") + urlencode({"src": f"http://127.0.0.1:{lms.port}/cookie-control/set"}))
    frame = page.frame_locator("#activity")
    frame.get_by_role("link", name="read").click()
    expect(frame.locator("#cookies")).to_have_text("chips=1")


def test_framed_launch_opens_the_module_and_the_quiz_answered_in_the_frame_sends_its_score(context, lms, tool, screenshots):
    page = context.new_page()
    frame = open_course(page, lms, "framed-learner-1")
    expect(frame.get_by_role("heading", level=1)).to_have_text(lms.target["title"])
    assert page.frames[1].url == tool.url + lms.target["path"]
    # The launch passed through the frame: the login and the launch POST (Origin: the platform) in it.
    assert ("/auth", "iframe", None) in lms.seen
    session = next(c for c in context.cookies() if c["name"] == "sessionid")
    assert (session["sameSite"], session["secure"], session.get("partitionKey")) == ("None", True, "http://localhost")
    page.screenshot(path=screenshots / "lti-framed-module.png")

    # The quiz, inside the frame: the session and CSRF cookies go with every request.
    frame.get_by_role("link", name=re.compile("^Quiz:")).first.click()
    frame.get_by_role("button", name="Start the quiz").click()
    for texts in sh1_answer_texts(correct=True):
        for text in texts:
            frame.get_by_label(text, exact=True).check()
    frame.get_by_role("button", name="Submit answers").click()
    expect(frame.get_by_role("heading", name="Score: 100%")).to_be_visible()
    expect(page.get_by_role("heading", name="Cluster policy 2026")).to_be_visible()  # still on the course page
    page.screenshot(path=screenshots / "lti-framed-quiz-result.png", full_page=True)

    send_scores(tool)
    sent = [s for s in lms.scores if s["score"]["userId"] == "framed-learner-1"]
    assert [(s["line_item"], s["score"]["scoreGiven"], s["score"]["activityProgress"]) for s in sent] == [("7", 100.0, "Completed")]


def test_framed_session_keeps_pages_outside_the_launch_unframeable(context, lms, tool):
    page = context.new_page()
    frame = open_course(page, lms, "framed-learner-2")
    expect(frame.get_by_role("heading", level=1)).to_have_text(lms.target["title"])
    # The site's own navigation opens a window of its own (static/js/site.js): the frame keeps the module.
    for name in ("My learning", "Downloads", "Privacy notice"):
        with context.expect_page() as opened:
            frame.get_by_role("link", name=name).first.click()
        opened.value.wait_for_load_state()
        assert opened.value.url.startswith(tool.url)
        opened.value.close()
    expect(frame.get_by_role("heading", level=1)).to_have_text(lms.target["title"])
    # The frame itself taken to a page outside the launch is still refused.
    with page.expect_console_message(refused_framing) as refusal:
        page.frames[1].evaluate("setTimeout(() => { window.location.href = '/my-learning/'; }, 0)")
    assert tool.url in refusal.value.text
    expect(frame.get_by_role("heading", name="My learning")).to_have_count(0)


def test_page_not_launched_through_the_platform_is_refused_in_its_frame(context, lms, tool):
    page = context.new_page()
    module = tool.url + lms.target["path"]
    # The platform's origin framing the module straight away: no launch, no frame.
    with page.expect_console_message(refused_framing):
        page.goto(lms.url("/frame?") + urlencode({"src": module}))
    expect(page.frame_locator("#activity").get_by_role("heading", name=lms.target["title"])).to_have_count(0)
    # After a framed launch, another origin of the platform's site (say, another LMS on the same host): the
    # browser sends it the learner's partitioned session (same top-level site), and our frame-ancestors,
    # which names the launching platform's origin only, refuses it.
    expect(open_course(page, lms, "framed-learner-3").get_by_role("heading", level=1)).to_have_text(lms.target["title"])
    stranger = FramingLms().start()
    try:
        with page.expect_console_message(lambda m: "frame-ancestors" in m.text and "blocked" in m.text) as refusal:
            page.goto(stranger.url("/frame?") + urlencode({"src": module}))
        assert f"frame-ancestors {lms.issuer}" in refusal.value.text
        expect(page.frame_locator("#activity").get_by_role("heading", name=lms.target["title"])).to_have_count(0)
    finally:
        stranger.stop()


def test_browser_refusing_the_frames_cookies_gets_the_activity_in_a_new_window(playwright, lms, tool, tmp_path, screenshots):
    """Safari, or Chrome with our site's cookies blocked on the course page: Chrome's own site exception
    ("not allowed to use cookies" for our site, on the platform's site), written into a fresh profile's
    Preferences as chrome://settings writes it. Partitioned cookies are blocked too then."""
    (tmp_path / "Default").mkdir()
    exception = {f"http://127.0.0.1:{tool.port},http://localhost:{lms.port}": {"setting": 2}}  # 2: block
    (tmp_path / "Default" / "Preferences").write_text(json.dumps({"profile": {"content_settings": {"exceptions": {"cookies": exception}}}}))
    context = playwright.chromium.launch_persistent_context(str(tmp_path), executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, PHASEOUT],
                                                            viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        frame = open_course(page, lms, "framed-learner-4")
        expect(frame.get_by_role("heading", name="Open the activity in a new window")).to_be_visible()
        expect(frame.get_by_text("Opening the activity…")).to_be_hidden()
        page.screenshot(path=screenshots / "lti-framed-cookies-blocked.png")
        with context.expect_page() as opened:
            frame.get_by_role("link", name="Open in a new window").click()
        window = opened.value
        expect(window.get_by_role("heading", level=1)).to_have_text(lms.target["title"])
        assert window.url == tool.url + lms.target["path"]
        session = next(c for c in context.cookies() if c["name"] == "sessionid")
        assert session["sameSite"] == "Lax" and "partitionKey" not in session  # a window of its own: first-party
    finally:
        context.close()
