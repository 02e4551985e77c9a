"""A status update remembers the progress it replaced, for when every report is withdrawn."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0007_status_update_withdrawal'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalstatusupdate',
            name='progress_before',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='progress before (%)'),
        ),
        migrations.AddField(
            model_name='statusupdate',
            name='progress_before',
            field=models.PositiveSmallIntegerField(blank=True, editable=False, null=True, verbose_name='progress before (%)'),
        ),
    ]
