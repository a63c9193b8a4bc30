"""A page edit or revision revert POST whose form is incomplete (a missing block count, as a hand-made
or truncated request sends) is refused with 400, not a server error, and changes nothing."""

import pytest

from modules.models import ModulePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson_with_revisions(maintainer):
    page = ModulePage.objects.get(code="SH-1").get_children().live().specific().first()
    page.save_revision(user=maintainer)
    return page


def post_without_counts(client, url, page):
    return client.post(url, {"title": page.title, "slug": page.slug, "action-publish": "action-publish"})


def test_reverting_a_revision_without_the_body_count_is_a_400(client, maintainer, lesson_with_revisions):
    page = lesson_with_revisions
    revision = page.revisions.order_by("created_at").first()
    before = (page.revisions.count(), page.live_revision_id)
    client.force_login(maintainer)
    response = post_without_counts(client, f"/admin/pages/{page.pk}/revisions/{revision.pk}/revert/", page)
    assert response.status_code == 400
    page.refresh_from_db()
    assert (page.revisions.count(), page.live_revision_id) == before


def test_editing_a_page_without_the_body_count_is_a_400(client, maintainer, lesson_with_revisions):
    page = lesson_with_revisions
    before = page.revisions.count()
    client.force_login(maintainer)
    response = post_without_counts(client, f"/admin/pages/{page.pk}/edit/", page)
    assert response.status_code == 400
    assert page.revisions.count() == before


def test_a_complete_edit_still_works(client, maintainer, lesson_with_revisions):
    client.force_login(maintainer)
    page = lesson_with_revisions
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
