"""Reads for the module library admin view. A fixed number of queries whatever the number of
modules, kits or links: modules (with their origin), their kit links (with kits), the originals of
copied modules, and the kits a trainer may add to."""

import re
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from ..models import KitModule, KitPage, ModuleLibraryPage, ModulePage, QuizPage, TargetGroup, ThematicArea

USED_CHOICES = [("", _("Any")), ("used", _("Used in a kit")), ("unused", _("Not used in any kit")), ("shared", _("Used in several kits"))]


def _kit_links():
    return Prefetch("kit_links", queryset=KitModule.objects.in_source_kits().select_related("page").order_by("page__title"))


def kit_languages():
    tags = set()
    for languages in KitPage.objects.values_list("languages", flat=True):
        tags.update(tag.strip() for tag in languages.split(",") if tag.strip())
    return sorted(tags)


class LibraryFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"), help_text=_("Title, code or summary."))
    kit = forms.ModelChoiceField(queryset=KitPage.objects.in_source_language().order_by("title"), required=False, label=_("Kit"))
    thematic_area = forms.ModelChoiceField(queryset=ThematicArea.objects.all(), required=False, label=_("Thematic area"))
    target_group = forms.ModelChoiceField(queryset=TargetGroup.objects.all(), required=False, label=_("Target group"))
    language = forms.ChoiceField(required=False, label=_("Language"))
    changed_since = forms.DateField(required=False, label=_("Changed since"), widget=forms.DateInput(attrs={"type": "date"}))
    changed_until = forms.DateField(required=False, label=_("Changed until"), widget=forms.DateInput(attrs={"type": "date"}))
    used = forms.ChoiceField(choices=USED_CHOICES, required=False, label=_("Use"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any"))] + [(tag, tag) for tag in kit_languages()]


@dataclass
class ModuleEntry:
    module: object
    kits: list = field(default_factory=list)
    origin: object = None
    original: object = None
    addable_kits: list = field(default_factory=list)
    replaceable_kits: list = field(default_factory=list)
    quiz: object = None  # the module's quiz, if it has one

    @property
    def kit_count(self):
        return len(self.kits)


def get_library():
    return ModuleLibraryPage.objects.first()


def filter_modules(queryset, data):
    """Apply the cleaned filter data to a ModulePage queryset. Kit-side filters go through a
    subquery on the links, so the listing never multiplies rows or needs DISTINCT."""
    data = data or {}
    text = (data.get("q") or "").strip()
    if text:
        queryset = queryset.filter(Q(title__icontains=text) | Q(code__icontains=text) | Q(summary__icontains=text))
    links = KitModule.objects.in_source_kits()
    narrowed = False
    if data.get("kit"):
        links, narrowed = links.filter(page=data["kit"]), True
    if data.get("thematic_area"):
        links, narrowed = links.filter(page__thematic_areas=data["thematic_area"]), True
    if data.get("target_group"):
        links, narrowed = links.filter(page__target_groups=data["target_group"]), True
    if data.get("language"):
        pattern = r"(^|,)\s*" + re.escape(data["language"]) + r"\s*(,|$)"
        links, narrowed = links.filter(page__languages__iregex=pattern), True
    if narrowed:
        queryset = queryset.filter(pk__in=links.values("module_id"))
    if data.get("changed_since"):
        queryset = queryset.filter(latest_revision_created_at__date__gte=data["changed_since"])
    if data.get("changed_until"):
        queryset = queryset.filter(latest_revision_created_at__date__lte=data["changed_until"])
    used = data.get("used")
    if used == "shared":
        shared = KitModule.objects.in_source_kits().values("module_id").order_by().annotate(kits=Count("id")).filter(kits__gt=1)
        queryset = queryset.filter(pk__in=shared.values("module_id"))
    elif used:
        in_kits = KitModule.objects.in_source_kits().values("module_id")
        queryset = queryset.filter(pk__in=in_kits) if used == "used" else queryset.exclude(pk__in=in_kits)
    return queryset


def build_module_library(library, data=None, addable_kits=()):
    """Entries for every module under the library that matches `data` (cleaned LibraryFilterForm data).
    `addable_kits`: kits the user may edit; each entry lists those that do not contain it yet."""
    if library is None:
        return []
    modules = (
        filter_modules(ModulePage.objects.child_of(library), data)
        .select_related("origin__copied_by")
        .prefetch_related(_kit_links())
        .order_by("code", "title")
    )
    # Each module's quiz, for its "Edit quiz" button: one query for the whole library.
    quizzes = {quiz.path[:-QuizPage.steplen]: quiz for quiz in
               QuizPage.objects.descendant_of(library).defer_streamfields().only("pk", "path").order_by("-path")}
    entries = []
    for module in modules:
        origin = getattr(module, "origin", None) if _has_origin(module) else None
        entries.append(ModuleEntry(module=module, kits=[link.page for link in module.kit_links.all()], origin=origin,
                                   quiz=quizzes.get(module.path)))
    origin_keys = {entry.origin.origin_key for entry in entries if entry.origin}
    if origin_keys:
        originals = {
            m.translation_key: m
            for m in ModulePage.objects.in_source_language().filter(translation_key__in=origin_keys).prefetch_related(_kit_links())
        }
        for entry in entries:
            if entry.origin:
                entry.original = originals.get(entry.origin.origin_key)
    editable = {kit.pk for kit in addable_kits}
    for entry in entries:
        used = {kit.pk for kit in entry.kits}
        entry.addable_kits = [kit for kit in addable_kits if kit.pk not in used]
        if entry.original is not None:
            entry.replaceable_kits = [link.page for link in entry.original.kit_links.all() if link.page_id in editable and link.page_id not in used]
    return entries


def _has_origin(module):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        module.origin
    except ObjectDoesNotExist:
        return False
    return True


def editable_kits(user):
    """Kits the user may edit (their permission is checked per kit, not per module: a fixed cost)."""
    kits = list(KitPage.objects.in_source_language().order_by("title"))
    return [kit for kit in kits if kit.permissions_for_user(user).can_edit()]

