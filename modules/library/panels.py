"""Edit-page panel that tells a trainer a module is a copy, and of what. Imported by the page
models, so it imports nothing from them at load time."""

from wagtail.admin.panels import Panel


class ModuleOriginPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "modules/admin/library/origin_panel.html"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            from .queries import origin_for

            self.origin, self.original = origin_for(self.instance)

        def is_shown(self):
            return self.origin is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(origin=self.origin, original=self.original)
            return context
