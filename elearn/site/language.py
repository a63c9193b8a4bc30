"""Which language a visitor gets, and how they change it.

URLs carry the language: English at `/` (no prefix, so every existing link and bookmark keeps
working), German, French, Italian and Slovenian under `/de/`, `/fr/`, `/it/`, `/sl/`. On an unprefixed
page the visitor's remembered choice wins (the language cookie, else a signed-in learner's profile
language), else on a first visit their browser's Accept-Language; if that is not English they are
sent to the same page in their language. Choosing a language in the switcher remembers it: as a
cookie for everyone and, for a signed-in learner (a CSRF-checked POST), in the profile too.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.views.decorators.http import require_http_methods

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def language_name(tag):
    """A BCP 47 tag's language name in the reader's language ("Deutsch, Englisch" on a German page,
    "German, English" on an English one), capitalised as a list item (Django's catalogues differ:
    French writes "allemand"); a tag Django does not know is shown as it is."""
    try:
        return str(capfirst(get_language_info(tag.strip().lower())["name_translated"]))
    except KeyError:
        return tag.strip()


def language_names(tags):
    """Names of a list of tags, or of a comma-separated string of them (KitPage.languages)."""
    if isinstance(tags, str):
        tags = tags.split(",")
    return [language_name(tag) for tag in tags if tag and tag.strip()]


def remembered_language(request):
    """The language this visitor chose before (cookie, then profile), or None."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in SUPPORTED:
        return chosen
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "language", "") in SUPPORTED:
        return user.language
    return None


def wanted_language(request):
    return remembered_language(request) or translation.get_language_from_request(request, check_path=False)


def remember(response, language):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class PreferredLanguageMiddleware:
    """Sends a visitor on an unprefixed (English) page to the same page in the language they want.

    Only browser navigations (GET/HEAD accepting HTML) to pages that exist in every language
    (`translate_url` finds a prefixed twin), so the admin, the API, feeds, downloads and xAPI are
    never redirected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and "text/html" in request.headers.get("Accept", "")
            and translation.get_language_from_path(request.path_info) is None
        ):
            wanted = wanted_language(request)
            if wanted != settings.LANGUAGE_CODE:
                target = translate_url(request.get_full_path(), wanted)
                if target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Accept-Language", "Cookie"))
                    return response
            response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        return self.get_response(request)


def same_page_in(url, language):
    """`url` (in whatever language its prefix says) in `language`; unchanged if it has no twin."""
    # translate_url resolves `url` under the active language, so resolve it under its own first.
    with translation.override(translation.get_language_from_path(url) or settings.LANGUAGE_CODE):
        return translate_url(url, language)


@require_http_methods(["GET", "POST"])
def switch_language(request, language):
    """The switcher: the same page in `language`. GET (links on pages anyone may cache) only sets the
    preference cookie; POST (signed-in learners, CSRF-checked) also saves it in the profile."""
    if language not in SUPPORTED:
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(same_page_in(next_url, language))
    remember(response, language)
    if request.method == "POST" and request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response
