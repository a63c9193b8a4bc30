from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "elearn.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from allauth.account.signals import password_reset

        from .throttling import forget_account_failures

        password_reset.connect(forget_account_failures, dispatch_uid="accounts-forget-login-failures")
