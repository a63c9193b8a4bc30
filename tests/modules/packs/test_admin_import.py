"""Importing a pack in the admin: upload (or an address), a background job checks it without
writing, the checker applies it (another job); permissions; bad files."""

import pytest

from modules.models import ImportedKit, Job, KitPage
from tests.admin_jobs import apply_pack, apply_url, check_pack, job_of

from .pack_zip import pack_zip
from .pack_zip import renumber

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


@pytest.fixture
def outside_zip(manifest_t2):
    manifest = renumber(manifest_t2, slug="from-upstream")
    manifest["modules"] = manifest["modules"][2:3]
    return pack_zip(manifest)


def leftovers(media_root):
    folder = media_root / "pack-uploads"
    return list(folder.iterdir()) if folder.exists() else []


def test_maintainer_checks_then_applies(client, maintainer, outside_zip, media_root):
    client.force_login(maintainer)
    checked = check_pack(client, outside_zip)
    html = checked.content.decode()
    assert checked.redirect_chain[0][0].startswith("/admin/jobs/")
    assert checked.status_code == 200 and "What importing from-upstream-1.0.0.zip will change" in html
    assert "New (" in html and not KitPage.objects.filter(slug="from-upstream").exists()
    job = job_of(checked)
    assert job.kind == Job.IMPORT_PREVIEW and job.status == Job.SUCCEEDED and job.created_by == maintainer
    applied = apply_pack(client, job)
    assert applied.status_code == 200 and "New and updated pages are drafts" in applied.content.decode()
    assert job_of(applied).kind == Job.IMPORT_APPLY and job_of(applied).status == Job.SUCCEEDED
    kit = KitPage.objects.get(slug="from-upstream")
    assert not kit.live and ImportedKit.objects.get(kit=kit).source == "from-upstream-1.0.0.zip"
    assert leftovers(media_root) == []
    again = apply_pack(client, job)  # applied once only
    assert "This pack was applied already." in again.content.decode()
    assert Job.objects.filter(kind=Job.IMPORT_APPLY).count() == 1


def test_hostile_upload_fails_its_job_with_the_reason_and_leaves_nothing(client, maintainer, outside_zip, media_root):
    client.force_login(maintainer)
    response = check_pack(client, outside_zip[:200])
    job = job_of(response)
    assert job.status == Job.FAILED and "not a readable zip" in job.error and "not a readable zip" in response.content.decode()
    assert "Apply" not in response.content.decode()
    assert leftovers(media_root) == [] and not KitPage.objects.filter(slug="from-upstream").exists()
    assert check_pack(client, b"text", name="notes.txt").status_code == 400
    assert client.post("/admin/kit-packs/import/", {}).status_code == 400  # neither a file nor an address


def test_only_maintainers_import(client, trainer, learner, outside_zip):
    for user in (learner, trainer):
        client.force_login(user)
        assert check_pack(client, outside_zip, follow=False).status_code in (302, 403)
    assert not KitPage.objects.filter(slug="from-upstream").exists() and not Job.objects.exists()


def test_only_the_checker_applies_and_only_by_post(client, maintainer, outside_zip):
    from django.contrib.auth.models import Group

    from tests.factories import make_user

    other = make_user("other-maintainer")
    other.groups.add(Group.objects.get(name="Kit maintainers"))
    client.force_login(maintainer)
    job = job_of(check_pack(client, outside_zip))
    assert client.get(apply_url(job)).status_code == 405
    client.force_login(other)
    assert "Apply: import as drafts" not in client.get(f"/admin/jobs/{job.pk}/").content.decode()
    assert apply_pack(client, job, follow=False).status_code in (302, 403)  # Wagtail turns a refusal into a redirect
    assert not KitPage.objects.filter(slug="from-upstream").exists()


def test_pin_toggle_in_admin(client, maintainer, outside_zip):
    client.force_login(maintainer)
    apply_pack(client, check_pack(client, outside_zip))
    imported = ImportedKit.objects.get()
    assert client.post("/admin/kit-packs/imported/", {"id": imported.pk, "pinned": "1"}).status_code == 302
    imported.refresh_from_db()
    assert imported.pinned
    assert "Pinned to 1.0.0" in client.get("/admin/kit-packs/imported/").content.decode()


def test_checked_packs_nobody_applied_are_swept_after_a_session_lifetime(client, maintainer, outside_zip, media_root, settings):
    import os
    import time

    client.force_login(maintainer)
    assert job_of(check_pack(client, outside_zip)).status == Job.SUCCEEDED
    [abandoned] = leftovers(media_root)
    assert job_of(check_pack(client, outside_zip)).status == Job.SUCCEEDED
    assert abandoned in leftovers(media_root)  # still within a session's lifetime: kept
    past = time.time() - settings.SESSION_COOKIE_AGE - 60
    os.utime(abandoned, (past, past))
    assert job_of(check_pack(client, outside_zip)).status == Job.SUCCEEDED
    remaining = leftovers(media_root)
    assert abandoned not in remaining and len(remaining) == 2
