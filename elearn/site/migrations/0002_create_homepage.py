"""Replace Wagtail's placeholder welcome page with our HomePage as the default site's root."""

from django.db import migrations

INTRO = (
    "<p>Training kits from the Interreg Alpine Space project <b>S3-4AlpClusters</b> on smart specialisation "
    "strategies (S3), clusters and the quadruple helix. Read the lessons, take the graded quizzes, follow your "
    "progress and earn a certificate. Regions that did not take part are welcome to reuse the material.</p>"
)


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("site.HomePage")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="site")
    locale = Locale.objects.first()
    root = Page.objects.get(depth=1)
    homepage = HomePage.objects.create(
        title="S3-4AlpClusters training kits", draft_title="S3-4AlpClusters training kits", slug="home",
        content_type=content_type, path=root.path + "0002", depth=2, numchild=0, url_path="/home/",
        live=True, intro=INTRO, locale=locale,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(hostname="localhost", root_page=homepage, is_default_site=True, site_name="elearn · S3-4AlpClusters")


def remove_homepage(apps, schema_editor):
    apps.get_model("site.HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("site", "0001_initial"),
    ]
    operations = [migrations.RunPython(create_homepage, remove_homepage)]
