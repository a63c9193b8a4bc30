"""Every admin screen of ours passes axe-core (WCAG 2.1 A and AA rules) for the people who use it: kit
maintainers on all of them, trainers on those that are theirs, on a site with data on every screen (a
release, two changes of a module waiting for review, a change sent back, quiz attempts for analytics).

No rule is switched off. The one violation Wagtail's own markup gave, the rich-text editor without an
accessible name (https://github.com/wagtail/wagtail/issues/14205), is worked around in our block
definitions (`modules.blocks.NamedRichTextBlock`); a block added in the editor is named too."""

import json
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.axe import axe_violations
from tests.browser.sign_in import sign_in_to_admin
from tests.sites import ROOT, copy_site, running_server, site_env

pytestmark = pytest.mark.browser

# Run on the copied site: the data the screens show, and the ids their URLs need. Maintainers and
# trainers edit different pages, so neither editor shows Wagtail's "also editing" avatars, which are
# not ours (an editor opened by two people at once is Wagtail's concurrent-editing markup).
SEED = """
import copy, json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from modules.models import GlossaryTerm, KitPage, LessonPage, QuizPage
from tests.modules.analytics.factories import attempt

User = get_user_model()
trainer, maintainer = User.objects.get(username="trainer"), User.objects.get(username="maintainer")
call_command("release_kit", "itg-t1", "1.0.0", "--notes", "First release.")

def submit_edited(lesson):
    data = copy.deepcopy(list(lesson.body.raw_data))
    text = next(block for block in data if block["type"] == "text")
    text["value"] = text["value"].replace("</p>", " A sentence the trainer added.</p>", 1)
    lesson.body = data
    lesson.save_revision(user=trainer)
    return lesson.get_workflow().start(lesson, trainer).current_task_state

lessons = list(LessonPage.objects.filter(locale__language_code="en").live().order_by("path")[:4])
quizzes = list(QuizPage.objects.filter(locale__language_code="en").live().order_by("path")[:2])
waiting = submit_edited(lessons[0])
submit_edited(lessons[2])  # a second change waiting in the module: the review screen offers to approve both
submit_edited(lessons[1]).reject(user=maintainer, comment="Please shorten the second paragraph.")
for n in range(6):
    learner = User.objects.create_user(username=f"a11y-{n}", email=f"a11y-{n}@example.org", password="Alps-a11y-2026")
    attempt(learner, quizzes[0], 100 if n % 2 else 40, range(n % 5), wrong_pick=n)
kit = KitPage.objects.filter(locale__language_code="en", slug="itg-t1").get()
print(json.dumps({
    "review": waiting.pk, "kit": kit.pk, "module": quizzes[0].get_parent().pk, "quiz": quizzes[0].pk,
    "term": GlossaryTerm.objects.filter(locale__language_code="en").order_by("pk").first().pk,
    "maintainer_lesson": lessons[2].pk, "maintainer_quiz": quizzes[0].pk,
    "trainer_lesson": lessons[3].pk, "trainer_quiz": quizzes[1].pk,
}))
"""

BOTH, MAINTAINER = ("maintainer", "trainer"), ("maintainer",)
SCREENS = [
    ("dashboard", "/admin/", BOTH),
    ("module-library", "/admin/module-library/", BOTH),
    ("results", "/admin/results/", BOTH),
    ("analytics-kit", "/admin/results/analytics/?kit={kit}", BOTH),
    ("analytics-module", "/admin/results/analytics/?kit={kit}&module={module}", BOTH),
    ("analytics-quiz", "/admin/results/analytics/?kit={kit}&module={module}&quiz={quiz}", BOTH),
    ("h5p-libraries", "/admin/h5p-libraries/", BOTH),
    ("h5p-changes", "/admin/h5p-libraries/changes/", BOTH),
    ("glossary", "/admin/snippets/modules/glossaryterm/", BOTH),
    ("lesson-editor", "/admin/pages/{%s_lesson}/edit/", BOTH),
    ("question-editor", "/admin/pages/{%s_quiz}/edit/", BOTH),
    ("review", "/admin/review/{review}/", MAINTAINER),
    # The module's drafts to submit together (issue 18.1): the change sent back is one of them.
    ("submit-module", "/admin/review/module/{module}/submit/", BOTH),
    ("releases", "/admin/kit-releases/", MAINTAINER),
    ("import-pack", "/admin/kit-packs/import/", MAINTAINER),
    ("imported-kits", "/admin/kit-packs/imported/", MAINTAINER),
    ("lti-platforms", "/admin/lti_platforms/", MAINTAINER),
    ("lti-platform-new", "/admin/lti_platforms/new/", MAINTAINER),
    ("glossary-term-new", "/admin/snippets/modules/glossaryterm/add/", MAINTAINER),
    ("glossary-term-edit", "/admin/snippets/modules/glossaryterm/edit/{term}/", MAINTAINER),
    ("certificates", "/admin/certificates/", MAINTAINER),
    ("translation-reports", "/admin/translation-reports/", MAINTAINER),
]
CASES = [pytest.param(role, path, id=f"{name}-{role}") for name, path, roles in SCREENS for role in roles]


