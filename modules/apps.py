from django.apps import AppConfig


class ModulesConfig(AppConfig):
    name = "modules"
    verbose_name = "Learning modules"

    def ready(self):
        # Each owner of a storage prefix registers what keeps its files alive with the journal
        # (modules/files/journal.py), before any operation can sweep abandoned files.
        from .h5p import storage  # noqa: F401
        from .packs import media_import, releases  # noqa: F401
        from .interop import outbox  # noqa: F401 - connects the xAPI outbox to the progress signals
        from .lti import grades  # noqa: F401 - connects the LTI score outbox to the quiz results
        from . import translation_roles  # noqa: F401 - connects the signal receiver
        from wagtail.signals import page_published

        from .packs.translation_merge import clear_stale_on_publish
        page_published.connect(clear_stale_on_publish, dispatch_uid="elearn-clear-stale-translation")
