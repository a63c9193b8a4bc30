"""Who reaches what: anonymous, learner, trainer, kit maintainer and administrator.

tests/modules/test_permission_matrix.py holds the full table of admin areas and actions."""

import pytest

from modules.models import ModulePage

pytestmark = pytest.mark.django_db


def test_anonymous_can_read_kits_and_lessons_but_not_admin(client, kit_t1):
    assert client.get("/itg-t1/sh-1/project-at-a-glance/").status_code == 200
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_learner_never_reaches_the_admin(learner_client):
    response = learner_client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert learner_client.get("/admin/pages/").status_code == 302


def test_trainer_reaches_the_admin_and_can_edit_a_module(client, trainer):
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 200
    module = ModulePage.objects.get(code="SH-1")
    assert client.get(f"/admin/pages/{module.pk}/edit/").status_code == 200


def test_administrator_reaches_everything(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/users/").status_code == 200


def test_trainer_cannot_manage_users(client, trainer):
    client.force_login(trainer)
    assert client.get("/admin/users/").status_code == 302


def test_nav_shows_admin_link_only_to_staff(client, learner, trainer):
    client.force_login(learner)
    assert 'href="/admin/"' not in client.get("/").content.decode()
    client.force_login(trainer)
    assert 'href="/admin/"' in client.get("/").content.decode()


def test_trainer_edits_and_locks_but_may_not_publish_maintainer_publishes(trainer, maintainer):
    module = ModulePage.objects.get(code="SH-1")
    trainer_perms = module.permissions_for_user(trainer)
    assert trainer_perms.can_edit() and trainer_perms.can_lock() and trainer_perms.can_add_subpage()
    assert not trainer_perms.can_publish() and not trainer_perms.can_unpublish()
    maintainer_perms = module.permissions_for_user(maintainer)
    assert maintainer_perms.can_edit() and maintainer_perms.can_publish()


@pytest.mark.parametrize("permission", ["modules.review_h5pactivitychange", "modules.approve_h5plibrary", "modules.add_kitrelease"])
def test_no_user_and_anonymous_users_never_have_a_permission(permission, maintainer):
    from django.contrib.auth.models import AnonymousUser

    from modules.h5p.review import can_review
    from modules.h5p.upload import can_approve
    from modules.permissions import SUPERUSER, has_permission

    assert has_permission(maintainer, permission)  # a person who may
    for nobody in (None, AnonymousUser()):
        assert not has_permission(nobody, permission) and not has_permission(nobody, (permission, SUPERUSER))
        assert not can_review(nobody) and not can_approve(nobody)
