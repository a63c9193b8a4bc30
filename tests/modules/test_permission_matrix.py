"""Who may do what in the admin: every role against every admin area and action.

The table is the specification. Each cell says whether the role is allowed (True) or refused (False);
each action is done over HTTP as a browser would and judged by its effect (a page that renders, a
page that is published, a task that is approved, a release that is cut), and a refusal must be a
redirect or a 403, never an error page."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site, TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from modules.models import H5PLibrary, KitPage, KitRelease, LessonPage, ModulePage

from tests.factories import make_user

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "learner", "trainer", "maintainer", "administrator")
Y, N = True, False

#                                   anonymous learner trainer maintainer administrator
MATRIX = {
    "admin home":                   (N, N, Y, Y, Y),
    "pages explorer":               (N, N, Y, Y, Y),
    "edit a lesson":                (N, N, Y, Y, Y),
    "publish a lesson":             (N, N, N, Y, Y),
    "submit to workflow":           (N, N, Y, Y, Y),
    "submit a module's changes":    (N, N, Y, Y, Y),
    "approve a workflow task":      (N, N, N, Y, Y),
    "H5P activities list":          (N, N, Y, Y, Y),
    "H5P activity add":             (N, N, Y, Y, Y),
    "H5P libraries list":           (N, N, Y, Y, Y),
    "H5P library approve":          (N, N, N, Y, Y),
    "H5P changes list":             (N, N, Y, Y, Y),
    "H5P change approve":           (N, N, N, Y, Y),
    "kit releases list":            (N, N, N, Y, Y),
    "kit release cut":              (N, N, N, Y, Y),
    "pack import":                  (N, N, N, Y, Y),
    "imported kits":                (N, N, N, Y, Y),
    "background jobs":              (N, N, N, Y, Y),
    "a release job's page":         (N, N, N, Y, Y),
    "results overview":             (N, N, Y, Y, Y),
    "analytics":                    (N, N, Y, Y, Y),
    "module library":               (N, N, Y, Y, Y),
    "translation reports":          (N, N, N, Y, Y),
    "certificates":                 (N, N, N, Y, Y),
    "revoke a certificate":         (N, N, N, Y, Y),
    "LTI platforms":                (N, N, N, Y, Y),
    "LTI registration links":       (N, N, N, Y, Y),
    "LTI refused scores":           (N, N, N, Y, Y),
    "LTI score send again":         (N, N, N, Y, Y),
    "users admin":                  (N, N, N, N, Y),
    "settings":                     (N, N, N, N, Y),
}


def lesson():
    return LessonPage.objects.child_of(ModulePage.objects.get(code="SH-1")).order_by("path").first()


def lesson_form(page, title, action):
    data = nested_form_data({
        "title": title, "slug": page.slug, "objectives": page.objectives, "estimated_minutes": page.estimated_minutes,
        "body": streamfield([("text", rich_text("<p>Changed in the matrix test.</p>"))]),
        "comments": inline_formset([]),
        "seo_title": "", "search_description": "", "go_live_at": "", "expire_at": "",
    })
    data[action] = action
    return data


def refused(response):
    """A refusal: to the login page (anonymous, learners), to the admin home with a message, or 403."""
    assert response.status_code in (302, 403), (response.status_code, response.content[:500])
    return False


def get_allowed(client, url):
    response = client.get(url)
    return True if response.status_code == 200 else refused(response)


def page_url(path):
    return lambda client: get_allowed(client, path() if callable(path) else path)


def publish_lesson(client):
    page = lesson()
    response = client.post(f"/admin/pages/{page.pk}/edit/", lesson_form(page, "Published by the matrix", "action-publish"))
    assert response.status_code in (200, 302, 403)
    return LessonPage.objects.get(pk=page.pk).title == "Published by the matrix"


def submit_lesson(client):
    page = lesson()
    response = client.post(f"/admin/pages/{page.pk}/edit/", lesson_form(page, "Submitted by the matrix", "action-submit"))
    assert response.status_code in (200, 302, 403)
    state = LessonPage.objects.get(pk=page.pk).current_workflow_state
    allowed = state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert LessonPage.objects.get(pk=page.pk).title != "Submitted by the matrix"  # submitting never publishes
    return allowed


def drafted_lesson(username, title):
    """A trainer `username` and the lesson with a draft of theirs retitled `title` (the live title stays)."""
    author = make_user(username)
    author.groups.add(Group.objects.get(name="Trainers"))
    page = lesson()
    page.title = title
    page.save_revision(user=author)
    return author, page


def submit_module_changes(client):
    """The module's drafts to review in one step (modules/review/submissions.py): never published by it."""
    _author, page = drafted_lesson("drafter", "Drafted for the module submission")
    response = client.post(f"/admin/review/module/{page.get_parent().pk}/submit/")
    state = LessonPage.objects.get(pk=page.pk).current_workflow_state
    assert LessonPage.objects.get(pk=page.pk).title != "Drafted for the module submission"
    return True if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS else refused(response)


