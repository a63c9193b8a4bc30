"""A cmi5 AU of a real release, launched in Chromium as a cmi5 LMS launches it, against a real Ralph
LRS: statement order and the cmi5 rules (§9.3, §10), moveOn, Browse mode, and a connection that
drops while the learner works."""

import io
import uuid
import zipfile
from xml.etree import ElementTree

import pytest

from tests.chromium import CHROMIUM, CHROMIUM_ARGS, require_chromium

from .cmi5_lms import LMS
from .cmi5_package import build_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
NS = {"c": "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"}
CMI5 = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON = "https://w3id.org/xapi/cmi5/context/categories/moveon"
SESSION = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore"
ACTOR = {"objectType": "Agent", "name": "Lena Huber", "account": {"homePage": "https://lms.example.org", "name": "lena"}}


@pytest.fixture
def course(manifest_t1, tmp_path):
    """The ITG T1 cmi5 package, unpacked; its first module that has a quiz, as AU and manifest module."""
    package = build_package(manifest_t1)
    archive = zipfile.ZipFile(io.BytesIO(package))
    folder = tmp_path / "course"
    archive.extractall(folder)
    root = ElementTree.fromstring(archive.read("cmi5.xml"))
    module = next(m for m in manifest_t1["modules"] if m["quiz"])
    au = next(a for a in root.findall("c:au", NS) if a.get("id") == f"urn:uuid:{module['id']}")
    return folder, {"id": au.get("id"), "url": au.find("c:url", NS).text, "mastery": float(au.get("masteryScore"))}, module


@pytest.fixture
def lms(course, ralph):
    with LMS(course[0], ralph) as server:
        yield server


@pytest.fixture
def page(course, lms):
    """Chromium started after the database work of `course`: Playwright's sync API keeps an event
    loop running in this thread, where Django then refuses database access."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        yield context.new_page()
        context.close()
        browser.close()


def answer(page, quiz, right=True):
    for question in quiz["questions"]:
        chosen = [a for a in question["answers"] if a["correct"] == right] or question["answers"][:1]
        for item in chosen if question["type"] == "multiple" else chosen[:1]:
            page.check(f"#a-{item['id']}")
    page.click("#quiz-submit")
    page.wait_for_selector("#quiz-result:not([hidden])")


def statements_of(ralph, registration, count, page):
    """The registration's statements in the order they happened, once `count` have arrived."""
    found = []
    for _ in range(100):
        found = [s for s in ralph.statements() if s.get("context", {}).get("registration") == registration]
        if len(found) >= count:
            break
        page.wait_for_timeout(200)
    return sorted(found, key=lambda s: s["timestamp"])


def verbs(statements):
    return [s["verb"]["id"].rsplit("/", 1)[1] for s in statements]


def categories(statement):
    return {c["id"] for c in statement["context"]["contextActivities"].get("category", [])}


def check_cmi5_rules(statements, au, session):
    assert verbs(statements)[0] == "initialized" and verbs(statements)[-1] == "terminated"
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids))
    for statement in statements:
        assert statement["actor"]["account"] == ACTOR["account"]
        assert statement["object"]["id"] == au["id"]
        assert statement["context"]["extensions"][SESSION] == session
        assert statement["context"]["contextActivities"]["grouping"][0]["id"].endswith("/cmi5/publisher")
        assert CMI5 in categories(statement)
        assert (MOVEON in categories(statement)) == (verbs([statement])[0] in ("completed", "passed", "failed"))
        if verbs([statement])[0] in ("completed", "passed", "failed"):
            assert statement["result"]["duration"].startswith("PT")


def test_a_learner_fails_then_passes_on_a_second_launch(lms, ralph, course, page):
    _, au, module = course
    registration = str(uuid.uuid4())
    url, session = lms.launch_url(au, ACTOR, registration, mastery=au["mastery"])
    page.goto(url)
    answer(page, module["quiz"], right=False)
    first = statements_of(ralph, registration, 4, page)
    assert verbs(first) == ["initialized", "completed", "failed", "terminated"]
    check_cmi5_rules(first, au, session)
    failed = first[2]
    assert failed["result"]["success"] is False and failed["result"]["score"]["scaled"] < au["mastery"]
    assert failed["context"]["extensions"][MASTERY] == au["mastery"]
    assert lms.fetches[session] == 1

    # A new session of the same registration: completed was already sent, so only the pass follows.
    url, second_session = lms.launch_url(au, ACTOR, registration, mastery=au["mastery"])
    page.goto(url)
    answer(page, module["quiz"], right=True)
    later = [s for s in statements_of(ralph, registration, 7, page) if s["context"]["extensions"][SESSION] == second_session]
    assert verbs(later) == ["initialized", "passed", "terminated"]
    check_cmi5_rules(later, au, second_session)
    passed = later[1]
    assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] == 1.0
    assert passed["result"]["completion"] is True
    assert lms.fetches[second_session] == 1


def test_browse_mode_records_nothing_that_counts_for_move_on(lms, ralph, course, page):
    _, au, module = course
    registration = str(uuid.uuid4())
    url, session = lms.launch_url(au, ACTOR, registration, launch_mode="Browse")
    page.goto(url)
    answer(page, module["quiz"], right=True)
    statements = statements_of(ralph, registration, 2, page)
    page.wait_for_timeout(500)
    statements = statements_of(ralph, registration, 2, page)
    assert verbs(statements) == ["initialized", "terminated"]
    check_cmi5_rules(statements, au, session)


def test_statements_made_offline_arrive_once_when_the_connection_returns(lms, ralph, course, page):
    _, au, module = course
    registration = str(uuid.uuid4())
    url, session = lms.launch_url(au, ACTOR, registration)
    page.goto(url)
    assert verbs(statements_of(ralph, registration, 1, page)) == ["initialized"]
    page.context.set_offline(True)
    answer(page, module["quiz"], right=True)
    page.wait_for_timeout(1000)
    assert verbs(statements_of(ralph, registration, 1, page)) == ["initialized"]
    queued = page.evaluate("Object.keys(localStorage).filter(k => k.endsWith(':queue')).map(k => JSON.parse(localStorage[k]).length)")
    assert queued == [3]
    page.context.set_offline(False)
    statements = statements_of(ralph, registration, 4, page)
    page.wait_for_timeout(6000)  # past the AU's retry interval: nothing may arrive twice
    statements = statements_of(ralph, registration, 4, page)
    assert verbs(statements) == ["initialized", "completed", "passed", "terminated"]
    check_cmi5_rules(statements, au, session)
    assert lms.fetches[session] == 1
