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
