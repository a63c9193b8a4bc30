"""Maintainers register platforms in the admin; the tool's key set is published and rotatable."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from lti_tool.models import Key, LtiDeployment

from modules.lti.models import LtiPlatform

FORM = {
    "name": "Moodle Lombardia", "issuer": "https://moodle.example.org", "client_id": "Ab12Cd",
    "auth_url": "https://moodle.example.org/mod/lti/auth.php", "token_url": "https://moodle.example.org/mod/lti/token.php",
    "keyset_url": "https://moodle.example.org/mod/lti/certs.php", "audience": "", "is_active": "on",
    "deployment_ids": "3\n3\n 4 \n",
}


def test_anonymous_and_learners_never_reach_the_platforms(client, learner_client):
    url = reverse("lti_platforms:index")
    assert client.get(url).status_code == 302
    assert learner_client.get(url).status_code == 302
    assert learner_client.post(reverse("lti_platforms:add"), FORM).status_code == 302
    assert not LtiPlatform.objects.exists()


def test_trainers_may_not_manage_platforms(client, trainer):
    client.force_login(trainer)
    assert client.get(reverse("lti_platforms:index")).status_code in (302, 403)
    client.post(reverse("lti_platforms:add"), FORM)
    assert not LtiPlatform.objects.exists()
    assert b"LTI platforms" not in client.get("/admin/").content


def test_maintainer_registers_a_platform_with_its_deployments(client, maintainer):
    client.force_login(maintainer)
    assert b"LTI platforms" in client.get("/admin/").content
    response = client.post(reverse("lti_platforms:add"), FORM)
    assert response.status_code == 302, response.content.decode()[:3000]
    platform = LtiPlatform.objects.get()
    assert (platform.issuer, platform.client_id) == ("https://moodle.example.org", "Ab12Cd")
    assert sorted(LtiDeployment.objects.filter(registration=platform, is_active=True).values_list("deployment_id", flat=True)) == ["3", "4"]

    edit = client.get(reverse("lti_platforms:edit", args=[platform.pk])).content.decode()
    assert f"/lti/login/{platform.uuid}/" in edit and "/lti/launch/" in edit and "/lti/jwks/" in edit

    client.post(reverse("lti_platforms:edit", args=[platform.pk]), {**FORM, "deployment_ids": "4"})
    assert dict(LtiDeployment.objects.filter(registration=platform).values_list("deployment_id", "is_active")) == {"3": False, "4": True}


def test_bad_platform_form_is_refused_and_stores_nothing(client, maintainer):
    client.force_login(maintainer)
    response = client.post(reverse("lti_platforms:add"), {**FORM, "auth_url": "not a url", "deployment_ids": "x" * 300})
    assert response.status_code == 200
    assert not LtiPlatform.objects.exists() and not LtiDeployment.objects.exists()


def test_the_key_set_is_published(client, db):
    keys = client.get("/lti/jwks/").json()["keys"]
    assert len(keys) == 1 and keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and keys[0]["use"] == "sig"
    assert "d" not in keys[0]  # never the private part
    assert client.get("/lti/jwks/").json() == {"keys": keys}  # the same key, not a new one per request


def test_rotation_keeps_the_old_key_published_for_the_grace_period(client, db):
    old = client.get("/lti/jwks/").json()["keys"][0]["kid"]
    out = StringIO()
    call_command("rotate_lti_keys", "--grace-days", "7", stdout=out)
    assert "retired 0" in out.getvalue()
    kids = [k["kid"] for k in client.get("/lti/jwks/").json()["keys"]]
    assert old in kids and len(kids) == 2
    newest = Key.objects.active().latest()
    assert str(newest) != old  # the new key signs from now on

    Key.objects.filter(pk=newest.pk).update(datetime_created=timezone.now() - timedelta(days=8))
    Key.objects.exclude(pk=newest.pk).update(datetime_created=timezone.now() - timedelta(days=40))
    out = StringIO()
    call_command("rotate_lti_keys", "--retire-only", stdout=out)
    assert "retired 1" in out.getvalue()
    assert [k["kid"] for k in client.get("/lti/jwks/").json()["keys"]] == [str(newest)]


def test_launch_and_grades_work_after_a_rotation(registered, client, kit_t1, sh1_quiz):
    from modules.lti.grades import send_due_scores
    from tests.modules.helpers import right_answers, start

    call_command("rotate_lti_keys", stdout=StringIO())
    registered.refresh_tool_keys(client)
    module = next(m for m in kit_t1.live_modules() if m.code == "SH-1")
    registered.launch(client, custom={"kit": str(kit_t1.translation_key), "module": str(module.translation_key)})
    client.post(f"/learn/attempts/{start(client, sh1_quiz).public_id}/", right_answers(sh1_quiz))
    assert send_due_scores().sent == 1


def test_negative_grace_is_refused(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("rotate_lti_keys", "--grace-days", "-1", stdout=StringIO())
    assert not Key.objects.exists()


def test_migrations_give_maintainers_the_platform_permissions(maintainer, trainer):
    for codename in ("view", "add", "change", "delete"):
        assert maintainer.has_perm(f"modules.{codename}_ltiplatform")
        assert not trainer.has_perm(f"modules.{codename}_ltiplatform")
