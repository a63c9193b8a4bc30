from django.contrib.auth.models import AbstractUser
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HelixRole(models.TextChoices):
    PUBLIC_AUTHORITY = "public_authority", _("Public authority")
    RESEARCH = "research", _("Research / academia")
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class Country(models.TextChoices):
    """The seven Alpine Space partner states, plus a way out for everyone else."""

    AT = "AT", _("Austria")
    CH = "CH", _("Switzerland")
    DE = "DE", _("Germany")
    FR = "FR", _("France")
    IT = "IT", _("Italy")
    LI = "LI", _("Liechtenstein")
    SI = "SI", _("Slovenia")
    OTHER = "XX", _("Other country")


class User(AbstractUser):
    """A learner or staff member. Profile fields live here: one row per person, no extra join."""

    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True, help_text=_("For example Lombardy, Salzburg or Auvergne-Rhône-Alpes."))
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, blank=True)
    helix_role = models.CharField(_("quadruple-helix role"), max_length=20, choices=HelixRole.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, blank=True, help_text=_("The language the site opens in when you log in.")
    )

    # When the learner accepted the privacy notice at sign-up (GDPR art. 7: the consent can be shown).
    privacy_accepted_at = models.DateTimeField(_("privacy notice accepted"), null=True, blank=True)
    # Set when the learner deleted their account: personal data erased, the row kept only so their
    # anonymous attempts still count in the analytics (elearn/accounts/data_rights.py).
    erased_at = models.DateTimeField(_("account deleted"), null=True, blank=True)

    @property
    def display_name(self):
        if self.erased_at:
            return _("Deleted account")
        return self.get_full_name() or self.email or self.username
