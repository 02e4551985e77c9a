"""Invitations are for the two partner roles only, checked by the database."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('organisation', '0003_history_and_partner_scope'),
        ('projects', '0005_search_trigram_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='invitation',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', ['partner_lesen', 'partner_mitarbeit'])), name='invitation_role_is_a_partner_role'),
        ),
    ]
