"""Staff roles as Django groups with Wagtail permissions. Learners are users in no group."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

TRAINERS = "Trainers"
MAINTAINERS = "Kit maintainers"
# Maintainers do what trainers do, and cut releases and import packs.
MAINTAINER_MODEL_PERMISSIONS = [
    ("modules", "approve_h5plibrary"),
    ("modules", "view_kitrelease"), ("modules", "add_kitrelease"),
    ("modules", "view_importedkit"), ("modules", "add_importedkit"), ("modules", "change_importedkit"),
]
# Trainers author and publish in this first version; review before publishing comes with the
# trainer workspace (kit maintainers approve).
TRAINER_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
TRAINER_MODEL_PERMISSIONS = [
    ("modules", "add_h5pactivity"), ("modules", "change_h5pactivity"), ("modules", "view_h5pactivity"), ("modules", "view_h5plibrary"),
]
TRAINER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document"),
]


def ensure_maintainer_group():
    group = ensure_trainer_group(MAINTAINERS)
    for app_label, codename in MAINTAINER_MODEL_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return group


def ensure_trainer_group(name=TRAINERS):
    group, _ = Group.objects.get_or_create(name=name)
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    home = Page.objects.filter(depth=2).first()
    if home is not None:
        for codename in TRAINER_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename))
    for app_label, codename in TRAINER_MODEL_PERMISSIONS:
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    root_collection = Collection.get_first_root_node()
    for app_label, codename in TRAINER_COLLECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=permission)
    return group