def approve_task(client):
    author, page = drafted_lesson("author", "Waiting for approval")
    state = page.get_workflow().start(page, author)
    task_state = state.current_task_state
    client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": "Approved."})
    task_state.refresh_from_db()
    allowed = task_state.status == TaskState.STATUS_APPROVED
    assert allowed == (LessonPage.objects.get(pk=page.pk).title == "Waiting for approval")
    return allowed


def approve_library(client):
    library = H5PLibrary.objects.create(
        machine_name="H5P.MatrixTest", major_version=1, minor_version=0, patch_version=0, title="Matrix test",
        metadata={}, content_hash="0" * 64, storage_prefix="h5p/libraries/matrix-test",
    )
    response = client.post("/admin/h5p-libraries/", {"id": library.pk})
    library.refresh_from_db()
    return True if library.approved else refused(response)


def approve_h5p_change(client):
    from modules.h5p.review import propose_change
    from tests.modules.h5p.factories import make_activity

    activity = make_activity(placed=False)
    change = propose_change(activity, None, required_score=0)
    response = client.post("/admin/h5p-libraries/changes/", {"change": change.pk, "decision": "approve"})
    activity.refresh_from_db()
    return True if activity.required_score == 0 else refused(response)


def release_job():
    from modules.models import Job

    return Job.objects.create(kind=Job.RELEASE, status=Job.SUCCEEDED, language="en", title="ITG T2 9.0.0", steps=2, step=2,
                              message="Release 9.0.0 of ITG T2 is cut.")


def cut_release(client):
    kit = KitPage.objects.get(slug="itg-t2")
    response = client.post("/admin/kit-releases/", {"kit": kit.pk, "version": "9.0.0", "notes": "Matrix."})
    return True if KitRelease.objects.filter(version="9.0.0").exists() else refused(response)


def revoke_certificate(client):
    from modules.models import Certificate

    holder = make_user("holder")
    certificate = Certificate.objects.create(user=holder, kit_key=KitPage.objects.get(slug="itg-t1").translation_key,
                                             kit_title="ITG T1", kit_code="ITG-T1", learner_name="Holder")
    response = client.post(f"/admin/certificates/{certificate.code}/revoke/", {"reason": "Matrix.", "confirm": "on"})
    certificate.refresh_from_db()
    return True if certificate.revoked_at else refused(response)


def retry_lti_score(client):
    from modules.lti.models import LtiScore
    from tests.modules.lti.factories import make_refused_score

    score = make_refused_score()
    response = client.post("/admin/lti/refused-scores/", {"score": score.pk, "decision": "retry"})
    return True if LtiScore.objects.get(pk=score.pk).status == LtiScore.PENDING else refused(response)


