from django.db import migrations, models


def copy_module_titles(apps, schema_editor):
    """Releases cut before this field existed: take each module's title from the release's manifest."""
    ReleaseFile = apps.get_model("modules", "ReleaseFile")
    KitRelease = apps.get_model("modules", "KitRelease")
    for release in KitRelease.objects.filter(files__module_key__isnull=False).distinct().iterator():
        titles = {str(module.get("id")): module.get("title", "") for module in release.manifest.get("modules", [])}
        files = list(ReleaseFile.objects.filter(release=release, module_key__isnull=False))
        for item in files:
            item.module_title = titles.get(str(item.module_key), "")[:255]
        ReleaseFile.objects.bulk_update(files, ["module_title"])


class Migration(migrations.Migration):

    dependencies = [
        ("modules", "0017_question_editor_defaults"),
    ]

    operations = [
        migrations.AddField(
            model_name="releasefile",
            name="module_title",
            field=models.CharField(blank=True, max_length=255),
        ),
        migrations.RunPython(copy_module_titles, migrations.RunPython.noop),
    ]
