"""Steps the learner journeys share (tests/browser/test_learner_journey.py in English,
test_learner_journey_in_every_language.py in de, fr, it and sl): signing up through the site's form, in the
browser's language. The labels of the other languages are looked up in the interface catalogues the site
itself translates with (`interface`), never typed."""

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlencode

from playwright.sync_api import expect


@dataclass(frozen=True)
class SignUp:
    """The sign-up form's labels in one language, and the learner who fills it in."""

    language: str
    home: str  # where a first visit to / lands
    link: str
    email: str
    password: str
    password_again: str
    first_name: str
    last_name: str
    country: str
    role: str
    privacy: str
    button: str
    my_learning: str
    learner: dict  # first name, last name, organisation, region, country code, role, password
    organisation: str = "Organisation"
    region: str = "Region"


ENGLISH = SignUp(
    "en", "/", "Sign up", "Email", r"^Password:?\s*\*?$", r"^Password \(again\)", "First name", "Last name",
    "Country", "Quadruple-helix role", "I have read the privacy notice", "Sign Up", "My learning",
    {"first_name": "Chiara", "last_name": "Bianchi", "organisation": "Cluster Lombardo", "region": "Lombardy",
     "country": "IT", "role": "business", "password": "Mont-Blanc-4808-metres"},
)
GERMAN = SignUp(
    "de", "/de/", "Registrieren", "E-Mail", r"^Passwort:?\s*\*?$", r"^Passwort \(Wiederholung\)", "Vorname", "Nachname",
    "Land", "Quadruple-Helix-Rolle", "Ich habe die Datenschutzhinweise gelesen", "Registrieren", "Mein Lernbereich",
    {"first_name": "Lena", "last_name": "Huber", "organisation": "Innovationsagentur Salzburg", "region": "Salzburg",
     "country": "AT", "role": "public_authority", "password": "Zugspitze-2962-Meter"},
)



class interface:  # noqa: N801 - read like a function: interface("fr")["Sign up"]
    """The site's interface strings in `language`, looked up by their English msgid exactly as the server
    translates them: Django's gettext over the project's catalogues (locale/<lang>/LC_MESSAGES/django.po,
    compiled) and then the apps' (allauth's, Wagtail's ...), in Django's order of precedence."""

    def __init__(self, language):
        self.language = language

    def __getitem__(self, msgid):
        from django.utils import translation

        with translation.override(self.language):
            return translation.gettext(msgid)


def translated_sign_up(language, learner):
    """The sign-up form's labels in `language`, from the catalogues; `learner` fills it in."""
    t = interface(language)
    privacy = re.sub(r"<[^>]+>", "", t['I have read the <a href="{}">privacy notice</a>.']).rstrip(".")
    return SignUp(
        language, f"/{language}/", t["Sign up"], t["Email"], rf"^{re.escape(t['Password'])}:?\s*\*?$",
        rf"^{re.escape(t['Password (again)'])}", t["First name"], t["Last name"], t["Country"], t["Quadruple-helix role"],
        unescape(privacy), t["Sign up"], t["My learning"], learner, organisation=t["Organisation"], region=t["Region"])


FRENCH = translated_sign_up("fr", {
    "first_name": "Camille", "last_name": "Girard", "organisation": "Agence régionale de l'innovation",
    "region": "Bourgogne-Franche-Comté", "country": "FR", "role": "public_authority", "password": "Aiguille-du-Midi-3842"})
ITALIAN = translated_sign_up("it", {
    "first_name": "Chiara", "last_name": "Bianchi", "organisation": "Cluster Lombardo Mobilità", "region": "Lombardia",
    "country": "IT", "role": "business", "password": "Monte-Rosa-4634-metri"})
SLOVENIAN = translated_sign_up("sl", {
    "first_name": "Maja", "last_name": "Kovač", "organisation": "Univerza v Ljubljani", "region": "Osrednjeslovenska",
    "country": "SI", "role": "research", "password": "Triglav-2864-metrov"})
TRANSLATED = {form.language: form for form in (GERMAN, FRENCH, ITALIAN, SLOVENIAN)}


def field(label):
    """A field's whole label, so that "Nom" does not also find "Prénom" (nor "Ime" "Priimek")."""
    return re.compile(rf"^{re.escape(label)}:?\s*\*?$")


def is_in(page, language):
    expect(page.locator("html")).to_have_attribute("lang", language)


def sign_up(page, site_url, email, form=ENGLISH):
    """Open the home page, sign up as the form's learner and land on My learning, all in its language."""
    learner = form.learner
    page.goto(site_url + "/")
    expect(page).to_have_url(site_url + form.home)  # Accept-Language decides on a first visit
    is_in(page, form.language)
    page.get_by_role("link", name=form.link).first.click()
    page.get_by_label(field(form.email)).fill(email)
    page.get_by_label(re.compile(form.password)).fill(learner["password"])
    page.get_by_label(re.compile(form.password_again)).fill(learner["password"])
    page.get_by_label(field(form.first_name)).fill(learner["first_name"])
    page.get_by_label(field(form.last_name)).fill(learner["last_name"])
    page.get_by_label(field(form.organisation)).fill(learner["organisation"])
    page.get_by_label(field(form.region)).fill(learner["region"])
    page.get_by_label(field(form.country)).select_option(learner["country"])
    page.get_by_label(field(form.role)).select_option(learner["role"])
    page.get_by_label(form.privacy).check()
    page.get_by_role("button", name=form.button).click()
    expect(page.get_by_role("heading", name=form.my_learning)).to_be_visible()
    is_in(page, form.language)


def post(page, site_url, url, data=None):
    """A form post with the page's session and CSRF token, as the site's own forms send it."""
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    body = urlencode(data or {}, doseq=True)
    return page.request.post(site_url + url, data=body, headers={
        "X-CSRFToken": token, "Content-Type": "application/x-www-form-urlencoded", "Referer": site_url + "/"})


def complete(page, site_url, items, fail_last_quiz=False):
    """Complete lessons and pass quizzes (kit_sources.quiz_answers) the way ITG T2's forms do; returns the
    last attempt's URL."""
    page.goto(site_url + "/itg-t2/sh-1/quiz/")
    kit = page.locator("input[name=kit]").first.get_attribute("value")
    url = None
    for index, (lessons, quiz, key, wrong) in enumerate(items):
        for lesson in lessons:
            assert post(page, site_url, f"/learn/lessons/{lesson}/complete/").ok
        started = post(page, site_url, f"/learn/quizzes/{quiz}/start/", {"kit": kit})
        url = started.url.replace(site_url, "")
        chosen = wrong if fail_last_quiz and index == len(items) - 1 else key
        assert post(page, site_url, url, {f"q-{question}": ids for question, ids in chosen.items()}).ok
    return url
