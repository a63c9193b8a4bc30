"""Uploaded H5P code runs in a sandbox, in a real browser: a hostile library gets no cookie, no
storage, no lesson page and no request with the learner's session, while a real activity plays in the
lesson page and its scored statement reaches the site.

Each test runs twice: with the player beside the site (the default: sandboxed, opaque origin) and on a
separate content origin (http://localhost:<port> for a site at http://127.0.0.1:<port>)."""

import json
import re
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from tests.sites import ROOT, copy_site, free_port, running_server, site_env

pytestmark = pytest.mark.browser

SNOOP_JS = r"""
var H5P = H5P || {};
H5P.Snoop = (function () {
  function Snoop(params, contentId) { H5P.EventDispatcher.call(this); this.contentId = contentId; }
  Snoop.prototype = Object.create(H5P.EventDispatcher.prototype);
  Snoop.prototype.constructor = Snoop;
  Snoop.prototype.attach = function ($container) {
    var report = {};
    var out = document.createElement('pre');
    out.id = 'snoop-report';
    $container.get(0).appendChild(out);
    function attempt(name, read) {
      try { var value = read(); report[name] = value === undefined ? null : value; }
      catch (error) { report[name] = 'blocked: ' + error.name; }
    }
    attempt('cookie', function () { return document.cookie; });
    attempt('localStorage', function () { return window.localStorage.getItem('elearn-secret'); });
    attempt('sessionStorage', function () { return window.sessionStorage.getItem('elearn-secret'); });
    attempt('freshStorage', function () {
      var frame = document.createElement('iframe');  // a new window might bring the real storage back
      document.body.appendChild(frame);
      return frame.contentWindow.localStorage.getItem('elearn-secret');
    });
    attempt('parentDocument', function () { return window.parent.document.title; });
    attempt('topCookie', function () { return window.top.document.cookie; });
    // The site and the xAPI endpoint, from the object IRI H5P is given: what a hostile library would use.
    var objectId = H5PIntegration.contents['cid-' + this.contentId].url;
    var site = new URL(objectId).origin;
    function probe(name, url, options) {
      return fetch(url, options).then(
        function (response) { report[name] = 'status ' + response.status + ' ' + response.type; },
        function (error) { report[name] = 'failed: ' + error.name; });
    }
    Promise.all([
      probe('myLearning', site + '/my-learning/', { credentials: 'include' }),
      probe('relative', '/my-learning/', { credentials: 'include' }),  // the player's own host
      probe('xapi', objectId + 'xapi/', { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'text/plain' },
        body: JSON.stringify({ statement: { verb: { id: 'http://adlnet.gov/expapi/verbs/answered' }, object: { id: objectId },
                                            result: { score: { raw: 1, max: 1 } } }, children: [] }) })
    ]).then(function () {
      out.textContent = JSON.stringify(report);
      out.setAttribute('data-done', 'yes');
    });
  };
  return Snoop;
})();
"""


def snoop_files():
    library = {"title": "Snoop", "machineName": "H5P.Snoop", "majorVersion": 1, "minorVersion": 0, "patchVersion": 0, "runnable": 1,
               "preloadedJs": [{"path": "snoop.js"}]}
    meta = {"title": "Snoop", "language": "en", "mainLibrary": "H5P.Snoop", "embedTypes": ["iframe"],
            "preloadedDependencies": [{"machineName": "H5P.Snoop", "majorVersion": 1, "minorVersion": 0}]}
    return {"h5p.json": json.dumps(meta).encode(), "content/content.json": b"{}",
            "H5P.Snoop-1.0/library.json": json.dumps(library).encode(), "H5P.Snoop-1.0/snoop.js": SNOOP_JS.encode()}


def seed():
    """Run inside the test site (manage.py shell): both activities placed in SH-1's first two lessons,
    and a learner with a session. Prints what the tests need as JSON."""
    import uuid

    from django.contrib.auth import get_user_model
    from django.test import Client

    from modules.models import LessonPage, ModulePage
    from tests.modules.h5p.factories import store_activity

    lessons = list(LessonPage.objects.child_of(ModulePage.objects.get(code="SH-1")).live().order_by("path")[:2])
    for lesson, activity in zip(lessons, [store_activity(), store_activity(snoop_files())]):
        block = {"type": "h5p", "id": str(uuid.uuid4()), "value": {"activity": activity.pk, "intro": ""}}
        lesson.body = json.dumps([*lesson.body.raw_data, block])
        lesson.save_revision().publish()
    learner = get_user_model().objects.create_user(username="h5p-learner", email="h5p-learner@example.org", password="Helix-4-Alps-2026")
    client = Client()
    client.force_login(learner)
    print(json.dumps({"check": f"/itg-t1/sh-1/{lessons[0].slug}/", "snoop": f"/itg-t1/sh-1/{lessons[1].slug}/",
                      "session": client.cookies["sessionid"].value}))


