"""Staff roles as Django groups with Wagtail permissions, and the "Kit review" workflow.

Learners are users in no group and never reach the admin.

- Trainers author modules, lessons, quizzes and H5P activities and submit them for review: they add,
  change and lock pages under the home page but may not publish.
- Kit maintainers do what trainers do, and publish, approve the "Kit review" workflow task, cut
  releases, import packs, approve H5P libraries and register LTI platforms.
- Administrators are superusers.

Everything here is idempotent: `manage.py migrate` (migration 0009), `manage.py setup_roles` and
`manage.py setup_demo` all call `ensure_roles()` or the two group functions."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

TRAINERS = "Trainers"
MAINTAINERS = "Kit maintainers"
WORKFLOW_NAME = "Kit review"
TASK_NAME = "Kit maintainer approval"

# Maintainers do what trainers do, publish, cut releases, import packs, approve H5P libraries and
# review changes to H5P activities (a new package or pass score waits for them: modules/h5p/review.py).
MAINTAINER_PAGE_PERMISSIONS = ["publish_page", "unlock_page"]
MAINTAINER_MODEL_PERMISSIONS = [
    ("modules", "approve_h5plibrary"), ("modules", "review_h5pactivitychange"),
    ("modules", "view_kitrelease"), ("modules", "add_kitrelease"),
    ("modules", "view_importedkit"), ("modules", "add_importedkit"), ("modules", "change_importedkit"),
    # LTI 1.3 platforms that launch the kits (modules/lti/admin.py).
    ("modules", "view_ltiplatform"), ("modules", "add_ltiplatform"), ("modules", "change_ltiplatform"), ("modules", "delete_ltiplatform"),
    # One-time LTI Dynamic Registration links, and the scores platforms refused (send again, discard).
    ("modules", "view_ltiregistrationlink"), ("modules", "add_ltiregistrationlink"), ("modules", "change_ltiregistrationlink"),
    ("modules", "delete_ltiregistrationlink"),
    ("modules", "view_ltiscore"), ("modules", "change_ltiscore"), ("modules", "delete_ltiscore"),
    # The glossary goes live as it is saved (a snippet without review), so only maintainers edit it.
    ("modules", "add_glossaryterm"), ("modules", "change_glossaryterm"), ("modules", "delete_glossaryterm"),
    # Learners' reports of translation errors (modules/translation_reports.py).
    ("modules", "view_translationreport"),
    # Certificates issued in error or obtained by fraud (modules/credentials/admin_views.py).
    ("modules", "revoke_certificate"),
]
# Permissions of models added after migration 0009 (which calls these functions): granted by the
# migration that adds the model (0016_lti_tool, the H5P activity review migration).
LATER_MODEL_PERMISSIONS = {("modules", "view_ltiplatform"), ("modules", "add_ltiplatform"), ("modules", "change_ltiplatform"),
                           ("modules", "delete_ltiplatform"), ("modules", "review_h5pactivitychange"),
                           ("modules", "view_glossaryterm"), ("modules", "add_glossaryterm"), ("modules", "change_glossaryterm"),
                           ("modules", "delete_glossaryterm"), ("modules", "view_translationreport"),
                           ("modules", "revoke_certificate"),
                           ("modules", "view_ltiregistrationlink"), ("modules", "add_ltiregistrationlink"),
                           ("modules", "change_ltiregistrationlink"), ("modules", "delete_ltiregistrationlink"),
                           ("modules", "view_ltiscore"), ("modules", "change_ltiscore"), ("modules", "delete_ltiscore")}
# Trainers author and submit for review; they never publish (kit maintainers approve and publish).
TRAINER_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page"]
TRAINER_MODEL_PERMISSIONS = [
    ("modules", "add_h5pactivity"), ("modules", "change_h5pactivity"), ("modules", "view_h5pactivity"), ("modules", "view_h5plibrary"),
    ("modules", "view_glossaryterm"),
]
TRAINER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
]


def _home_page():
    return Page.objects.filter(depth=2).order_by("path").first()


def _page_permission(codename):
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def _grant_model_permissions(group, pairs):
    """Each (app_label, codename) to the group; one of LATER_MODEL_PERMISSIONS that does not exist yet
    is left to the migration that creates its model, any other missing one is an error."""
    for app_label, codename in pairs:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is None and (app_label, codename) in LATER_MODEL_PERMISSIONS:
            continue
        group.permissions.add(permission or Permission.objects.get(content_type__app_label=app_label, codename=codename))


def ensure_maintainer_group():
    group = ensure_trainer_group(MAINTAINERS)
    home = _home_page()
    if home is not None:
        for codename in MAINTAINER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=_page_permission(codename))
    _grant_model_permissions(group, MAINTAINER_MODEL_PERMISSIONS)
    ensure_review_workflow(group)
    return group


def ensure_trainer_group(name=TRAINERS):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    home = _home_page()
    if home is not None:
        for codename in TRAINER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=_page_permission(codename))
        if name == TRAINERS:
            # The first version let trainers publish; take that back on sites set up before review.
            GroupPagePermission.objects.filter(group=group, permission__codename__in=MAINTAINER_PAGE_PERMISSIONS).delete()
    _grant_model_permissions(group, TRAINER_MODEL_PERMISSIONS)
    root_collection = Collection.get_first_root_node()
    for app_label, codename in TRAINER_COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)
    return group


def ensure_review_workflow(maintainers=None):
    """The "Kit review" workflow: one group approval task for the kit maintainers, attached to the
    home page, so every kit, module, lesson and quiz page is reviewed before it is published."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    maintainers = maintainers or Group.objects.get(name=MAINTAINERS)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(maintainers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    home = _home_page()
    if home is not None:
        WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return workflow


def ensure_roles():
    """Both staff groups and the review workflow."""
    trainers = ensure_trainer_group()
    maintainers = ensure_maintainer_group()
    return trainers, maintainers
