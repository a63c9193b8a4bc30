"""The funding statement in the reader's language (DESIGN.md §7: one place, on every page and pack).

`settings.ELEARN_FUNDING` holds the English wording, marked for translation where it is defined; the
catalogues give each language the wording of docs/glossary.md (EFRE, FEDER, FESR, ESRR …). A pack's
`funding` (written into its manifest when it was cut) is translated the same way, so a German SCORM
package or certificate never prints the English line. A wording with no translation (a deployment's
own statement, or a pack from a server that words it differently) is shown as it is."""

from contextlib import nullcontext

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

TRANSLATED = ("statement", "programme", "fund")  # the acronym is a name: it stays as it is


def funding_in(language=None, funding=None):
    """`funding` (default `settings.ELEARN_FUNDING`) with its statement, programme and fund in
    `language` (default: the active language)."""
    facts = dict(settings.ELEARN_FUNDING if funding is None else funding)
    with translation.override(language) if language else nullcontext():
        for key in TRANSLATED:
            if isinstance(facts.get(key), str) and facts[key]:
                facts[key] = gettext(facts[key])
    return facts
