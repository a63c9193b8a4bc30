"""Module library (trainer workspace): filters and search, add a module to a kit without copying,
independent copies that remember their origin, permissions, and a flat query count."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale
from wagtail.users.models import UserProfile

from modules.library.actions import LibraryActionError, check_add_to_kit, do_copy
from modules.library.queries import build_module_library, get_library
from modules.models import KitModule, KitPage, LessonPage, ModuleOrigin, ModulePage, QuizPage, TargetGroup, ThematicArea
from modules.learning.read_models import build_kit_view, build_module_view

from tests.factories import make_user
from tests.modules.helpers import complete_module, translate_kits

pytestmark = pytest.mark.django_db

URL = "/admin/module-library/"


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def trainer_client(trainer):
    return logged_in(trainer)


@pytest.fixture
def maintainer_client(maintainer):
    return logged_in(maintainer)


def codes(entries):
    return sorted(entry.module.code for entry in entries)


def listed(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    return codes(response.context["entries"])


def kit_codes(kit):
    return [link.module.code for link in KitModule.objects.filter(page=kit).select_related("module").order_by("sort_order")]


def item_keys(module):
    return {page.translation_key for page in ModulePage.objects.get(pk=module.pk).get_descendants(inclusive=True)}


def publish_tree(module):
    for page in module.get_descendants(inclusive=True).specific():
        page.save_revision().publish()


# --- Listing, filters and search -------------------------------------------------------------

def test_lists_every_module_with_the_kits_that_use_it(trainer_client, kit_t1, kit_t2):
    response = trainer_client.get(URL)
    assert response.status_code == 200
    entries = {entry.module.code: entry for entry in response.context["entries"]}
    assert len(entries) == ModulePage.objects.child_of(get_library()).count() == 10
    assert {kit.pk for kit in entries["SH-1"].kits} == {kit_t1.pk, kit_t2.pk}
    assert [kit.pk for kit in entries["T1-3"].kits] == [kit_t1.pk]
    assert [kit.pk for kit in entries["T1-3"].addable_kits] == [kit_t2.pk]
    assert entries["SH-1"].addable_kits == []
    html = response.content.decode()
    assert "Module library" in html and "Add to kit (shared)" in html and "Make an independent copy" in html


def test_search_by_title_code_and_summary(trainer_client):
    assert listed(trainer_client, q="StressTest") == ["T1-4"]
    assert listed(trainer_client, q="t2-5") == ["T2-5"]
    word = ModulePage.objects.get(code="T2-6").summary.split()[3]
    assert "T2-6" in listed(trainer_client, q=word)
    assert listed(trainer_client, q="no module says this") == []


def test_filters_by_kit_audience_language_date_and_use(trainer_client, trainer, kit_t1, kit_t2):
    t1 = ["SH-1", "SH-2", "T1-3", "T1-4", "T1-5", "T1-6"]
    t2 = ["SH-1", "SH-2", "T2-3", "T2-4", "T2-5", "T2-6"]
    assert listed(trainer_client, kit=kit_t1.pk) == t1
    assert listed(trainer_client, target_group=TargetGroup.objects.get(slug="enterprises-sme-staff").pk) == t2
    assert listed(trainer_client, target_group=TargetGroup.objects.get(slug="regional-and-national-authorities").pk) == t1

    area = ThematicArea.objects.get(slug="digitalisation")
    kit_t2.thematic_areas = list(ThematicArea.objects.exclude(pk=area.pk))
    kit_t2.languages = "de, fr"
    kit_t2.save()
    assert listed(trainer_client, thematic_area=area.pk) == t1
    assert listed(trainer_client, language="de") == t2
    assert listed(trainer_client, language="en") == t1
    unknown = trainer_client.get(URL, {"language": "d"})  # not a tag of any kit: an error, nothing filtered
    assert unknown.status_code == 400 and len(unknown.context["entries"]) == 10

    # Dated from the modules' own last change (the kits were loaded when the run started), not from
    # today: a run that crosses midnight in the site's time zone saw every module "changed until yesterday".
    changed = {timezone.localdate(module.latest_revision_created_at) for module in ModulePage.objects.filter(locale__language_code="en")}
    before = min(changed) - datetime.timedelta(days=1)
    assert len(listed(trainer_client, changed_since=before.isoformat())) == 10
    assert listed(trainer_client, changed_until=before.isoformat()) == []

    do_copy(trainer, ModulePage.objects.get(code="T1-3"), get_library(), "Smart specialisation, alpine edition", "t1-3-alpine")
    assert listed(trainer_client, used="unused") == ["T1-3"]  # the copy keeps the code; it is in no kit
    assert listed(trainer_client, used="shared") == ["SH-1", "SH-2"]
    assert len(listed(trainer_client, used="used")) == 10
    assert listed(trainer_client, used="shared", q="quadruple") == ["SH-2"]


# --- Translated kits ----------------------------------------------------------------------------
# A kit's translations carry a copy of its module links; the kit in the source language holds them.

def test_a_translated_kit_counts_once_in_the_listing_its_filters_and_its_choices(trainer_client, kit_t1, kit_t2):
    translate_kits("de", "fr", "it", "sl")
    response = trainer_client.get(URL)
    entries = {entry.module.code: entry for entry in response.context["entries"]}
    assert [kit.pk for kit in entries["SH-1"].kits] == [kit_t1.pk, kit_t2.pk]
    assert [kit.pk for kit in entries["T1-3"].kits] == [kit_t1.pk]
    assert [kit.pk for kit in entries["T1-3"].addable_kits] == [kit_t2.pk]
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*?T1-3(?:(?!</tr>).)*</tr>", response.content.decode(), re.S).group(0)
    assert row.count(">ITG T1</a>") == 1 and ">ITG T2</a>" not in row
    assert [kit.pk for kit in response.context["form"].fields["kit"].queryset] == [kit_t1.pk, kit_t2.pk]
    assert listed(trainer_client, used="shared") == ["SH-1", "SH-2"]  # not every module of ITG T1 five times
    assert len(listed(trainer_client, used="used")) == 10 and listed(trainer_client, used="unused") == []


def test_a_translated_kit_does_not_make_its_modules_shared_in_the_editor(trainer_client, kit_t1, kit_t2):
    translate_kits("de")
    t13 = ModulePage.objects.get(code="T1-3", locale__language_code="en")
    assert 'id="module-usage"' not in trainer_client.get(f"/admin/pages/{t13.pk}/edit/").content.decode()
    sh1 = ModulePage.objects.get(code="SH-1", locale__language_code="en")
    html = trainer_client.get(f"/admin/pages/{sh1.pk}/edit/").content.decode()
    assert f"Module SH-1 is shared: it is used in {kit_t1.title}, {kit_t2.title}. A change" in html


@pytest.mark.parametrize("language", ["en", "de", "fr", "it", "sl"])
def test_modules_are_not_added_to_a_translation_of_a_kit(maintainer_client, maintainer, kit_t2, language):
    translate_kits("de")
    german = kit_t2.get_translation(Locale.objects.get(language_code="de"))
    module = ModulePage.objects.get(code="T1-3")
    before = kit_codes(german), german.revisions.count(), kit_codes(kit_t2)
    profile = UserProfile.get_for_user(maintainer)
    profile.preferred_language = language  # the admin speaks the user's language
    profile.save()
    response = maintainer_client.post(f"{URL}{module.pk}/add-to-kit/", {"kit": german.pk}, follow=True)
    message = "“%(kit)s” is a translation: add or replace its modules in the kit’s source language, and every translation shows them."
    with translation.override(language):
        expected = translation.gettext(message) % {"kit": german.title}
    assert (expected == message % {"kit": german.title}) == (language == "en")  # the catalogue has it
    assert html.unescape(response.content.decode()).count(expected) == 1
    assert (kit_codes(german), german.revisions.count(), kit_codes(kit_t2)) == before
    with pytest.raises(LibraryActionError):
        check_add_to_kit(maintainer, module, german)


def test_a_copy_does_not_replace_its_original_in_a_translation_of_a_kit(maintainer_client, maintainer, kit_t1):
    original = ModulePage.objects.get(code="T1-3", locale__language_code="en")
    copy = do_copy(maintainer, original, get_library(), "Smart specialisation, alpine edition", "t1-3-alpine")
    publish_tree(copy)
    translate_kits("de")
    german = kit_t1.get_translation(Locale.objects.get(language_code="de"))
    before = kit_codes(german), german.revisions.count(), [link.module_id for link in KitModule.objects.filter(page=kit_t1)]
    response = maintainer_client.post(f"{URL}{copy.pk}/replace-in-kit/", {"kit": german.pk, "original": original.pk}, follow=True)
    assert "is a translation: add or replace its modules in the kit’s source language" in html.unescape(response.content.decode())
    assert (kit_codes(german), german.revisions.count(), [link.module_id for link in KitModule.objects.filter(page=kit_t1)]) == before


# --- Add to a kit without copying ------------------------------------------------------------

def test_add_without_copy_changes_only_the_kit_and_progress_counts_in_both(maintainer_client, maintainer, learner_client, learner, kit_t1, kit_t2):
    module = ModulePage.objects.get(code="T1-3")
    pages_before, module_revision = ModulePage.objects.count(), module.latest_revision_id
    t1_before = kit_codes(kit_t1)

    response = maintainer_client.post(f"{URL}{module.pk}/add-to-kit/", {"kit": kit_t2.pk})
    assert response.status_code == 302

    kit_t2.refresh_from_db()
    assert kit_codes(kit_t2)[-1] == "T1-3" and len(kit_codes(kit_t2)) == 7
    assert kit_t2.live and not kit_t2.has_unpublished_changes  # maintainers may publish
    assert kit_t2.get_latest_revision().user == maintainer
    assert kit_codes(kit_t1) == t1_before
    assert ModulePage.objects.count() == pages_before
    assert ModulePage.objects.get(pk=module.pk).latest_revision_id == module_revision

    complete_module(learner_client, module)
    in_t1 = next(m for m in build_kit_view(learner, kit_t1).modules if m.module.pk == module.pk)
    in_t2 = next(m for m in build_kit_view(learner, kit_t2).modules if m.module.pk == module.pk)
    assert in_t1.complete and in_t2.complete
    assert learner_client.get(kit_t2.module_url(module)).status_code == 200

    # Adding it again is refused and changes nothing.
    revisions = kit_t2.revisions.count()
    response = maintainer_client.post(f"{URL}{module.pk}/add-to-kit/", {"kit": kit_t2.pk}, follow=True)
    assert "already contains" in response.content.decode()
    assert kit_t2.revisions.count() == revisions and len(kit_codes(kit_t2)) == 7


def test_a_trainer_who_may_not_publish_adds_to_a_draft_of_the_kit(trainer_client, trainer, kit_t2):
    module = ModulePage.objects.get(code="T1-5")
    live_before = kit_codes(kit_t2)
    response = trainer_client.post(f"{URL}{module.pk}/add-to-kit/", {"kit": kit_t2.pk}, follow=True)
    assert "Saved as a draft of the kit and submitted for review" in response.content.decode()
    kit = KitPage.objects.get(pk=kit_t2.pk)
    assert kit_codes(kit) == live_before and kit.has_unpublished_changes
    state = kit.current_workflow_state
    assert state is not None and state.workflow.name == "Kit review" and state.requested_by == trainer
    latest = kit.get_latest_revision_as_object()
    assert [link.module.code for link in latest.kit_modules.all()] == live_before + ["T1-5"]
    assert kit.get_latest_revision().user == trainer
    # In review the kit is locked for its author, and the draft already has the module: refused.
    again = trainer_client.post(f"{URL}{module.pk}/add-to-kit/", {"kit": kit_t2.pk}, follow=True).content.decode()
    assert "is locked" in again or "already contains" in again
    assert [link.module.code for link in KitPage.objects.get(pk=kit_t2.pk).get_latest_revision_as_object().kit_modules.all()].count("T1-5") == 1


def test_add_keeps_someone_elses_draft_unpublished(maintainer_client, trainer, kit_t2):
    draft = kit_t2.get_latest_revision_as_object()
    draft.summary = "A draft summary nobody published yet."
    draft.save_revision(user=trainer)
    live_summary = KitPage.objects.get(pk=kit_t2.pk).summary

    module = ModulePage.objects.get(code="T1-4")
    assert maintainer_client.post(f"{URL}{module.pk}/add-to-kit/", {"kit": kit_t2.pk}).status_code == 302
    kit = KitPage.objects.get(pk=kit_t2.pk)
    assert kit.summary == live_summary and "T1-4" not in kit_codes(kit)
    latest = kit.get_latest_revision_as_object()
    assert latest.summary == "A draft summary nobody published yet."
    assert [link.module.code for link in latest.kit_modules.all()][-1] == "T1-4"


# --- Independent copies ----------------------------------------------------------------------

def test_copy_has_new_ids_remembers_its_origin_and_does_not_share_progress(trainer_client, trainer, learner_client, learner, kit_t1, kit_t2):
    original = ModulePage.objects.get(code="SH-1")
    complete_module(learner_client, original)
    original_keys = item_keys(original)

    response = trainer_client.post(f"{URL}{original.pk}/copy/", {"title": "The project, alpine edition", "slug": "sh-1-alpine"})
    copy = ModulePage.objects.get(slug="sh-1-alpine")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{copy.pk}/edit/"
    assert copy.title == "The project, alpine edition" and copy.get_parent().pk == get_library().pk and not copy.live

    copy_keys = item_keys(copy)
    assert len(copy_keys) == len(original_keys) == 1 + LessonPage.objects.child_of(original).count() + 1
    assert not copy_keys & original_keys
    assert {p.pk for p in copy.get_descendants()}.isdisjoint({p.pk for p in original.get_descendants()})
    assert QuizPage.objects.child_of(copy).count() == 1

    origin = ModuleOrigin.objects.get(module=copy)
    assert origin.origin_key == original.translation_key
    assert origin.origin_revision_id == original.latest_revision_id and origin.copied_by == trainer
    assert origin.original().pk == original.pk
    assert not ModuleOrigin.objects.filter(module=original).exists()
    assert kit_codes(kit_t1)[0] == kit_codes(kit_t2)[0] == "SH-1"  # no kit changed

    publish_tree(copy)
    assert build_module_view(learner, original).complete
    copy_view = build_module_view(learner, ModulePage.objects.get(pk=copy.pk))
    assert copy_view.total == len(copy_keys) - 1 and copy_view.done_count == 0

    listing = trainer_client.get(URL, {"q": "alpine edition"})
    assert listing.context["entries"][0].original.pk == original.pk
    assert "Copy of SH-1" in listing.content.decode()
    edit = trainer_client.get(f"/admin/pages/{copy.pk}/edit/")
    assert edit.status_code == 200 and "independent copy of" in edit.content.decode()
    assert "independent copy of" not in trainer_client.get(f"/admin/pages/{original.pk}/edit/").content.decode()


def test_copy_refuses_a_taken_or_bad_slug(trainer_client):
    original = ModulePage.objects.get(code="SH-2")
    count = ModulePage.objects.count()
    assert "already has a module" in trainer_client.post(f"{URL}{original.pk}/copy/", {"title": "X", "slug": "sh-1"}, follow=True).content.decode()
    assert "lower-case letters" in trainer_client.post(f"{URL}{original.pk}/copy/", {"title": "X", "slug": "Bad Slug"}, follow=True).content.decode()
    assert ModulePage.objects.count() == count


def test_replace_the_original_with_its_copy_in_one_kit(maintainer_client, trainer, kit_t1, kit_t2):
    trainer_client = maintainer_client
    original = ModulePage.objects.get(code="SH-2")
    copy = do_copy(trainer, original, get_library(), "Quadruple helix for clusters", "sh-2-clusters")
    url = f"{URL}{copy.pk}/replace-in-kit/"
    refused = trainer_client.post(url, {"kit": kit_t2.pk, "original": original.pk}, follow=True)
    assert "Publish the copy" in refused.content.decode() and kit_codes(kit_t2)[1] == "SH-2"

    publish_tree(copy)
    entry = next(e for e in build_module_library(get_library(), {"q": "clusters"}, addable_kits=[kit_t1, kit_t2]) if e.module.pk == copy.pk)
    assert {kit.pk for kit in entry.replaceable_kits} == {kit_t1.pk, kit_t2.pk}

    assert trainer_client.post(url, {"kit": kit_t2.pk, "original": original.pk}).status_code == 302
    assert [link.module_id for link in KitModule.objects.filter(page=kit_t2).order_by("sort_order")][1] == copy.pk
    assert kit_codes(kit_t1)[1] == "SH-2"
    again = trainer_client.post(url, {"kit": kit_t2.pk, "original": original.pk}, follow=True)
    assert "does not contain" in again.content.decode()


def test_a_copy_of_a_translated_module_offers_to_replace_the_original_where_it_is_used(maintainer, kit_t1, kit_t2):
    original = ModulePage.objects.get(code="T1-3", locale__language_code="en")
    translate_kits("de", "sl")
    for language in ("de", "sl"):  # the module's translations, as load_kits makes them
        original.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    copy = do_copy(maintainer, original, get_library(), "Smart specialisation, alpine edition", "t1-3-alpine")
    publish_tree(copy)
    entry = next(e for e in build_module_library(get_library(), {"q": "alpine"}, addable_kits=[kit_t1, kit_t2]) if e.module.pk == copy.pk)
    assert entry.original.pk == original.pk  # the module in the library, not one of its translations
    assert [kit.pk for kit in entry.replaceable_kits] == [kit_t1.pk]


# --- Permissions -----------------------------------------------------------------------------

@pytest.mark.parametrize("kit", ["", "abc", "-1", "1 OR 1=1", "999999"])
def test_a_missing_or_malformed_kit_or_module_id_is_a_404_and_changes_nothing(maintainer_client, kit_t2, kit):
    module = ModulePage.objects.get(code="T1-3")
    before = kit_codes(kit_t2), ModulePage.objects.count()
    assert maintainer_client.post(f"{URL}{module.pk}/add-to-kit/", {"kit": kit}).status_code == 404
    assert maintainer_client.post(f"{URL}{module.pk}/replace-in-kit/", {"kit": kit, "original": module.pk}).status_code == 404
    assert maintainer_client.post(f"{URL}{module.pk}/replace-in-kit/", {"kit": kit_t2.pk, "original": kit}).status_code == 404
    assert (kit_codes(kit_t2), ModulePage.objects.count()) == before


def test_learners_and_anonymous_users_are_kept_out(client, learner_client, kit_t2):
    module = ModulePage.objects.get(code="T1-3")
    for c in (client, learner_client):
        response = c.get(URL)
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert "/admin/login/" in response["Location"]
        assert c.post(f"{URL}{module.pk}/add-to-kit/", {"kit": kit_t2.pk}).status_code in (302, 403)
        assert c.post(f"{URL}{module.pk}/copy/", {"title": "X", "slug": "x"}).status_code in (302, 403)
    assert "T1-3" not in kit_codes(kit_t2)
    assert not ModulePage.objects.filter(slug="x").exists()


def test_admin_user_without_page_permissions_may_look_but_not_act(client, kit_t2):
    group = Group.objects.create(name="Readers")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    reader = make_user("rita")
    reader.groups.add(group)
    client.force_login(reader)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Add to kit (shared)" not in response.content.decode() and "Make an independent copy" not in response.content.decode()
    module = ModulePage.objects.get(code="T1-3")
    # Wagtail turns PermissionDenied inside the admin into a redirect to the dashboard with a message.
    for response in (client.post(f"{URL}{module.pk}/add-to-kit/", {"kit": kit_t2.pk}), client.post(f"{URL}{module.pk}/copy/", {"title": "X", "slug": "x"})):
        assert response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")
    with pytest.raises(LibraryActionError):
        check_add_to_kit(reader, module, kit_t2)
    assert "T1-3" not in kit_codes(kit_t2) and not ModulePage.objects.filter(slug="x").exists()


def test_menu_item_for_staff_only(trainer_client):
    assert "Module library" in trainer_client.get("/admin/").content.decode()


# --- Queries stay flat -----------------------------------------------------------------------

def count_queries(client, params=None):
    client.get(URL, params or {})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params or {})
    assert response.status_code == 200
    return len(queries), len(response.context["entries"])


@pytest.mark.parametrize("params", [{}, {"q": "a"}, {"used": "used"}])
def test_listing_queries_stay_flat_as_modules_kits_and_copies_grow(trainer_client, trainer, kit_t1, kit_t2, params):
    library = get_library()
    modules = list(ModulePage.objects.child_of(library).order_by("path")[:5])

    def copy_into_kit(index, module):
        copy = do_copy(trainer, module, library, f"{module.title} a{index}", f"{module.slug}-a{index}")
        publish_tree(copy)
        draft = kit_t1.get_latest_revision_as_object()
        draft.kit_modules.add(KitModule(module=copy, sort_order=100 + index))
        draft.save_revision(user=trainer).publish()
        kit_t1.refresh_from_db()

    copy_into_kit(0, modules[0])
    baseline, before = count_queries(trainer_client, params)
    for index, module in enumerate(modules[1:], start=1):
        copy_into_kit(index, module)
    grown, after = count_queries(trainer_client, params)
    assert after > before
    assert grown <= baseline


def test_rows_are_sorted_by_code_and_offer_add_lesson_and_edit_quiz(trainer_client):
    response = trainer_client.get(URL)
    entries = response.context["entries"]
    codes = [entry.module.code for entry in entries]
    assert codes == sorted(codes) and "SH-1" in codes
    html = response.content.decode()
    sh1 = next(entry for entry in entries if entry.module.code == "SH-1")
    quiz = QuizPage.objects.child_of(sh1.module).get()
    assert sh1.quiz.pk == quiz.pk
    assert f'href="/admin/pages/add/modules/lessonpage/{sh1.module.pk}/"' in html
    assert f'href="/admin/pages/{quiz.pk}/edit/"' in html
    # The add-lesson button opens Wagtail's own form, which the trainer may use.
    assert trainer_client.get(f"/admin/pages/add/modules/lessonpage/{sh1.module.pk}/").status_code == 200


def test_module_codes_show_in_the_admin_page_tree(trainer_client):
    sh1 = ModulePage.objects.get(code="SH-1", locale__language_code="en")
    assert sh1.get_admin_display_title() == f"SH-1 · {sh1.draft_title}"
    html = trainer_client.get(f"/admin/pages/{sh1.get_parent().pk}/").content.decode()
    assert f"SH-1 · {sh1.draft_title}" in html


# --- Know what you touch ----------------------------------------------------------------------

def test_editing_a_shared_module_warns_with_its_kits_and_learners(trainer_client, kit_t1, kit_t2):
    sh1 = ModulePage.objects.get(code="SH-1", locale__language_code="en")
    lesson = LessonPage.objects.child_of(sh1).live().first()
    quiz = QuizPage.objects.child_of(sh1).get()
    html = trainer_client.get(f"/admin/pages/{sh1.pk}/edit/").content.decode()
    assert 'id="module-usage"' in html and "Module SH-1 is shared" in html
    assert kit_t1.title in html and kit_t2.title in html
    assert "learners have started" not in html   # nobody yet
    for n in range(3):
        learner = make_user(f"done-{n}")
        complete_module(_client_for(learner), sh1)
    for page in (lesson, quiz, sh1):
        html = trainer_client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
        assert "3 learners have started this module; 3 have passed its quiz." in html
        assert "Before you publish" in html
    # A new lesson in the shared module is a change to both kits too.
    html = trainer_client.get(f"/admin/pages/add/modules/lessonpage/{sh1.pk}/").content.decode()
    assert "Module SH-1 is shared" in html


def test_a_module_of_one_kit_without_learners_shows_no_warning(trainer_client):
    t13 = ModulePage.objects.get(code="T1-3", locale__language_code="en")
    html = trainer_client.get(f"/admin/pages/{t13.pk}/edit/").content.decode()
    assert 'id="module-usage"' not in html


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client
