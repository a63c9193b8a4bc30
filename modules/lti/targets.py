"""Where a launch lands and what deep linking offers: a kit, or a module of a kit, in a language.

A deep link carries the stable ids (custom parameters `kit`, `module`, `lang`), so it keeps working
when slugs change; a link made by hand may instead point `target_link_uri` at a page of this site."""

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import KitModule, KitPage, ModulePage
from .launch import CUSTOM_CLAIM, PRESENTATION_CLAIM, TARGET_CLAIM, LtiRefused


@dataclass
class Target:
    path: str
    language: str
    kit: KitPage | None = None
    module: ModulePage | None = None

    @property
    def title(self):
        return self.module.title if self.module else (self.kit.title if self.kit else "")


def languages():
    return [code for code, _name in settings.LANGUAGES]


def pick_language(value):
    """A language of the site from a tag such as "de", "de-AT" or "sl_SI"; None if none fits."""
    tag = str(value or "").replace("_", "-").lower()
    for code in languages():
        if tag == code or tag.startswith(code + "-"):
            return code
    return None


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def _in_language(language, build):
    with translation.override(language):
        return build()


def _source(model, key):
    pages = model.objects.live().filter(translation_key=key, alias_of__isnull=True)
    return pages.filter(locale__language_code=settings.LANGUAGE_CODE).first() or pages.first()


def find_target(kit_key, module_key, language):
    """The live kit or module of these stable ids; LtiRefused (404) if it is not published."""
    gone = LtiRefused(_("The kit or module this link points to is not published on this site any more."), status=404)
    module = _source(ModulePage, module_key) if module_key else None
    if module_key and module is None:
        raise gone
    links = KitModule.objects.filter(page__live=True).select_related("page").order_by("page__path", "sort_order")
    if module is not None:
        links = links.filter(module__translation_key=module.translation_key, module__live=True)
        if kit_key:
            links = links.filter(page__translation_key=kit_key)
        link = links.first()
        if link is None:
            raise gone
        kit = link.page.specific
        return Target(_in_language(language, lambda: kit.module_url(module)), language, kit, module)
    kit = _source(KitPage, kit_key)
    if kit is None:
        raise gone
    return Target(_in_language(language, lambda: kit.url), language, kit)


def resolve_target(data):
    """Where this resource launch should land (checked before anything is stored)."""
    custom = data.get(CUSTOM_CLAIM) or {}
    if not isinstance(custom, dict):
        custom = {}
    presentation = data.get(PRESENTATION_CLAIM) or {}
    language = pick_language(custom.get("lang")) or pick_language(presentation.get("locale") if isinstance(presentation, dict) else None)
    language = language or settings.LANGUAGE_CODE
    kit_key, module_key = _uuid(custom.get("kit")), _uuid(custom.get("module"))
    if kit_key or module_key:
        return find_target(kit_key, module_key, language)
    return Target(site_path(data.get(TARGET_CLAIM)) or _in_language(language, lambda: reverse("my_learning")), language)


def site_path(url):
    """The path of `url` when it is a page of this site (never the launch address itself), else None."""
    if not isinstance(url, str):
        return None
    parts, site = urlsplit(url), urlsplit(settings.SITE_BASE_URL)
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != site.netloc.lower():
        return None
    path = parts.path or "/"
    if path.startswith("/lti/") or not path.startswith("/") or path.startswith("//"):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


@dataclass
class CatalogueEntry:
    value: str
    kit: KitPage
    module: ModulePage | None = None

    @property
    def title(self):
        return self.module.title if self.module else self.kit.title


def deep_link_catalogue():
    """Every live kit and its live modules (source language), as choices for the picker."""
    kits = list(KitPage.objects.live().in_source_language().order_by("path"))
    links = KitModule.objects.filter(page__in=kits, module__live=True).select_related("module").order_by("sort_order")
    modules = {}
    for link in links:
        modules.setdefault(link.page_id, []).append(link.module)
    entries = []
    for kit in kits:
        entries.append(CatalogueEntry(f"kit:{kit.translation_key}", kit))
        entries += [CatalogueEntry(f"module:{kit.translation_key}:{module.translation_key}", kit, module) for module in modules.get(kit.pk, [])]
    return entries


def find_choice(value, language):
    """The Target of a picker choice ("kit:<id>" or "module:<kit id>:<module id>"); None if invalid."""
    kind, _sep, rest = str(value or "").partition(":")
    if language not in languages():
        return None
    try:
        if kind == "kit" and _uuid(rest):
            return find_target(_uuid(rest), None, language)
        kit_key, _sep, module_key = rest.partition(":")
        if kind == "module" and _uuid(kit_key) and _uuid(module_key):
            return find_target(_uuid(kit_key), _uuid(module_key), language)
    except LtiRefused:
        return None
    return None
