"""The funding statement in each language, as docs/glossary.md words it (shared by the tests of every
place that prints it: site, packs, certificates)."""

from django.conf import settings

STATEMENTS = {
    "en": settings.ELEARN_FUNDING["statement"],
    "de": "Das Projekt S3-4AlpClusters wurde mit finanzieller Unterstützung des Europäischen Fonds für regionale Entwicklung (EFRE) "
          "im Rahmen des Interreg-Alpenraumprogramms durchgeführt.",
    "fr": "Le projet S3-4AlpClusters a été mis en œuvre avec le soutien financier du Fonds européen de développement régional (FEDER) "
          "dans le cadre du programme Interreg Espace Alpin.",
    "it": "Il progetto S3-4AlpClusters è stato realizzato con il contributo finanziario del Fondo europeo di sviluppo regionale (FESR) "
          "nell'ambito del programma Interreg Spazio Alpino.",
    "sl": "Projekt S3-4AlpClusters je bil izveden s finančno pomočjo Evropskega sklada za regionalni razvoj (ESRR) "
          "v okviru programa Interreg Območje Alp.",
}
ACRONYMS = {"en": "ERDF", "de": "EFRE", "fr": "FEDER", "it": "FESR", "sl": "ESRR"}
