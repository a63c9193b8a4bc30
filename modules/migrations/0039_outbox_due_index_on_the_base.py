"""The index of the sender's query (status, next try) is declared once, on OutboxRow, for every outbox:
the two existing indexes only take the names Django gives an index declared on an abstract base."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('modules', '0038_job_one_backup_at_a_time'),
    ]

    operations = [
        migrations.RenameIndex(
            model_name='ltiscore',
            new_name='modules_ltiscore_due',
            old_name='lti_score_due',
        ),
        migrations.RenameIndex(
            model_name='outboxstatement',
            new_name='modules_outboxstatement_due',
            old_name='outbox_due',
        ),
    ]
