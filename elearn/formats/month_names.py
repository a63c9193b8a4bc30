"""Month names as they stand inside a date, in every language.

Django's Italian catalogue capitalises its month names ("4 Dicembre 2026"), as in a calendar
heading; inside an Italian date they are lower case ("4 dicembre 2026"). Our catalogues come first
(LOCALE_PATHS), so these entries, with the msgids of django.utils.dates.MONTHS, decide how a date
reads on pages, certificates and packs. The other languages keep Django's own names."""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"), gettext_noop("February"), gettext_noop("March"), gettext_noop("April"),
    gettext_noop("May"), gettext_noop("June"), gettext_noop("July"), gettext_noop("August"),
    gettext_noop("September"), gettext_noop("October"), gettext_noop("November"), gettext_noop("December"),
)
