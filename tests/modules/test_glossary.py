"""The glossary (modules/glossary.py): loaded from the kits' glossary.yaml in every language, listed on
/glossary/ with the lesson that explains each term, and linked from a term's first use in lessons."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from modules.glossary import TermForms, forms_pattern, link_terms
from modules.models import GlossaryTerm

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def forms(slug, *words, lesson=None):
    return TermForms(slug, lesson, forms_pattern(words))


def test_every_term_is_loaded_in_every_language_as_one_item():
    english = GlossaryTerm.objects.filter(locale__language_code="en")
    assert english.count() >= 12
    for language in LANGUAGES:
        assert GlossaryTerm.objects.filter(locale__language_code=language).count() == english.count(), language
    edp = GlossaryTerm.objects.filter(slug="entrepreneurial-discovery-process")
    assert len({term.translation_key for term in edp}) == 1
    assert edp.get(locale__language_code="de").term == "unternehmerischer Entdeckungsprozess (EDP)"


def test_loading_again_changes_nothing():
    before = list(GlossaryTerm.objects.order_by("pk").values_list("pk", "term", "definition"))
    call_command("load_kits", verbosity=0, stdout=open("/dev/null", "w"))
    assert list(GlossaryTerm.objects.order_by("pk").values_list("pk", "term", "definition")) == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_glossary_page_lists_the_terms_with_their_lessons_in_each_language(client, language):
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    html = client.get(f"{prefix}/glossary/").content.decode()
    term = GlossaryTerm.objects.get(slug="quadruple-helix", locale__language_code=language)
    assert 'id="quadruple-helix"' in html and f"<dt>{term.term}</dt>" in html
    assert f'href="{prefix}/itg-t1/sh-2/from-triple-to-quadruple-helix/"' in html
    with translation.override(language):
        assert translation.gettext("Explained in:") in html


def test_a_lesson_links_the_first_use_of_each_term(client):
    html = client.get("/itg-t1/t1-4/clusters-and-s3/").content.decode()
    assert html.count('class="glossary-term"') >= 2
    assert html.count('href="/glossary/#quadruple-helix"') <= 1


def test_a_lesson_does_not_link_the_term_it_explains(client):
    html = client.get("/itg-t1/sh-2/entrepreneurial-discovery-process/").content.decode()
    assert 'href="/glossary/#entrepreneurial-discovery-process"' not in html
    assert 'href="/glossary/#quadruple-helix"' in html


def test_terms_are_linked_once_whole_words_only_and_never_inside_links_or_headings():
    terms = [forms("s3", "S3"), forms("ta", "transformative activity", "transformative activities")]
    html = ('<h2>S3 basics</h2><p>S3-4AlpClusters and <a href="/x">S3</a> then S3 and S3 again; '
            'transformative activities matter.</p>')
    linked = link_terms(html, terms, "/glossary/")
    assert linked.startswith("<h2>S3 basics</h2>")
    assert "S3-4AlpClusters" in linked and '<a href="/x">S3</a>' in linked
    assert linked.count('href="/glossary/#s3"') == 1 and 'then <a class="glossary-term" href="/glossary/#s3">S3</a> and S3 again' in linked
    assert '<a class="glossary-term" href="/glossary/#ta">transformative activities</a>' in linked


def test_linking_keeps_markup_and_escaped_text_as_it_was():
    html = '<p>R&amp;D and <strong>quadruple helix</strong> &lt;b&gt;</p>'
    linked = link_terms(html, [forms("qh", "quadruple helix")], "/glossary/")
    assert linked == '<p>R&amp;D and <strong><a class="glossary-term" href="/glossary/#qh">quadruple helix</a></strong> &lt;b&gt;</p>'


def test_a_term_edited_in_the_admin_links_at_once(client):
    term = GlossaryTerm.objects.get(slug="quadruple-helix", locale__language_code="en")
    client.get("/itg-t1/t1-4/clusters-and-s3/")
    term.aliases = "Etzkowitz"
    term.save()
    html = client.get("/itg-t1/sh-1/project-at-a-glance/").content.decode()
    assert "/glossary/#quadruple-helix" in html


def test_trainers_see_the_glossary_in_the_admin_and_only_maintainers_edit_it(client, learner, trainer, maintainer):
    listing = "/admin/snippets/modules/glossaryterm/"
    term = GlossaryTerm.objects.get(slug="quadruple-helix", locale__language_code="en")
    edit = f"{listing}edit/{term.pk}/"
    assert client.get(listing).status_code == 302  # anonymous: to the login
    client.force_login(learner)
    assert client.get(listing).status_code in (302, 403)
    client.force_login(trainer)
    response = client.get(listing)
    assert response.status_code == 200 and "quadruple helix" in response.content.decode()
    client.post(edit, {"slug": term.slug, "term": "changed by a trainer", "aliases": "", "definition": "x"})
    term.refresh_from_db()
    assert term.term == "quadruple helix"
    client.force_login(maintainer)
    assert client.get(edit).status_code == 200
