"""Set up the staff roles and the "Kit review" workflow, so `manage.py migrate` alone is enough.

Calls the same idempotent functions as `manage.py setup_roles` and `setup_demo`. Permission rows are
created by post_migrate, i.e. after this migration on a fresh database, so the permissions of the
apps the roles use are created here first."""

from django.db import migrations

ROLE_APPS = ["wagtailadmin", "wagtailcore", "wagtailimages", "wagtaildocs", "modules"]


def set_up_roles(apps, schema_editor):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    for label in ROLE_APPS:
        create_permissions(global_apps.get_app_config(label), verbosity=0, apps=apps, using=schema_editor.connection.alias)

    from modules.roles import ensure_roles

    ensure_roles()


class Migration(migrations.Migration):

    dependencies = [
        ("modules", "0008_lesson_h5p_block"),
        ("site", "0002_create_homepage"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(set_up_roles, migrations.RunPython.noop)]