@pytest.fixture(scope="module")
def admin_site(prepared_site, tmp_path_factory):
    folder = copy_site(prepared_site, tmp_path_factory.mktemp("admin-a11y"))
    env = site_env(folder)
    seeded = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", SEED], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    ids = json.loads(seeded.stdout.strip().splitlines()[-1])
    with running_server(env) as url:
        yield url, ids


@pytest.fixture(scope="module")
def signed_in(browser, admin_site, tmp_path_factory):
    """Each role's signed-in browser state, logged in once through Wagtail's login form."""
    url, _ids = admin_site
    states = {}
    for role in BOTH:
        context = browser.new_context()
        page = context.new_page()
        sign_in_to_admin(page, url, role)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        states[role] = tmp_path_factory.mktemp("state") / f"{role}.json"
        context.storage_state(path=states[role])
        context.close()
    return states


def open_as(browser, signed_in, role):
    # bypass_csp lets the test inject axe-core; the site's own policy is tested in test_content_security_policy.py.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, storage_state=signed_in[role])
    return context, context.new_page()


def settle(page):
    """The page as a person meets it: scripts run, every rich-text editor drawn."""
    page.wait_for_load_state("networkidle")
    if page.locator("[data-draftail-input]").count():
        expect(page.locator(".public-DraftEditor-content")).to_have_count(page.locator("[data-draftail-input]").count())


@pytest.mark.parametrize(("role", "path"), CASES)
def test_admin_screen_passes_axe(browser, admin_site, signed_in, role, path):
    url, ids = admin_site
    address = url + path.replace("%s", role).format(**ids)
    context, page = open_as(browser, signed_in, role)
    try:
        response = page.goto(address)
        assert response.status == 200 and page.url == address, f"{role} did not reach {path}: {response.status} at {page.url}"
        settle(page)
        violations = axe_violations(page)
        assert violations == [], f"{role} on {path}: {violations}"
    finally:
        context.close()


def test_rich_text_blocks_added_in_the_editor_are_named(browser, admin_site, signed_in):
    """A text block and a callout inserted in the lesson editor carry their label as the editor's name."""
    url, ids = admin_site
    context, page = open_as(browser, signed_in, "trainer")
    try:
        page.goto(url + f"/admin/pages/{ids['trainer_lesson']}/edit/")
        settle(page)
        before = page.locator(".public-DraftEditor-content").count()
        for block in ("Text", "Key-point callout"):
            page.get_by_role("button", name="Insert a block").first.click()
            page.get_by_role("option", name=block, exact=True).click()
            # The chooser fades out before it leaves the page; on a busy machine axe would
            # otherwise read its half-transparent options as low contrast.
            expect(page.locator(".w-combobox__option-text")).to_have_count(0)
        editors = page.locator(".public-DraftEditor-content")
        expect(editors).to_have_count(before + 2)
        names = editors.evaluate_all("nodes => nodes.map(node => node.getAttribute('aria-label'))")
        assert names[:2] == ["Text", "Text"] and all(names), names
        assert axe_violations(page) == []
    finally:
        context.close()
