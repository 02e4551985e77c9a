"""A status update can be withdrawn (who, when, why) instead of being deleted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0006_names_as_people_mean_them'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalstatusupdate',
            name='withdrawal_reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='reason for withdrawal'),
        ),
        migrations.AddField(
            model_name='historicalstatusupdate',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at'),
        ),
        migrations.AddField(
            model_name='historicalstatusupdate',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='withdrawn by'),
        ),
        migrations.AddField(
            model_name='statusupdate',
            name='withdrawal_reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='reason for withdrawal'),
        ),
        migrations.AddField(
            model_name='statusupdate',
            name='withdrawn_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='withdrawn at'),
        ),
        migrations.AddField(
            model_name='statusupdate',
            name='withdrawn_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='withdrawn by'),
        ),
    ]