@pytest.fixture(scope="module")
def seeded_site(prepared_site, tmp_path_factory):
    folder = copy_site(prepared_site, tmp_path_factory.mktemp("h5p-site"))
    code = "from tests.browser.test_h5p_isolation import seed; seed()"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], check=False, cwd=ROOT, env=site_env(folder),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return folder, json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["same-host", "content-origin"])
def h5p_site(request, seeded_site):
    folder, seeded = seeded_site
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    extra = {"ELEARN_BASE_URL": site}
    if request.param == "content-origin":
        # Another site than 127.0.0.1 for the browser, served by the same app (both are in ALLOWED_HOSTS).
        extra["H5P_CONTENT_ORIGIN"] = f"http://localhost:{port}"
    log = folder / f"server-{request.param}.log"
    with running_server(site_env(folder, **extra), port, log=log) as url:
        yield {"url": url, "player": extra.get("H5P_CONTENT_ORIGIN", ""), "log": log, **seeded}


def logged_requests(log, since, pattern, count):
    """The server's log lines since offset `since` matching `pattern`, once there are `count` (it logs
    a request only after answering it)."""
    for _ in range(50):
        lines = [line for line in log.read_text()[since:].splitlines() if re.search(pattern, line)]
        if len(lines) >= count:
            return lines
        time.sleep(0.1)
    return lines


def learner_page(browser, site, **options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.add_cookies([{"name": "sessionid", "value": site["session"], "url": site["url"]}])
    return context, context.new_page()


def open_lesson(page, site, lesson):
    # Something worth stealing on the site's origin: a readable cookie and a stored value.
    page.goto(site["url"] + "/")
    page.evaluate("() => { document.cookie = 'elearn-visible=learner-cookie; path=/';"
                  " localStorage.setItem('elearn-secret', 'learner-data'); sessionStorage.setItem('elearn-secret', 'learner-data'); }")
    page.goto(site["url"] + site[lesson])
    player = page.locator("iframe[data-h5p-player]")
    player.scroll_into_view_if_needed()  # the iframe loads lazily
    expect(player).to_have_attribute("sandbox", "allow-scripts")
    assert player.get_attribute("src").startswith(site["player"] + "/h5p/play/")
    return player, page.frame_locator("iframe[data-h5p-player]")


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "sandbox-alone"])
def test_hostile_library_gets_nothing_of_the_learner(browser, h5p_site, bypass_csp):
    # With the CSP bypassed, the sandbox alone must still hold: defence in depth.
    context, page = learner_page(browser, h5p_site, bypass_csp=bypass_csp)
    requests = []
    page.on("request", lambda request: requests.append(request) if "/my-learning/" in request.url or "/xapi/" in request.url else None)
    try:
        since = h5p_site["log"].stat().st_size
        _, frame = open_lesson(page, h5p_site, "snoop")
        report = json.loads(frame.locator("#snoop-report[data-done]").text_content(timeout=20000))
        assert report["cookie"].startswith("blocked") and report["topCookie"].startswith("blocked"), report
        assert report["localStorage"] is None and report["sessionStorage"] is None, report
        assert str(report["freshStorage"]).startswith("blocked"), report
        assert report["parentDocument"].startswith("blocked"), report
        assert "learner" not in json.dumps(report)
        # No response can be read back (CSP, else CORS: the player's origin is opaque)...
        assert all(report[name].startswith("failed") for name in ("myLearning", "relative", "xapi")), report
        # ...connect-src stops the requests before they leave; without it they leave, but without the
        # learner's session: the server sends /my-learning/ to the login page (or, on the content
        # host, serves no site page at all), where the learner's own request gets the page (below).
        assert len(requests) == (3 if bypass_csp else 0), [r.url for r in requests]
        answered = logged_requests(h5p_site["log"], since, r'"GET /my-learning/ HTTP/1.1" \d+', 2 if bypass_csp else 0)
        if bypass_csp:
            statuses = sorted(line.split('HTTP/1.1" ')[1].split()[0] for line in answered)
            assert statuses == (["302", "404"] if h5p_site["player"] else ["302", "302"]), answered
        else:
            assert answered == [], answered
        # The learner's own session still works on the site.
        page.goto(h5p_site["url"] + "/my-learning/")
        expect(page.get_by_role("heading", name="My learning")).to_be_visible()
    finally:
        context.close()


