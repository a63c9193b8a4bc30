from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "elearn.site"
    label = "site"
    verbose_name = "Site shell"
