"""Page types: a kit references modules from the module library; a module holds lessons and a quiz.

Stable ids: every page's `translation_key` (a UUID Wagtail already keeps, shared only by translations
of the same item and renewed on copy) is the item id that progress, packs and releases use.
See docs/design.md for why this serves better than a second id field.

Page methods and routes render; what they show comes from services (modules/learning/ read models
and records, certificates), imported at load time: those services import no page class (they work
on the pages they are given), so nothing here needs a deferred import. Pages never import views, and
the project has no import cycle (tests/modules/test_architecture.py)."""

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from ..downloads import personal_download
from elearn.site.overlay import OverlaidTemplateResponse, reader_parts
from elearn.site.page_cache import cached_content, share_with_anonymous

from ..blocks import LessonStreamBlock, QuestionStreamBlock, SelfAssessmentStreamBlock, has_h5p
from ..certificates import CertificateFacts, linkedin_add_url, render_certificate_pdf
from ..grading import AnswerDef, QuestionDef
from ..learning.read_models import build_kit_view, build_module_view, foreign_language, localized_item, quiz_status, source_item
from ..learning.records import issue_certificate
from ..lesson_form import QUESTIONS_FIELD, LessonPageForm, NewQuestionsPanel
from ..licences import LICENCE_CHOICES
from ..library.panels import ModuleOriginPanel, ModuleUsagePanel, TranslationCreditPanel
from ..locale_routing import SourceTreeRouteMixin
from ..question_pool import asked_count, draw_questions, validate_ask
from ..self_assessment import AreaDef
from ..self_assessment_service import handle_request
from .library import ModuleOrigin
from .provenance import ImportedKit
from .releases import KitRelease
from .translation_records import PROOFREAD, TranslationCredit

def funding_logo_bytes(request):
    """The uploaded programme logo (Wagtail's FundingSettings) as PNG/JPEG bytes for the PDF, or None."""
    # By name: elearn/site/models.py imports this module, so importing it back would close a circle.
    logo = apps.get_model("site", "FundingSettings").for_request(request).logo
    if logo is None:
        return None
    try:
        rendition = logo.get_rendition("height-240|format-png")
        with rendition.file.open("rb") as handle:
            return handle.read()
    except Exception:  # noqa: BLE001 - a missing or unreadable file prints the text mark instead
        return None


def split_lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


# Translations keep the source's slug (so the language switcher, which only changes the URL prefix,
# lands on the same item) and the fields that are codes, not text.
SYNCHRONISED = [SynchronizedField("slug")]
# Notes for trainers (issue 13): in the admin and in preview only, never shown to learners, never in a
# public download, and not translated (a translation shows its source's notes).
TRAINER_NOTES_HELP = _("Only for trainers: shown in the admin and in preview, never to learners nor in downloads.")
NOT_TRANSLATED_NOTES = [SynchronizedField("trainer_notes")]


def trainer_notes_field():
    return models.TextField(_("trainer notes"), blank=True, help_text=TRAINER_NOTES_HELP)


