from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "elearn.accounts"
    label = "accounts"
    verbose_name = "Accounts"
