from django.db import migrations

AREAS = [
    ("smart-technologies", "Smart technologies"),
    ("creative-industries", "Creative industries"),
    ("eco-innovation", "Eco-innovation"),
    ("digitalisation", "Digitalisation"),
    ("circular-economy", "Circular economy"),
]


def seed(apps, schema_editor):
    ThematicArea = apps.get_model("modules.ThematicArea")
    for slug, name in AREAS:
        ThematicArea.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("modules", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