class LearningItemMixin:
    """What kits, modules, lessons and quizzes share."""

    @property
    def item_id(self):
        return self.translation_key

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors (Wagtail's two queries), read once per content
        version: a query set of them whose rows are already loaded, so iterating it, as Wagtail's
        `before_serve_page` check does, queries nothing; a further filter or order (the admin's privacy
        views) queries afresh."""
        rows = cached_content("view-restrictions", (self.pk,), lambda: list(super(LearningItemMixin, self).get_view_restrictions()))
        restrictions = PageViewRestriction.objects.filter(pk__in=[row.pk for row in rows])
        restrictions._result_cache = rows
        return restrictions

    def get_url_parts(self, request=None):
        """URLs stay in the reader's language: an untranslated (English) page read by a German
        learner is linked under /de/, where it is shown with the fallback note, rather than
        sending them to the English site."""
        parts = super().get_url_parts(request)
        active = translation.get_language()
        if parts is None or parts[2] is None or active not in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
            return parts
        site_id, root_url, page_path = parts
        own = translation.get_language_from_path(page_path)
        if own:
            page_path = page_path[len(own) + 1:]
        if active != settings.LANGUAGE_CODE:
            page_path = f"/{active}{page_path}"
        return site_id, root_url, page_path


class SourceLanguageQuerySet(PageQuerySet):
    def in_source_language(self):
        """One page per item: the kit or module in the source language (not an alias). A kit there
        holds its module links, is what a release is cut from and what analytics name; a module
        there is the one in the library, which kits link and copies come from. Translations are read through it."""
        return self.filter(locale__language_code=settings.LANGUAGE_CODE, alias_of__isnull=True)


SourceLanguageManager = PageManager.from_queryset(SourceLanguageQuerySet)


class KitPage(LearningItemMixin, RoutablePageMixin, Page):
    code = models.CharField(_("code"), max_length=30, help_text=_("Short code, e.g. ITG T1."))
    summary = models.TextField(_("summary"))
    target_groups = ParentalManyToManyField("modules.TargetGroup", verbose_name=_("target groups"), blank=True, related_name="kits")
    thematic_areas = ParentalManyToManyField("modules.ThematicArea", verbose_name=_("thematic areas"), blank=True, related_name="kits")
    licence = models.CharField(_("licence"), max_length=30, choices=LICENCE_CHOICES, default="CC-BY-4.0")
    languages = models.CharField(_("languages"), max_length=100, default="en", help_text=_("BCP 47 language tags, comma separated."))
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=0)

    objects = SourceLanguageManager()

    override_translatable_fields = SYNCHRONISED + [SynchronizedField("code"), SynchronizedField("languages")]
    content_panels = Page.content_panels + [
        FieldPanel("code"),
        FieldPanel("summary"),
        MultiFieldPanel([
            FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
            FieldPanel("thematic_areas", widget=forms.CheckboxSelectMultiple),
        ], heading=_("Audience")),
        MultiFieldPanel([FieldPanel("licence"), FieldPanel("languages"), FieldPanel("estimated_minutes")], heading=_("Reuse")),
        InlinePanel("kit_modules", label=_("Modules (from the module library)"), min_num=0),
        TranslationCreditPanel(heading=_("Translations")),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["site.HomePage"]
    subpage_types = []

    @property
    def language_list(self):
        return [tag.strip() for tag in self.languages.split(",") if tag.strip()]

    def available_languages(self):
        """The languages a reader can take the kit in: the authored ones and every live translation of
        the kit page (not an alias), in the site's language order. Read once per content version."""
        def build():
            live = KitPage.objects.filter(translation_key=self.translation_key, live=True, alias_of__isnull=True).values_list("locale__language_code", flat=True)
            order = [code for code, _name in settings.LANGUAGES]
            tags = dict.fromkeys([*self.language_list, *live])
            return sorted(tags, key=lambda tag: order.index(tag) if tag in order else len(order))
        return cached_content("kit-languages", (str(self.translation_key),), build)

    def live_modules(self):
        links = self.kit_modules.filter(module__live=True).select_related("module").order_by("sort_order")
        return [link.module for link in links]

    @classmethod
    def listed(cls, parent=None):
        """The live kits in the source language (under `parent`, in any of its translations), in tree order."""
        kits = cls.objects.live().in_source_language().order_by("path")
        if parent is not None:
            kits = kits.filter(path__startswith=source_item(parent).path, depth=parent.depth + 1)
        return kits

    @staticmethod
    def module_links(kits, with_locale=False):
        """The live modules of several kits, one query: KitModule rows in kit and kit order."""
        related = ["module", "module__locale"] if with_locale else ["module"]
        return KitModule.objects.filter(page__in=kits, module__live=True).select_related(*related).order_by("page_id", "sort_order")

    def certificate_facts(self):
        """What a certificate of this kit says it teaches (each live module's first objective, in the
        reader's language) and how long it takes (the kit's estimate, else its modules' sum)."""
        modules = [localized_item(module)[0] for module in self.live_modules()]
        outcomes = [module.objective_list[0] for module in modules if module.objective_list]
        minutes = localized_item(self)[0].estimated_minutes or sum(module.estimated_minutes for module in modules)
        return CertificateFacts(outcomes=outcomes, minutes=minutes)

    def latest_release(self):
        """The kit's highest release (any translation of the kit), or None before the first one."""
        return KitRelease.objects.latest_for(self.translation_key)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["kit_view"] = build_kit_view(request.user, self)
        context["fallback_lang"] = context["kit_view"].fallback_lang
        context.update(self.kit_facts(preview=getattr(request, "is_preview", False)))
        context["translation_note"] = self.translation_note(context["kit_view"])
        return context

    def kit_facts(self, preview=False):
        """What the kit page says about the kit itself, the same for every reader: its audience, thematic
        areas, latest release and import origin. Read once per content version and language (a preview
        shows the draft's own, never the stored ones)."""
        def build():
            return {
                "target_groups": list(self.target_groups.all()), "thematic_areas": list(self.thematic_areas.all()),
                "latest_release": self.latest_release(),
                "imported_from": ImportedKit.objects.filter(kit_key=self.translation_key).defer("manifest").first(),
            }
        return build() if preview else cached_content("kit-facts", (self.pk, translation.get_language()), build)

    def translation_note(self, kit_view):
        """What the kit page says, once per kit, about the translation it is shown in: proofread or a
        draft, who translated and proofread it (TranslationCredit of the kit, its modules, lessons, quizzes
        and activities), and where to report an error. None in the source language, or when neither the kit
        nor any of its items is translated into the language; one query otherwise."""
        language = foreign_language()
        if language is None:
            return None
        keys = {self.translation_key}
        for module_view in kit_view.modules:
            items = [*module_view.lessons, *([module_view.quiz] if module_view.quiz else []), *module_view.activities]
            keys |= {module_view.module.translation_key, *(item.page.translation_key for item in items)}
        credits = list(TranslationCredit.objects.filter(item_key__in=keys, language=language))
        if not credits and kit_view.fallback_lang:
            return None  # nothing of this kit is translated into the language
        return {
            "credited": bool(credits),
            "proofread": bool(credits) and all(credit.status == PROOFREAD for credit in credits),
            "translators": ", ".join(sorted({credit.translator for credit in credits})),
            "proofreaders": ", ".join(sorted({credit.proofreader for credit in credits if credit.proofreader})),
            "report_url": reverse("report_translation", args=[self.translation_key]),
        }

    # Routes: /<kit>/, /<kit>/certificate/, /<kit>/certificate/pdf/, /<kit>/<module>/, /<kit>/<module>/<lesson-or-quiz>/
    # The kit, module, lesson and quiz pages are the same for every anonymous visitor: the page cache
    # (elearn/site/page_cache.py) may keep them. The certificate routes are personal.
    @path("")
    def kit_index(self, request):
        return share_with_anonymous(request, self.render(request))

    @path("certificate/")
    def certificate(self, request):
        certificate, refusal = self.certificate_or_refusal(request, "certificate/")
        if refusal is not None:
            return refusal
        verify_url = self.verify_url(request, certificate)
        funding = getattr(settings, "ELEARN_FUNDING", {})
        return render(request, "modules/certificate.html", {
            "certificate": certificate, "kit": self, "verify": True, "verify_url": verify_url,
            "linkedin_url": linkedin_add_url(certificate, verify_url, funding.get("acronym", "")),
        })

    @staticmethod
    def verify_url(request, certificate):
        with translation.override(settings.LANGUAGE_CODE):
            return request.build_absolute_uri(reverse("verify_certificate", args=[certificate.code]))

    # Wagtail's page URLs allow no dot, so the PDF of /<kit>/certificate/ is /<kit>/certificate/pdf/
    # (sent as certificate-<kit>.pdf). It must come before the generic <module>/<item>/ route.
    @path("certificate/pdf/")
    def certificate_pdf(self, request):
        certificate, refusal = self.certificate_or_refusal(request, "certificate/pdf/")
        if refusal is not None:
            return refusal
        pdf = render_certificate_pdf(certificate, self.verify_url(request, certificate), self.certificate_facts(),
                                     logo_bytes=funding_logo_bytes(request))
        return personal_download(pdf, "application/pdf", f"certificate-{self.slug}.pdf")

    def certificate_or_refusal(self, request, route):
        """(certificate, None) for a learner who completed the kit, else (None, the response to send):
        the login page for anonymous visitors, 403 with the learner's progress for everyone else."""
        if not request.user.is_authenticated:
            return None, redirect_to_login(self.url + route)
        kit_view = build_kit_view(request.user, self)
        certificate = issue_certificate(request.user, kit_view)
        if certificate is None:
            return None, render(request, "modules/certificate_pending.html", {"kit": self, "kit_view": kit_view}, status=403)
        return certificate, None

    # Modules and their items are found in the source tree (the source kit's links, the source
    # module's children) and then shown in the learner's language where translated.
    @re_path(r"^(?P<module_slug>[-\w]+)/$")
    def module_view(self, request, module_slug):
        module, shown = self.find_item(module_slug)
        return share_with_anonymous(request, shown.serve_in_kit(request, self, source=module))

    @re_path(r"^(?P<module_slug>[-\w]+)/(?P<item_slug>[-\w]+)/$")
    def item_view(self, request, module_slug, item_slug):
        module, item, shown = self.find_item(module_slug, item_slug)
        response = shown.serve_in_kit(request, self, module)
        if isinstance(item, (LessonPage, QuizPage)):  # a self-assessment has a form, with its answers after a POST
            share_with_anonymous(request, response)
        return response

    def find_item(self, module_slug, item_slug=None):
        """(source module, what to show in the reader's language) for /<kit>/<module>/, or (source module,
        source item, what to show) for /<kit>/<module>/<item>/; Http404 when there is none. Looked up
        once per content version and language (issue 19.3)."""
        def build():
            module = self.get_module(module_slug)
            if item_slug is None:
                return module, localized_item(module)[0]
            item = module.get_children().live().filter(slug=item_slug).specific().first()
            return None if item is None else (module, item, localized_item(item)[0])
        found = cached_content("kit-item", (self.pk, module_slug, item_slug, translation.get_language()), build,
                               keep=lambda value: value is not None)
        if found is None:
            raise Http404
        return found

    def get_module(self, slug):
        link = source_item(self).kit_modules.filter(module__slug=slug, module__live=True).select_related("module").first()
        if link is None:
            raise Http404
        return link.module

    def module_url(self, module):
        return self.url + module.slug + "/"


class KitModuleQuerySet(models.QuerySet):
    def in_source_kits(self):
        """The links of kits in the source language. A kit's translations carry a copy of its links, but
        the kit in the source language holds them (learners in any language read them there,
        learning.read_models.source_item): counted once, a module used in ITG T1 is used in one kit."""
        return self.filter(page__locale__language_code=settings.LANGUAGE_CODE, page__alias_of__isnull=True)


class KitModule(Orderable):
    """A module placed in a kit. The module itself lives once in the library: no copy is made."""

    page = ParentalKey(KitPage, on_delete=models.CASCADE, related_name="kit_modules")
    module = models.ForeignKey("modules.ModulePage", verbose_name=_("module"), on_delete=models.PROTECT, related_name="kit_links")

    objects = KitModuleQuerySet.as_manager()

    panels = [PageChooserPanel("module", page_type="modules.ModulePage")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "module"], name="kit_module_once")]


