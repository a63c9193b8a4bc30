"""Steps the learner journeys share (tests/browser/test_learner_journey.py in English,
test_german_learner_journey.py in German): signing up through the site's form, in the browser's language."""

import re
from dataclasses import dataclass

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


def is_in(page, language):
    expect(page.locator("html")).to_have_attribute("lang", language)


def sign_up(page, site_url, email, form=ENGLISH):
    """Open the home page, sign up as the form's learner and land on My learning, all in its language."""
    learner = form.learner
    page.goto(site_url + "/")
    expect(page).to_have_url(site_url + form.home)  # Accept-Language decides on a first visit
    is_in(page, form.language)
    page.get_by_role("link", name=form.link).first.click()
    page.get_by_label(form.email).fill(email)
    page.get_by_label(re.compile(form.password)).fill(learner["password"])
    page.get_by_label(re.compile(form.password_again)).fill(learner["password"])
    page.get_by_label(form.first_name).fill(learner["first_name"])
    page.get_by_label(form.last_name).fill(learner["last_name"])
    page.get_by_label("Organisation").fill(learner["organisation"])
    page.get_by_label("Region").fill(learner["region"])
    page.get_by_label(form.country).select_option(learner["country"])
    page.get_by_label(form.role).select_option(learner["role"])
    page.get_by_label(form.privacy).check()
    page.get_by_role("button", name=form.button).click()
    expect(page.get_by_role("heading", name=form.my_learning)).to_be_visible()
    is_in(page, form.language)
