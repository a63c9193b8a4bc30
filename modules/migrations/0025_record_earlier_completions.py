"""Completion records for what learners completed before records existed (docs/design.md §9).

For every learner: each module whose live lessons are all done and whose quiz is passed gets its
module record, each live kit whose modules are all complete its kit record (with the kit's highest
release), and each certificate already issued a kit record too (a certificate proves the kit was
completed, even if content published since would now say otherwise) and the release current when
it was issued. Reads the same structure the site does: the source-language pages, a module's live
lessons and its first live quiz in tree order, a kit's module links. Reversing removes the records."""

from collections import defaultdict

from django.conf import settings
from django.db import migrations
from django.utils import timezone


def _release_at(KitRelease, kit_key, when=None):
    releases = KitRelease.objects.filter(kit_key=kit_key).defer("manifest")
    if when is not None:
        releases = releases.filter(created_at__lte=when)
    return releases.order_by("-major", "-minor", "-patch").first()


def _module_contents(ModulePage, LessonPage, QuizPage):
    """{module key: [item keys that complete it]} for the live source-language modules."""
    contents = {}
    for module in ModulePage.objects.filter(live=True, locale__language_code=settings.LANGUAGE_CODE):
        children = {"path__startswith": module.path, "depth": module.depth + 1, "live": True}
        lessons = list(LessonPage.objects.filter(**children).order_by("path").values_list("translation_key", flat=True))
        quiz = QuizPage.objects.filter(**children).order_by("path").values_list("translation_key", flat=True).first()
        keys = lessons + ([quiz] if quiz else [])
        if keys:
            contents[module.translation_key] = (module, keys)
    return contents


def record(apps, schema_editor):
    ItemProgress = apps.get_model("modules", "ItemProgress")
    Certificate = apps.get_model("modules", "Certificate")
    KitRelease = apps.get_model("modules", "KitRelease")
    KitPage = apps.get_model("modules", "KitPage")
    KitModule = apps.get_model("modules", "KitModule")
    ModulePage = apps.get_model("modules", "ModulePage")
    LessonPage = apps.get_model("modules", "LessonPage")
    QuizPage = apps.get_model("modules", "QuizPage")

    modules = _module_contents(ModulePage, LessonPage, QuizPage)
    kits = {}
    for kit in KitPage.objects.filter(live=True, locale__language_code=settings.LANGUAGE_CODE):
        module_keys = list(KitModule.objects.filter(page=kit, module__live=True).order_by("sort_order").values_list("module__translation_key", flat=True))
        kits[kit.translation_key] = (kit, module_keys)

    done, when = defaultdict(set), {}
    rows = ItemProgress.objects.filter(kind__in=["lesson", "quiz", "h5p"]).values_list("user_id", "item_key", "kind", "completed_at", "passed")
    for user_id, item_key, kind, completed_at, passed in rows.iterator():
        if (passed if kind in ("quiz", "h5p") else completed_at is not None):
            done[user_id].add(item_key)
            if completed_at is not None:
                when[(user_id, item_key)] = completed_at
    certificates = defaultdict(dict)
    for certificate in Certificate.objects.all():
        certificates[certificate.user_id][certificate.kit_key] = certificate
    existing = set(ItemProgress.objects.filter(kind__in=["module", "kit"]).values_list("user_id", "item_key"))

    new_rows = []
    for user_id in set(done) | set(certificates):
        complete = {}
        for module_key, (module, keys) in modules.items():
            if all(key in done[user_id] for key in keys):
                finished = max((when[(user_id, key)] for key in keys if (user_id, key) in when), default=None)
                complete[module_key] = finished
                if (user_id, module_key) not in existing:
                    new_rows.append(ItemProgress(user_id=user_id, item_key=module_key, kind="module", completed_at=finished,
                                                 revision_id=module.live_revision_id, contents=[str(key) for key in keys]))
        for kit_key, (kit, module_keys) in kits.items():
            certificate = certificates[user_id].get(kit_key)
            if (user_id, kit_key) in existing or not (certificate or (module_keys and all(key in complete for key in module_keys))):
                continue
            finished = certificate.issued_at if certificate else max((complete[key] for key in module_keys if complete[key]), default=None)
            new_rows.append(ItemProgress(user_id=user_id, item_key=kit_key, kind="kit", completed_at=finished,
                                         release=_release_at(KitRelease, kit_key, finished), revision_id=kit.live_revision_id,
                                         contents=[str(key) for key in module_keys]))
    # A record without a time would read as not complete: fall back to now for those.
    now = timezone.now()
    for row in new_rows:
        row.completed_at = row.completed_at or now
    ItemProgress.objects.bulk_create(new_rows, batch_size=500, ignore_conflicts=True)

    for certificate in Certificate.objects.filter(release__isnull=True):
        release = _release_at(KitRelease, certificate.kit_key, certificate.issued_at)
        if release is not None:
            Certificate.objects.filter(pk=certificate.pk).update(release=release, release_version=release.version)


def forget(apps, schema_editor):
    apps.get_model("modules", "ItemProgress").objects.filter(kind__in=["module", "kit"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0024_completion_records"),
    ]

    operations = [migrations.RunPython(record, forget)]