class ModuleLibraryPage(SourceTreeRouteMixin, Page):
    """The one place modules are authored; kits reference them from here."""

    intro = models.TextField(_("intro"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["site.HomePage"]
    subpage_types = ["modules.ModulePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["entries"] = self.module_entries()
        return context

    def module_entries(self):
        """Every module in the library with the kits that use it (two queries)."""
        modules = list(ModulePage.objects.child_of(self).live().order_by("path"))
        uses = {}
        for link in KitModule.objects.filter(module__in=modules, page__live=True).select_related("page"):
            uses.setdefault(link.module_id, []).append(link.page)
        return [{"module": m, "kits": uses.get(m.pk, [])} for m in modules]


class KitContextMixin(LearningItemMixin):
    """Library pages are read inside a kit (for navigation and breadcrumbs). Served on their own
    library URL they send the reader to the first kit that uses them; previews render standalone."""

    def first_kit(self, module):
        # Kits link the source module; a translation finds them through the shared translation_key.
        link = KitModule.objects.filter(module__translation_key=module.translation_key, page__live=True).select_related("page").order_by("page__path").first()
        return link.page.specific if link else None

    def serve(self, request, *args, **kwargs):
        module = self if isinstance(self, ModulePage) else self.get_parent().specific
        kit = self.first_kit(module)
        if kit is not None:
            return redirect(kit.module_url(module) + ("" if self is module else self.slug + "/"))
        return super().serve(request, *args, **kwargs)

    def serve_preview(self, request, mode_name):
        module = self if isinstance(self, ModulePage) else self.get_parent().specific
        kit = self.first_kit(module)
        if isinstance(self, ModulePage):
            return self.serve_in_kit(request, kit, preview=True)
        return self.serve_in_kit(request, kit, module, preview=True)

    def kit_context(self, request, kit, module, preview=False):
        """`module` is the source module (its children are the items); `self` is what is shown."""

        module_view = build_module_view(request.user, module, kit)
        current = next((item for item in module_view.sequence if item.page.pk == self.pk), None)
        context = self.get_context(request)
        fallback_lang = module_view.fallback_lang if self.pk == module_view.module.pk else getattr(current, "fallback_lang", None)
        context.update(
            kit=kit, module=module_view.module, module_view=module_view, is_preview=preview, current_item=current,
            previous_item=module_view.previous_item(self), next_item=module_view.next_item(self) if current else None,
            fallback_lang=fallback_lang,
        )
        return context


class ModulePage(KitContextMixin, Page):
    code = models.CharField(_("code"), max_length=30, help_text=_("Short code, e.g. SH-1."))
    summary = models.TextField(_("summary"))
    objectives = models.TextField(_("objectives"), help_text=_("One learning objective per line."))
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=0)
    trainer_notes = trainer_notes_field()

    objects = SourceLanguageManager()

    override_translatable_fields = SYNCHRONISED + NOT_TRANSLATED_NOTES + [SynchronizedField("code")]
    content_panels = Page.content_panels + [
        ModuleOriginPanel(heading=_("Copied from")), ModuleUsagePanel(heading=_("Where this module is used")),
        TranslationCreditPanel(heading=_("Translations")),
        FieldPanel("code"), FieldPanel("summary"), FieldPanel("objectives"), FieldPanel("estimated_minutes"), FieldPanel("trainer_notes"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("objectives")]
    parent_page_types = ["modules.ModuleLibraryPage"]
    subpage_types = ["modules.LessonPage", "modules.QuizPage", "modules.SelfAssessmentPage"]

    @property
    def objective_list(self):
        return split_lines(self.objectives)

    def get_admin_display_title(self):
        # The code first, so the page tree, choosers and breadcrumbs tell SH-1 from T1-1 at a glance.
        title = super().get_admin_display_title()
        return f"{self.code} · {title}" if self.code else title

    @staticmethod
    def item_types(activities=True):
        """The page types of a module's items, lessons first (read models group the outline by them);
        then the self-assessment, which is never graded nor counted (left out with activities=False)."""
        return (LessonPage, QuizPage, SelfAssessmentPage) if activities else (LessonPage, QuizPage)

    def live_kits(self):
        """The live kits in the source language that use this module, in tree order."""
        return KitPage.objects.live().in_source_language().filter(kit_modules__module=self).distinct().order_by("path")

    @property
    def copied_from(self):
        """The ModuleOrigin row (with who made the copy) when this module is a copy, else None."""
        if self.pk is None:
            return None
        return ModuleOrigin.objects.filter(module_id=self.pk).select_related("copied_by").first()

    def serve_in_kit(self, request, kit, preview=False, source=None):
        context = self.kit_context(request, kit, source or self, preview)
        return TemplateResponse(request, self.get_template(request), context)


class LessonPage(KitContextMixin, Page):
    objectives = models.TextField(_("objectives"), blank=True, help_text=_("One learning objective per line."))
    estimated_minutes = models.PositiveIntegerField(_("estimated minutes"), default=0)
    body = StreamField(LessonStreamBlock(), verbose_name=_("body"))
    trainer_notes = trainer_notes_field()

    override_translatable_fields = SYNCHRONISED + NOT_TRANSLATED_NOTES
    content_panels = [ModuleUsagePanel(heading=_("Where this module is used"))] + Page.content_panels + [
        FieldPanel("objectives"), FieldPanel("estimated_minutes"), FieldPanel("body"),
        # One place for a module's change: the lesson's questions are written here and saved into the module's quiz.
        NewQuestionsPanel(QUESTIONS_FIELD), FieldPanel("trainer_notes"),
        TranslationCreditPanel(heading=_("Translations"))]
    base_form_class = LessonPageForm
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["modules.ModulePage"]
    subpage_types = []

    @property
    def objective_list(self):
        return split_lines(self.objectives)

    def serve_in_kit(self, request, kit, module, preview=False):
        """Rendered once per revision, kit and language and overlaid with the reader's own parts
        (elearn/site/overlay.py); a preview, or a body with an H5P activity (its player carries a
        token signed for the learner), is rendered whole every time."""
        context = self.kit_context(request, kit, module, preview)
        shared = not preview and not getattr(request, "is_preview", False) and not has_h5p(self)
        parts = (self.pk, self.latest_revision_id, kit.pk if kit else None, module.pk, *reader_parts(request)) if shared else None
        return OverlaidTemplateResponse(request, self.get_template(request), context, parts)


class QuizPage(KitContextMixin, Page):
    intro = models.TextField(_("intro"), blank=True)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark"), default=60, help_text=_("Percent needed to pass."))
    attempts_allowed = models.PositiveSmallIntegerField(_("attempts allowed"), default=3, help_text=_("How many times a learner may submit this quiz."))
    # A question pool (issue 13.4): each attempt draws this many of the questions (blank = all of them).
    questions_asked = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("Questions asked per attempt"),
        help_text=_("Leave blank to ask every question. With a number, each attempt draws that many questions at random "
                    "from this quiz (a question pool) and shuffles their answers; every learner is graded on the "
                    "questions they were asked."))
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))
    trainer_notes = trainer_notes_field()

    override_translatable_fields = SYNCHRONISED + NOT_TRANSLATED_NOTES
    content_panels = [ModuleUsagePanel(heading=_("Where this module is used"))] + Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("pass_mark"), FieldPanel("attempts_allowed"), FieldPanel("questions_asked")], heading=_("Grading")),
        FieldPanel("questions"),
        FieldPanel("trainer_notes"),
        TranslationCreditPanel(heading=_("Translations")),
    ]
    parent_page_types = ["modules.ModulePage"]
    subpage_types = []

    def clean(self):
        super().clean()
        if not 1 <= self.pass_mark <= 100:
            raise ValidationError({"pass_mark": _("The pass mark is a percentage between 1 and 100.")})
        if self.attempts_allowed < 1:
            raise ValidationError({"attempts_allowed": _("Allow at least one attempt.")})
        total = len(self.questions)
        if self.questions_asked is not None and validate_ask(self.questions_asked, total):
            raise ValidationError({"questions_asked": _(
                "Ask between 1 and %(total)s questions (the number of questions in this quiz), or leave it blank to ask them all."
            ) % {"total": total}})

    @property
    def question_total(self):
        return len(self.questions)

    @property
    def asked_count(self):
        """How many questions one attempt asks (the quiz page's question count)."""
        return asked_count(self.questions_asked, len(self.questions))

    @property
    def is_pool(self):
        return self.asked_count < len(self.questions)

    def draw(self, seed):
        """The questions and option order of one attempt (modules/question_pool.py)."""
        pool = [(child.id, child.value["kind"], [a.id for a in child.value["answers"].bound_blocks]) for child in self.questions]
        return draw_questions(pool, self.questions_asked, seed)

    def asked_defs(self, drawn):
        """The grading view of the questions an attempt was asked (`drawn`: its recorded draw; empty
        for attempts from before pools, which were asked every question). A question removed since is
        left out; one added since was not asked."""
        if not drawn:
            return self.question_defs
        by_id = {d.id: d for d in self.question_defs}
        return tuple(by_id[entry["question"]] for entry in drawn if entry["question"] in by_id)

    @cached_property
    def question_defs(self):
        """The grading view of the questions: ids and correctness only, never sent to the browser."""
        defs = []
        for child in self.questions:
            answers = tuple(
                AnswerDef(answer.id, bool(answer.value["correct"]), answer.value["feedback"])
                for answer in child.value["answers"].bound_blocks
            )
            defs.append(QuestionDef(child.id, child.value["kind"], answers))
        return tuple(defs)

    def question_views(self, drawn=None):
        """What the quiz form shows: prompts and options without any hint of correctness. With an
        attempt's recorded draw, only the questions it asked, each with its options in the order drawn
        (an option added since comes last)."""
        views = [
            {
                "id": child.id,
                "kind": child.value["kind"],
                "prompt": child.value["prompt"],
                "answers": [{"id": a.id, "text": a.value["text"]} for a in child.value["answers"].bound_blocks],
            }
            for child in self.questions
        ]
        if not drawn:
            return views
        by_id = {view["id"]: view for view in views}
        asked = []
        for entry in drawn:
            view = by_id.get(entry["question"])
            if view is None:
                continue
            rank = {answer_id: index for index, answer_id in enumerate(entry["answers"])}
            answers = sorted(view["answers"], key=lambda a: rank.get(a["id"], len(rank)))
            asked.append({**view, "answers": answers})
        return asked

    def serve_in_kit(self, request, kit, module, preview=False):
        context = self.kit_context(request, kit, module, preview)
        context["quiz_status"] = quiz_status(request.user, self)
        if preview:
            # Staff take the quiz in preview; it is graded by preview_views.preview_grade, never recorded.
            context["preview_questions"] = self.question_views()
        return TemplateResponse(request, self.get_template(request), context)


