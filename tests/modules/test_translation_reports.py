"""Learners see, once per kit, who translated it and can report a translation error to the kit's
maintainers (issue 14 point 3): the note on the kit page in every language, the report form
(login required, CSRF, rate limit, plain text, nothing stored on bad input) and the maintainers' list."""

import polib
import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Locale

from modules.models import KitPage, TranslationReport
from modules.packs.translations import apply_po, parse_po

pytestmark = pytest.mark.django_db
LANGUAGES = ["de", "fr", "it", "sl"]
DRAFT = "This translation is a draft that has not been proofread yet. Translated by: %(translator)s."
PROOFREAD = "This translation has been proofread. Translated by: %(translator)s; proofread by: %(proofreader)s."
LIST = "/admin/translation-reports/"


def kit():
    return KitPage.objects.get(slug="itg-t1", locale__language_code="en")


def translate_kit(language, **headers):
    """The kit page translated into `language` (its title), with the given X-Elearn-* header fields."""
    page = kit()
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=utf-8", **{f"X-Elearn-{name}": value for name, value in headers.items()}}
    po.append(polib.POEntry(msgctxt="title", msgid=page.title, msgstr=f"{page.title} [{language}]"))
    apply_po(page, Locale.objects.get_or_create(language_code=language)[0], parse_po(str(po), "test"))


def report_url(language="de"):
    return f"/{language}/learn/kits/{kit().translation_key}/report-translation/"


def in_language(language, message, **values):
    with translation.override(language):
        return gettext(message) % values


# --- the note on the kit page -------------------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_the_kit_page_says_who_translated_it_in_every_language(client, language):
    translate_kit(language, Status="draft", Translator="Anna Translator")
    body = client.get(f"/{language}/itg-t1/").content.decode()
    note = in_language(language, DRAFT, translator="Anna Translator")
    assert note != DRAFT % {"translator": "Anna Translator"}  # translated in the interface catalogue
    assert body.count(note) == 1
    assert body.count(f'href="{report_url(language)}?page=/{language}/itg-t1/"') == 1
    assert in_language(language, "Report a translation error") in body


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_proofread_translation_names_its_proofreader(client, language):
    translate_kit(language, Status="proofread", Translator="Anna Translator", Proofreader="Paul Proofreader")
    body = client.get(f"/{language}/itg-t1/").content.decode()
    assert in_language(language, PROOFREAD, translator="Anna Translator", proofreader="Paul Proofreader") in body


def test_no_note_in_english_nor_where_nothing_is_translated(client):
    assert "report-translation" not in client.get("/itg-t1/").content.decode()
    assert "report-translation" not in client.get("/fr/itg-t1/").content.decode()
    translate_kit("fr", Status="draft", Translator="Anna Translator")
    assert "report-translation" not in client.get("/itg-t1/").content.decode()


# --- the report form ----------------------------------------------------------------------------------

