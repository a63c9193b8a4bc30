"""The editors name every field in the trainer's language: each field of a page, glossary term or H5P
activity form has a translated label of ours, never Django's English default made from its name
(bug fixed: "Objectives", "Estimated minutes", "Body", "Trainer notes"… showed in English in every
admin language)."""

import pytest
from django.utils import translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.models import Page
from wagtail.users.models import UserProfile

from modules.models import GlossaryTerm, H5PActivity, KitPage, LessonPage, ModuleLibraryPage, ModulePage, QuizPage, SelfAssessmentPage

PAGE_TYPES = [KitPage, ModulePage, LessonPage, QuizPage, SelfAssessmentPage, ModuleLibraryPage]
# What the glossary and H5P screens show of their models: the snippet form's fields and the listing's columns.
SNIPPET_FIELDS = {GlossaryTerm: ["slug", "term", "aliases", "definition", "lesson"],
                  H5PActivity: ["title", "licence", "authors", "required_score", "main_library", "status", "updated_at"]}


def own_form_fields(page_type):
    """The fields of the page's editor that the page type declares (Wagtail names its own: title, slug…)."""
    form_fields = page_type.get_edit_handler().get_form_class().base_fields
    return [name for name in form_fields if any(f.name == name and f.model is not Page for f in page_type._meta.get_fields())]


@pytest.mark.parametrize("page_type", PAGE_TYPES, ids=lambda model: model.__name__)
def test_every_field_of_a_page_editor_has_a_translated_label(page_type):
    names = own_form_fields(page_type)
    assert names  # the editor has fields of its own to name
    assert [name for name in names if not isinstance(page_type._meta.get_field(name).verbose_name, Promise)] == []


@pytest.mark.parametrize("model", list(SNIPPET_FIELDS), ids=lambda model: model.__name__)
def test_every_field_of_the_glossary_and_h5p_screens_has_a_translated_label(model):
    assert [name for name in SNIPPET_FIELDS[model] if not isinstance(model._meta.get_field(name).verbose_name, Promise)] == []


@pytest.mark.parametrize("language, labels", [
    ("de", ("Lernziele", "Geschätzte Dauer in Minuten", "Lektionsinhalt", "Hinweise für Trainerinnen und Trainer")),
    ("fr", ("Objectifs d&#x27;apprentissage", "Durée estimée en minutes", "Contenu de la leçon", "Notes pour les formateurs")),
    ("it", ("Obiettivi di apprendimento", "Durata stimata in minuti", "Contenuto della lezione", "Note per i formatori")),
    ("sl", ("Učni cilji", "Ocenjeno trajanje v minutah", "Vsebina lekcije", "Opombe za izvajalce usposabljanja")),
])
def test_the_lesson_editor_reads_in_the_trainers_language(client, maintainer, language, labels):
    profile = UserProfile.get_for_user(maintainer)
    profile.preferred_language = language
    profile.save()
    client.force_login(maintainer)
    lesson = LessonPage.objects.filter(locale__language_code="en").first()
    html = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert all(label in html for label in labels), [label for label in labels if label not in html]
    assert "Estimated minutes" not in html and "Trainer notes" not in html


@pytest.mark.parametrize("language, labels", [
    ("de", ("Aussteller (Issuer)", "Client-ID", "Autorisierungs-URL", "URL des Schlüsselsatzes", "Aktiv")),
    ("fr", ("Émetteur (issuer)", "ID client", "URL d&#x27;autorisation", "URL du jeu de clés", "Actif")),
    ("it", ("Emittente (issuer)", "ID client", "URL di autorizzazione", "URL del set di chiavi", "Attivo")),
    ("sl", ("Izdajatelj (issuer)", "ID odjemalca", "URL za avtorizacijo", "URL nabora ključev", "Aktivno")),
])
def test_the_lti_screens_read_in_the_maintainers_language(client, maintainer, language, labels):
    """django-lti ships no translations of its field names: ours name them, on the form and in the lists."""
    from django.urls import reverse

    from modules.lti.models import LtiRegistrationLink

    profile = UserProfile.get_for_user(maintainer)
    profile.preferred_language = language
    profile.save()
    client.force_login(maintainer)
    form = client.get(reverse("lti_platforms:add")).content.decode()
    assert all(label in form for label in labels), [label for label in labels if label not in form]
    assert "Keyset URL" not in form and "Is active" not in form
    LtiRegistrationLink.objects.create(name="Moodle Lombardia")
    links = client.get(reverse("lti_registration_links:index")).content.decode()
    assert "Moodle Lombardia" in links
    with translation.override(language):
        columns = [capfirst(gettext(word)) for word in ("status", "expires", "platform")]
    assert all(column in links for column in columns) and "Expires at" not in links
