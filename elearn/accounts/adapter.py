"""allauth's account adapter, changed in one thing: e-mails (their subject prefix, greeting and
signature) name the site by its SiteIdentity setting (elearn/site/identity.py) instead of the host
name allauth would take from the request without django.contrib.sites."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.utils.encoding import force_str

from elearn.site.identity import site_name


class NamedSite:
    """What allauth's e-mail templates read as `current_site`: a name and a domain."""

    def __init__(self, request):
        self.name = site_name(request)
        self.domain = request.get_host() if request is not None else ""

    def __str__(self):
        return self.name


class AccountAdapter(DefaultAccountAdapter):
    def format_email_subject(self, subject):
        return f"[{site_name(context.request)}] {force_str(subject)}"

    def send_mail(self, template_prefix, email, context_data):
        context_data = {"current_site": NamedSite(context.request), **context_data}
        super().send_mail(template_prefix, email, context_data)
