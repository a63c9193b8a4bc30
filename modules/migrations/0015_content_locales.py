"""One Wagtail Locale per content language (English exists from Wagtail's own migration), so a
trainer can translate a page into any of them without first creating the locale by hand."""

from django.db import migrations

LANGUAGES = ["en", "de", "fr", "it", "sl"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0014_releasefile_cmi5"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
