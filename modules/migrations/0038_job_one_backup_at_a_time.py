"""One backup at a time, held by the database: a partial unique index on Job (models.Job.Meta).

A site that had two backups queued or running at once (the plain check before this lock could let two
requests through) keeps the one that runs, or else the oldest, and fails the others with a message, so
the index can be built."""

from django.db import migrations, models
from django.utils import timezone, translation
from django.utils.translation import gettext


def fail_extra_backups(apps, schema_editor):
    Job = apps.get_model("modules", "Job")
    active = list(Job.objects.filter(kind="backup", status__in=["queued", "running"]).order_by("created_at").only("id", "status", "language"))
    if len(active) < 2:
        return
    kept = next((job for job in active if job.status == "running"), active[0])
    for job in active:
        if job.pk != kept.pk:
            with translation.override(job.language or "en"):
                error = gettext("This backup was not made: another one was queued or running at the same time, and only one runs at a "
                                "time. Start it again if you still need it.")
            Job.objects.filter(pk=job.pk).update(status="failed", error=error, finished_at=timezone.now())


class Migration(migrations.Migration):

    dependencies = [
        ('modules', '0037_job_kind_backup'),
    ]

    operations = [
        migrations.RunPython(fail_extra_backups, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='job',
            constraint=models.UniqueConstraint(condition=models.Q(('kind', 'backup'), ('status__in', ['queued', 'running'])), fields=('kind',), name='job_one_backup_at_a_time'),
        ),
    ]