# The self-assessment page: a module item like a lesson or a quiz, never graded nor counted in progress.
# Its results (SelfAssessmentResult, learning/models.py) are written only by learning/records.py.
class SelfAssessmentPage(KitContextMixin, Page):
    intro = models.TextField(_("intro"), blank=True)
    areas = StreamField(SelfAssessmentStreamBlock(), verbose_name=_("areas"))
    trainer_notes = trainer_notes_field()

    override_translatable_fields = SYNCHRONISED + NOT_TRANSLATED_NOTES
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("areas"), FieldPanel("trainer_notes"),
                                            TranslationCreditPanel(heading=_("Translations"))]
    parent_page_types = ["modules.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("self-assessment")

    @cached_property
    def area_defs(self):
        """The areas as the pure functions need them; revisit = the chosen live lesson pages."""
        defs = []
        for child in self.areas:
            value = child.value
            statements = tuple((item.id, str(item.value)) for item in value["statements"].bound_blocks)
            revisit = tuple(page.specific for page in value["revisit"] if page is not None and page.live)
            defs.append(AreaDef(child.id, value["title"], value["question"], statements, revisit))
        return tuple(defs)

    def serve_in_kit(self, request, kit, module, preview=False):
        context = self.kit_context(request, kit, module, preview)
        outcome = handle_request(request, self, kit, context, preview=preview)
        if isinstance(outcome, HttpResponse):
            return outcome
        return TemplateResponse(request, self.get_template(request), context, status=outcome)
