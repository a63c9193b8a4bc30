"""The self-assessment page (a module item like a lesson or a quiz, never graded nor counted in
progress) and the learner's saved results.

Results are written only by modules/learning/records.py (`record_self_assessment`). Each row keeps
what the learner saw (area titles, statements, ratings, means) so an old result still reads right,
and compares, after a trainer edits the statements."""

import uuid

from django.conf import settings
from django.db import models
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from ..blocks import SelfAssessmentStreamBlock
from ..self_assessment import AreaDef
from .pages import NOT_TRANSLATED_NOTES, SYNCHRONISED, KitContextMixin, trainer_notes_field


class SelfAssessmentPage(KitContextMixin, Page):
    intro = models.TextField(blank=True)
    areas = StreamField(SelfAssessmentStreamBlock())
    trainer_notes = trainer_notes_field()

    override_translatable_fields = SYNCHRONISED + NOT_TRANSLATED_NOTES
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("areas"), FieldPanel("trainer_notes")]
    parent_page_types = ["modules.ModulePage"]
    subpage_types = []
    template = "modules/self_assessment_page.html"

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
        from ..self_assessment_service import handle_request

        context = self.kit_context(request, kit, module, preview)
        outcome = handle_request(request, self, kit, context, preview=preview)
        if isinstance(outcome, HttpResponse):
            return outcome
        return TemplateResponse(request, self.get_template(request), context, status=outcome)


class SelfAssessmentResult(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="self_assessment_results")
    assessment_key = models.UUIDField(db_index=True)
    assessment = models.ForeignKey(SelfAssessmentPage, null=True, on_delete=models.SET_NULL, related_name="results")
    title = models.CharField(max_length=255)
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    # [{"id", "title", "question", "statements": [{"id", "text", "rating"}], "mean_tenths"}]
    areas = models.JSONField(default=list)

    class Meta:
        ordering = ["user_id", "assessment_key", "-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "assessment_key", "-created_at"], name="self_assessment_by_learner")]