ACTIONS = {
    "admin home": page_url("/admin/"),
    "pages explorer": page_url(lambda: f"/admin/pages/{Site.objects.get(is_default_site=True).root_page_id}/"),
    "edit a lesson": page_url(lambda: f"/admin/pages/{lesson().pk}/edit/"),
    "publish a lesson": publish_lesson,
    "submit to workflow": submit_lesson,
    "submit a module's changes": submit_module_changes,
    "approve a workflow task": approve_task,
    "H5P activities list": page_url("/admin/snippets/modules/h5pactivity/"),
    "H5P activity add": page_url("/admin/snippets/modules/h5pactivity/add/"),
    "H5P libraries list": page_url("/admin/h5p-libraries/"),
    "H5P library approve": approve_library,
    "H5P changes list": page_url("/admin/h5p-libraries/changes/"),
    "H5P change approve": approve_h5p_change,
    "kit releases list": page_url("/admin/kit-releases/"),
    "kit release cut": cut_release,
    "pack import": page_url("/admin/kit-packs/import/"),
    "imported kits": page_url("/admin/kit-packs/imported/"),
    "background jobs": page_url("/admin/jobs/"),
    "a release job's page": page_url(lambda: f"/admin/jobs/{release_job().pk}/"),
    "results overview": page_url("/admin/results/"),
    "analytics": page_url("/admin/results/analytics/"),
    "module library": page_url("/admin/module-library/"),
    "translation reports": page_url("/admin/translation-reports/"),
    "certificates": page_url("/admin/certificates/"),
    "revoke a certificate": revoke_certificate,
    "LTI platforms": page_url("/admin/lti_platforms/"),
    "LTI registration links": page_url("/admin/lti_registration_links/"),
    "LTI refused scores": page_url("/admin/lti/refused-scores/"),
    "LTI score send again": retry_lti_score,
    "users admin": page_url("/admin/users/"),
    "settings": page_url(lambda: f"/admin/settings/site/fundingsettings/{Site.objects.get(is_default_site=True).pk}/"),
}

CASES = [(action, role, MATRIX[action][index]) for action in MATRIX for index, role in enumerate(ROLES)]


def test_every_action_is_in_the_table():
    assert set(ACTIONS) == set(MATRIX)


@pytest.mark.parametrize(("action", "role", "expected"), CASES, ids=[f"{a}-{r}" for a, r, _ in CASES])
def test_permission_matrix(action, role, expected, client, request, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    assert ACTIONS[action](client) is expected


@pytest.mark.parametrize("role", ["trainer", "maintainer", "administrator"])
def test_page_permissions_agree_with_the_table(role, request):
    user = request.getfixturevalue(role)
    permissions = lesson().permissions_for_user(user)
    assert permissions.can_edit() and permissions.can_lock()
    assert permissions.can_publish() is MATRIX["publish a lesson"][ROLES.index(role)]


# The admin menu links to an area exactly when the table lets the role open it.
MENU_LINKS = {
    "H5P libraries list": "/admin/h5p-libraries/",
    "H5P changes list": "/admin/h5p-libraries/changes/",
    "kit releases list": "/admin/kit-releases/",
    "pack import": "/admin/kit-packs/import/",
    "imported kits": "/admin/kit-packs/imported/",
    "background jobs": "/admin/jobs/",
    "results overview": "/admin/results/",
    "analytics": "/admin/results/analytics/",
    "module library": "/admin/module-library/",
    "translation reports": "/admin/translation-reports/",
    "certificates": "/admin/certificates/",
    "H5P activities list": "/admin/snippets/modules/h5pactivity/",
    "LTI platforms": "/admin/lti_platforms/",
    "LTI registration links": "/admin/lti_registration_links/",
    "LTI refused scores": "/admin/lti/refused-scores/",
}


@pytest.mark.parametrize("role", ["trainer", "maintainer", "administrator"])
def test_menu_links_agree_with_the_table(role, client, request):
    client.force_login(request.getfixturevalue(role))
    html = client.get("/admin/").content.decode()
    shown = {action for action, url in MENU_LINKS.items() if f'"url": "{url}"' in html}
    assert shown == {action for action in MENU_LINKS if MATRIX[action][ROLES.index(role)]}


def test_the_menu_shows_the_areas_in_the_declared_order(administrator, client):
    """The two tables of modules/wagtail_hooks.py make one sequence: no two items share an order (the
    menu would then depend on registration order), and the sidebar follows it."""
    from modules.wagtail_hooks import ADMIN_MENU_ITEMS, VIEWSET_MENU_ITEMS

    client.force_login(administrator)
    html = client.get("/admin/").content.decode()
    items = sorted([(order, str(label)) for label, _url_name, _icon, _permission, order in ADMIN_MENU_ITEMS]
                   + [(order, str(label)) for _viewset, label, _icon, order in VIEWSET_MENU_ITEMS])
    assert len({order for order, _label in items}) == len(items)
    positions = [html.index(f'"label": "{label}"') for _order, label in items]
    assert positions == sorted(positions), items