def test_activity_plays_in_the_lesson_and_its_statement_reaches_the_site(browser, h5p_site, screenshots):
    context, page = learner_page(browser, h5p_site)
    try:
        player, frame = open_lesson(page, h5p_site, "check")
        page.evaluate("() => { window.h5pMessages = []; window.addEventListener('message', (e) => window.h5pMessages.push(e.data)); }")
        expect(frame.get_by_text("Which helix does the quadruple helix add to the triple helix?")).to_be_visible(timeout=20000)
        assert page.frame(url=lambda url: "/h5p/play/" in url).evaluate("() => self.origin") == "null"
        frame.get_by_label("Civil society").check()
        with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/xapi/")) as posted:
            frame.get_by_role("button", name="Check").click()
        expect(frame.get_by_text("Correct!")).to_be_visible()

        messages = page.evaluate("() => window.h5pMessages.filter((m) => m && m.type === 'elearn-h5p-xapi')")
        answered = [m["statement"] for m in messages if m["statement"]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"]
        assert answered and answered[-1]["result"]["score"]["raw"] == 1

        request = posted.value
        assert request.url == h5p_site["url"] + player.get_attribute("data-xapi-url")
        body = request.post_data_json
        assert body["statement"]["verb"]["id"] == "http://adlnet.gov/expapi/verbs/answered"
        assert body["statement"]["object"]["id"].endswith(player.get_attribute("data-xapi-url").removesuffix("xapi/"))
        assert body["statement"]["result"]["score"] == answered[-1]["result"]["score"] and body["children"] == []
        csrf = next(c["value"] for c in context.cookies(h5p_site["url"]) if c["name"] == "csrftoken")
        assert request.headers["x-csrftoken"] == csrf and "sessionid" in request.all_headers()["cookie"]

        # The player reported its height and the lesson page sized the iframe to it.
        page.wait_for_function("() => document.querySelector('iframe[data-h5p-player]').style.height !== '400px'")
        player.screenshot(path=screenshots / "h5p-activity.png")
    finally:
        context.close()


ANSWERED = "http://adlnet.gov/expapi/verbs/answered"


def statement(object_id, verb=ANSWERED, raw=None, parent=None):
    data = {"verb": {"id": verb}, "object": {"id": object_id}}
    if raw is not None:
        data["result"] = {"score": {"raw": raw, "min": 0, "max": 1}}
    if parent:
        data["context"] = {"contextActivities": {"parent": [{"id": parent}]}}
    return data


def test_lesson_page_forwards_well_formed_statements_from_its_players_only(browser, h5p_site):
    context, page = learner_page(browser, h5p_site)
    posts = []

    def record(route):
        posts.append(route.request.post_data_json)
        route.fulfill(status=200, json={})

    page.route("**/h5p/activities/*/xapi/", record)
    try:
        _, frame = open_lesson(page, h5p_site, "check")
        expect(frame.get_by_role("button", name="Check")).to_be_visible(timeout=20000)
        set_iri = "http://example.org/h5p/activities/set/"
        inside = page.frame(url=lambda url: "/h5p/play/" in url)

        def from_player(message):
            inside.evaluate("(message) => window.parent.postMessage(message, '*')", message)

        def xapi(data):
            return {"type": "elearn-h5p-xapi", "statement": data}

        from_player(xapi(statement(set_iri + "?subContentId=q1", raw=0)))
        from_player(xapi(statement(set_iri + "?subContentId=q1", raw=1)))  # answered again: replaces the first
        from_player(xapi(statement("http://example.org/q2", raw=1, parent=set_iri)))
        from_player(xapi(statement("http://example.org/interacted", verb="http://adlnet.gov/expapi/verbs/interacted", parent=set_iri)))
        for malformed in [{"verb": {"id": 5}, "object": {"id": set_iri}}, {"verb": {"id": ANSWERED}},
                          {**statement(set_iri), "result": {"score": {"raw": "1"}}}, "answered"]:
            from_player(xapi(malformed))
        from_player({"type": "other", "statement": statement(set_iri, raw=1)})
        # The lesson page posting to itself is not a player, whatever it sends.
        page.evaluate("(message) => window.postMessage(message, '*')", xapi(statement(set_iri, raw=1)))

        # An unscored statement ("attempted") is not sent at all and does not flush the children.
        from_player(xapi(statement(set_iri, verb="http://adlnet.gov/expapi/verbs/attempted")))
        with page.expect_request("**/xapi/"):
            from_player(xapi(statement(set_iri, raw=2)))
        page.wait_for_timeout(300)
        assert [p["statement"]["verb"]["id"].rsplit("/", 1)[-1] for p in posts] == ["answered"]
        assert posts[0]["statement"]["result"]["score"]["raw"] == 2
        assert [(c["object"]["id"], c["result"]["score"]["raw"]) for c in posts[0]["children"]] == [
            (set_iri + "?subContentId=q1", 1), ("http://example.org/q2", 1)]

        from_player({"type": "elearn-h5p-resize", "height": 99999})
        page.wait_for_function("() => document.querySelector('iframe[data-h5p-player]').style.height === '20000px'")
    finally:
        context.close()
