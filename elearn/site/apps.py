from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "elearn.site"
    label = "site"
    verbose_name = "Site shell"

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_migrate
        from wagtail.signals import page_published, page_unpublished, post_page_move, published, unpublished

        from .page_cache import bump_content_version, migration_ended, migration_started

        # The anonymous page cache (page_cache.py) is stale after any change to what pages show.
        for name, signal in [("page-published", page_published), ("page-unpublished", page_unpublished), ("page-moved", post_page_move),
                             ("published", published), ("unpublished", unpublished)]:
            signal.connect(bump_content_version, dispatch_uid=f"elearn-page-cache-{name}")
        # Who sees the header's admin link (context_processors.admin_link) changes with groups and permissions.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        user_model = get_user_model()
        for name, through in [("user-groups", user_model.groups.through), ("user-permissions", user_model.user_permissions.through),
                              ("group-permissions", Group.permissions.through)]:
            m2m_changed.connect(bump_content_version, sender=through, dispatch_uid=f"elearn-page-cache-{name}")
        post_delete.connect(bump_content_version, sender=Group, dispatch_uid="elearn-page-cache-group-deleted")
        post_save.connect(bump_on_content_change, dispatch_uid="elearn-page-cache-save")
        post_delete.connect(bump_on_content_change, dispatch_uid="elearn-page-cache-delete")
        pre_migrate.connect(migration_started, dispatch_uid="elearn-page-cache-migrating")
        post_migrate.connect(migration_ended, dispatch_uid="elearn-page-cache-migrated")


# What pages show: Wagtail's pages, sites, locales, revisions and view restrictions, images and
# documents, the site settings, and the content models of modules/models/ (kit links, releases,
# imports, glossary, H5P activities, translation credits). Not learners' records (progress,
# attempts, certificates), which change on every learner action and are never in a shared page.
CONTENT_APPS = {"wagtailcore", "wagtailimages", "wagtaildocs", "site", "taggit"}
NOT_CONTENT = {("wagtailcore", "referenceindex"), ("modules", "h5presult"), ("modules", "translationreport")}


def bump_on_content_change(sender, **kwargs):
    from .page_cache import bump_content_version

    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting

    meta = sender._meta
    if (meta.app_label, meta.model_name) in NOT_CONTENT:
        return
    if kwargs.get("created") and issubclass(sender, (BaseSiteSetting, BaseGenericSetting)):
        return  # made with its defaults on the first read (`for_request`): nothing shown changes
    if meta.app_label in CONTENT_APPS or sender.__module__.startswith("modules.models"):
        bump_content_version()