def test_visitors_are_sent_to_log_in_first(client):
    translate_kit("de", Status="draft", Translator="Anna")
    response = client.get(report_url() + "?page=/de/itg-t1/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(report_url(), {"page_url": "/de/itg-t1/", "message": "Ein Fehler im Titel."}).status_code == 302
    assert not TranslationReport.objects.exists()


@pytest.mark.parametrize("who", ["learner", "trainer", "maintainer"])
def test_a_signed_in_user_reports_an_error_with_the_page_attached(client, request, who):
    translate_kit("de", Status="draft", Translator="Anna")
    user = request.getfixturevalue(who)
    client.force_login(user)
    form = client.get(report_url() + "?page=/de/itg-t1/sh-1/")
    assert form.status_code == 200 and 'value="/de/itg-t1/sh-1/"' in form.content.decode()
    response = client.post(report_url(), {"page_url": "/de/itg-t1/sh-1/", "message": "„Alpenraum“ fehlt im <b>Titel</b>."}, follow=True)
    assert response.redirect_chain[-1][0] == "/de/itg-t1/"
    assert in_language("de", "Thank you: your report has been sent to the kit's maintainers.") in response.content.decode()
    report = TranslationReport.objects.get()
    assert (report.kit_key, report.language, report.page_url, report.reporter) == (kit().translation_key, "de", "/de/itg-t1/sh-1/", user)
    assert report.message == "„Alpenraum“ fehlt im Titel."


def test_an_absolute_address_on_this_site_is_kept_as_its_path(learner_client):
    translate_kit("de", Status="draft", Translator="Anna")
    learner_client.post(report_url(), {"page_url": "http://testserver/de/itg-t1/?x=1", "message": "Ein Tippfehler im Titel."})
    assert TranslationReport.objects.get().page_url == "/de/itg-t1/"


@pytest.mark.parametrize(("data", "field"), [
    ({"page_url": "/de/itg-t1/", "message": ""}, "message"),
    ({"page_url": "/de/itg-t1/", "message": "<b>kurz</b>"}, "message"),  # too short once the markup is gone
    ({"page_url": "/de/itg-t1/", "message": "x" * 4001}, "message"),
    ({"page_url": "https://evil.example/de/itg-t1/", "message": "Ein Fehler im Titel."}, "page_url"),
    ({"page_url": "javascript:alert(1)", "message": "Ein Fehler im Titel."}, "page_url"),
    ({"page_url": "//evil.example/x", "message": "Ein Fehler im Titel."}, "page_url"),
    ({"page_url": "", "message": "Ein Fehler im Titel."}, "page_url"),
])
def test_bad_input_is_refused_and_nothing_is_stored(learner_client, data, field):
    translate_kit("de", Status="draft", Translator="Anna")
    response = learner_client.post(report_url(), data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert not TranslationReport.objects.exists()


def test_the_form_needs_a_csrf_token(learner):
    translate_kit("de", Status="draft", Translator="Anna")
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    assert client.post(report_url(), {"page_url": "/de/itg-t1/", "message": "Ein Fehler im Titel."}).status_code == 403
    assert not TranslationReport.objects.exists()


def test_reports_are_rate_limited_per_user(learner_client, settings, fresh_cache):
    settings.ELEARN_TRANSLATION_REPORTS_PER_HOUR = 2
    translate_kit("de", Status="draft", Translator="Anna")
    data = {"page_url": "/de/itg-t1/", "message": "Ein Fehler im Titel."}
    assert [learner_client.post(report_url(), data).status_code for _ in range(2)] == [302, 302]
    refused = learner_client.post(report_url(), data)
    assert refused.status_code == 429
    assert in_language("de", "You have sent several reports in the last hour. Please try again later.") in refused.content.decode()
    assert TranslationReport.objects.count() == 2
    # The form says so before the learner types a third report.
    again = learner_client.get(report_url())
    message = in_language("de", "You have sent several reports in the last hour. Please try again later.")
    assert again.status_code == 200 and message in again.content.decode()


def test_no_form_in_the_source_language_or_for_an_unknown_kit(learner_client):
    assert learner_client.get(f"/learn/kits/{kit().translation_key}/report-translation/").status_code == 404
    assert learner_client.get("/de/learn/kits/00000000-0000-4000-8000-000000000000/report-translation/").status_code == 404


# --- the maintainers' list ----------------------------------------------------------------------------

def test_maintainers_see_the_reports_escaped(client, learner, maintainer):
    TranslationReport.objects.create(kit_key=kit().translation_key, kit_title="ITG T1", language="de", page_url="/de/itg-t1/",
                                     message="Titel: a < b & <script>", reporter=learner)
    client.force_login(maintainer)
    body = client.get(LIST).content.decode()
    assert "Titel: a &lt; b &amp; &lt;script&gt;" in body and "lena@example.org" in body and 'href="/de/itg-t1/"' in body


@pytest.mark.parametrize(("who", "allowed"), [("anonymous", False), ("learner", False), ("trainer", False), ("maintainer", True)])
def test_only_maintainers_open_the_list(client, request, who, allowed):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    response = client.get(LIST)
    assert (response.status_code == 200) is allowed
    assert response.status_code in ((200,) if allowed else (302, 403))


def test_the_list_uses_a_fixed_number_of_queries(client, maintainer, learner, django_assert_max_num_queries):
    client.force_login(maintainer)
    for number in range(30):
        TranslationReport.objects.create(kit_key=kit().translation_key, kit_title="ITG T1", language="de", page_url=f"/de/{number}/",
                                         message="Ein Fehler.", reporter=learner)
    with django_assert_max_num_queries(20):
        assert client.get(LIST).status_code == 200


def test_the_list_is_paged_newest_first(client, maintainer, learner):
    client.force_login(maintainer)
    for number in range(51):
        TranslationReport.objects.create(kit_key=kit().translation_key, kit_title="ITG T1", language="de", page_url=f"/de/{number}/",
                                         message="Ein Fehler.", reporter=learner)
    first = client.get(LIST).content.decode()
    assert first.count("Ein Fehler.") == 50 and 'href="?p=2">Older</a>' in first and ">Newer</a>" not in first
    second = client.get(LIST + "?p=2").content.decode()
    assert second.count("Ein Fehler.") == 1 and 'href="?p=1">Newer</a>' in second and ">Older</a>" not in second


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", ""])
def test_a_wrong_page_number_shows_a_page_of_the_list_and_stores_nothing(client, maintainer, learner, page):
    client.force_login(maintainer)
    for number in range(51):
        TranslationReport.objects.create(kit_key=kit().translation_key, kit_title="ITG T1", language="de", page_url=f"/de/{number}/",
                                         message="Ein Fehler.", reporter=learner)
    response = client.get(LIST, {"p": page})
    assert response.status_code == 200 and response.content.decode().count("Ein Fehler.") in (50, 1)
    assert TranslationReport.objects.count() == 51


@pytest.mark.parametrize("language", ["de", "fr", "it", "sl"])
def test_the_pager_reads_in_the_admins_language(client, maintainer, learner, language):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(maintainer)
    profile.preferred_language = language
    profile.save()
    client.force_login(maintainer)
    for number in range(51):
        TranslationReport.objects.create(kit_key=kit().translation_key, kit_title="ITG T1", language="de", page_url=f"/de/{number}/",
                                         message="Ein Fehler.", reporter=learner)
    with translation.override(language):
        older, newer = gettext("Older"), gettext("Newer")
    assert older != "Older" and newer != "Newer"
    assert f'href="?p=2">{older}</a>' in client.get(LIST).content.decode()
    assert f'href="?p=1">{newer}</a>' in client.get(LIST, {"p": 2}).content.decode()
