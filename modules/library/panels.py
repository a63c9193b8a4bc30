"""Edit-page panel that tells a trainer a module is a copy, and of what. Imported by the page
models, so it imports nothing from this project: what it shows comes from `ModulePage.copied_from`."""

from wagtail.admin.panels import Panel


class ModuleOriginPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "modules/admin/library/origin_panel.html"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.origin = self.instance.copied_from
            self.original = self.origin.original() if self.origin is not None else None

        def is_shown(self):
            return self.origin is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(origin=self.origin, original=self.original)
            return context


class ModuleUsagePanel(Panel):
    """Know what you touch: in the editor of a module, lesson or quiz, which kits use the module and how
    many learners have started it and passed its quiz, with what publishing a change means for them.
    Models are looked up through the app registry, so this file still imports nothing of the project."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "modules/admin/library/usage_panel.html"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.module = self._module()
            self.usage = usage_of(self.module) if self.module is not None else None

        def _module(self):
            from django.apps import apps

            module_model = apps.get_model("modules", "ModulePage")
            page = self.instance
            if isinstance(page, module_model):
                return page if page.pk else None
            parent = page.get_parent() if page.pk else getattr(self.form, "parent_page", None)
            parent = parent.specific if parent is not None else None
            return parent if isinstance(parent, module_model) else None

        def is_shown(self):
            return self.usage is not None and (len(self.usage["kits"]) > 1 or self.usage["started"]) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(module=self.module, **self.usage)
            return context


def usage_of(module):
    """{"kits": [...], "started": n, "passed": n} for a module: three queries."""
    from django.apps import apps

    item_progress = apps.get_model("modules", "ItemProgress")
    quiz_model = apps.get_model("modules", "QuizPage")
    kits = [link.page for link in module.kit_links.in_source_kits().select_related("page").order_by("page__title")]
    keys = list(module.get_children().values_list("translation_key", flat=True))
    quiz_keys = list(quiz_model.objects.child_of(module).values_list("translation_key", flat=True))
    rows = item_progress.objects.filter(item_key__in=keys)
    return {
        "kits": kits,
        "started": rows.values("user_id").distinct().count(),
        "passed": rows.filter(item_key__in=quiz_keys, passed=True).values("user_id").distinct().count(),
    }


class TranslationCreditPanel(Panel):
    """In the editor of a kit, module, lesson or quiz: each language's translation of the item, draft or
    proofread, and who or what translated and proofread it (recorded by the importer from the PO header
    fields, modules/packs/translations.py). One query; looked up through the app registry."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "modules/admin/library/translation_credit_panel.html"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            from django.apps import apps

            credit_model = apps.get_model("modules", "TranslationCredit")
            page = self.instance
            self.credits = list(credit_model.objects.filter(item_key=page.translation_key).order_by("language")) if page.pk else []

        def is_shown(self):
            return bool(self.credits) and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["credits"] = self.credits
            return context
