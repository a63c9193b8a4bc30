"""Stale segments side by side (issue 12.3): for a translation, the segments whose source changed since
they were translated (old and new English side by side, with the translation of the old), those never
translated, and those up to date; linked from the dashboard; for the trainers of the kit only."""

import uuid

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import translation
from wagtail.models import GroupPagePermission, Locale

from modules.models import KitPage, LessonPage, StaleTranslation
from modules.packs.stale_segments import CHANGED, CURRENT, MISSING, build_translation_changes, translated_page, word_diff
from tests.factories import make_user

from .snapshots import load_german_sh1

pytestmark = pytest.mark.django_db
LESSON = "project-at-a-glance"
NEW_PARAGRAPH = "<p>A paragraph added to the source after the translation.</p>"


def url(page):
    return f"/admin/kit-translations/{page.pk}/changes/"


@pytest.fixture
def edited():
    """German SH-1, then the English lesson edited: its title changed and a paragraph added."""
    load_german_sh1()
    lesson = LessonPage.objects.get(locale__language_code="en", slug=LESSON)
    german = lesson.get_translation(Locale.objects.get(language_code="de"))
    old_title = lesson.title
    lesson.title = "The project in brief"
    blocks = [{"type": b["type"], "value": b["value"], "id": b["id"]} for b in lesson.body.raw_data]
    # One paragraph of a rich text block edited (its neighbours unchanged), and a paragraph added to it.
    text = next(b for b in blocks if b["type"] == "text" and b["value"].count("<p>") >= 2)
    text["value"] = text["value"].replace("<p>", "<p>Indeed, ", 1) + "<p>Upstream added a paragraph on ECCP profiles.</p>"
    lesson.body = [*blocks, {"type": "text", "value": NEW_PARAGRAPH, "id": str(uuid.uuid4())}]
    lesson.save_revision().publish()
    return {"english": lesson, "german": german, "old_title": old_title}


def test_changed_segments_show_old_and_new_source_with_the_translation(edited):
    page, source = translated_page(edited["german"].pk)
    assert source.pk == edited["english"].pk
    changes = build_translation_changes(page, source)
    title = next(s for s in changes.segments if s.path == "title")
    assert title.status == CHANGED
    assert (title.old_source, title.source, title.translation) == (edited["old_title"], "The project in brief", "Das Projekt im Überblick")
    edited_paragraph = next(s for s in changes.changed if s.path != "title")
    assert edited_paragraph.source.startswith("Indeed, ") and edited_paragraph.old_source == edited_paragraph.source.removeprefix("Indeed, ")
    assert len(changes.changed) == 2  # the neighbours of the edited paragraph stay current
    # A paragraph added to a block and a block added are new, not changes of a neighbour.
    assert [s.source for s in changes.missing] == ["Upstream added a paragraph on ECCP profiles.",
                                                   "A paragraph added to the source after the translation."]
    assert changes.current and all(s.translation for s in changes.current)
    assert {s.status for s in changes.segments} == {CHANGED, MISSING, CURRENT}


def test_the_screen_shows_them_side_by_side(client, maintainer, edited):
    client.force_login(maintainer)
    response = client.get(url(edited["german"]))
    assert response.status_code == 200
    html = response.content.decode()
    changed = html[html.index('id="changed-heading"'):html.index('id="missing-heading"')]
    assert "<ins>brief</ins>" in changed and "Das Projekt im Überblick" in changed and 'lang="de"' in changed
    assert "A paragraph added to the source after the translation." in html[html.index('id="missing-heading"'):]
    assert f'/admin/pages/{edited["german"].pk}/edit/' in html and f'/admin/pages/{edited["english"].pk}/edit/' in html


def test_a_flag_from_an_upstream_release_is_shown_and_listed_on_the_dashboard(client, trainer, edited):
    StaleTranslation.objects.create(item_key=edited["english"].translation_key, language="de", version="1.1.0", source="itg-t1-1.1.0.zip")
    client.force_login(trainer)
    html = client.get(url(edited["german"])).content.decode()
    assert "Release 1.1.0 (itg-t1-1.1.0.zip) changed the source text of this page" in html
    dashboard = client.get("/admin/").content.decode()
    panel = dashboard[dashboard.index('id="elearn-translations-to-update'):]
    assert f'href="{url(edited["german"])}"' in panel and "source changed" in panel


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_the_screen_speaks_the_trainers_language(client, trainer, edited, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(trainer)
    profile.preferred_language = language
    profile.save()
    client.force_login(trainer)
    html = client.get(url(edited["german"])).content.decode()
    with translation.override(language):
        heading = translation.gettext("Changed in the source")
    assert heading != "Changed in the source" and heading in html


def test_only_the_trainers_of_the_kit_see_it(client, learner, trainer, edited):
    assert client.get(url(edited["german"])).status_code == 302  # anonymous: to the login page
    client.force_login(learner)
    assert client.get(url(edited["german"])).status_code in (302, 403)
    # Staff of another kit: admin access and rights on the ITG-T2 kit page only, not on the shared module.
    other = make_user("other-region")
    group = Group.objects.create(name="Other region's trainers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    kit_t2 = KitPage.objects.get(slug="itg-t2", locale__language_code="en")
    GroupPagePermission.objects.create(group=group, page=kit_t2, permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"))
    other.groups.add(group)
    client.force_login(other)
    refused = client.get(url(edited["german"]))
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard and a message.
    assert (refused.status_code, refused.get("Location")) in ((302, "/admin/"), (403, None))
    assert "Das Projekt im Überblick" not in refused.content.decode()
    assert f'href="{url(edited["german"])}"' not in client.get("/admin/").content.decode()
    client.force_login(trainer)
    assert client.get(url(edited["german"])).status_code == 200


def test_the_source_page_or_an_unknown_page_is_not_a_translation(client, maintainer, edited):
    client.force_login(maintainer)
    assert client.get(url(edited["english"])).status_code == 404
    assert client.get("/admin/kit-translations/999999/changes/").status_code == 404


def test_the_screen_costs_the_same_queries_however_many_segments(client, maintainer, edited, django_assert_max_num_queries):
    client.force_login(maintainer)
    client.get(url(edited["german"]))  # warm the caches (site, locales)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url(edited["german"]))
    lesson = LessonPage.objects.get(pk=edited["english"].pk)
    lesson.body = [*({"type": b["type"], "value": b["value"], "id": b["id"]} for b in lesson.body.raw_data),
                   *({"type": "text", "value": f"<p>More text {n}.</p>", "id": str(uuid.uuid4())} for n in range(8))]
    lesson.save_revision().publish()
    with django_assert_max_num_queries(len(few)):
        assert client.get(url(edited["german"])).status_code == 200


def test_word_diff_marks_what_went_and_came_and_escapes():
    old, new = word_diff("Clusters & <b>regions</b> grow", "Clusters & <b>regions</b> thrive")
    assert old == "Clusters &amp; &lt;b&gt;regions&lt;/b&gt; <del>grow</del>"
    assert new == "Clusters &amp; &lt;b&gt;regions&lt;/b&gt; <ins>thrive</ins>"
