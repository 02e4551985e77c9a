"""Department names are unique whatever their case; a later twin is numbered (see core.text)."""

import core.text
from django.db import migrations, models


def clean_department_names(apps, schema_editor):
    from core.text import store_cleaned_names

    store_cleaned_names(
        apps.get_model("organisation", "Department"), field="name", key="name_key", scope=None
    )


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0005_names_as_people_mean_them'),
    ]

    operations = [
        migrations.AddField(
            model_name='department',
            name='name_key',
            field=core.text.NameKeyField(max_length=200, source='name'),
        ),
        migrations.AlterField(
            model_name='department',
            name='name',
            field=core.text.NameField(max_length=200, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='historicaldepartment',
            name='name',
            field=core.text.NameField(max_length=200, verbose_name='name'),
        ),
        migrations.RunPython(clean_department_names, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='department',
            constraint=models.UniqueConstraint(fields=('name_key',), name='department_name_unique', violation_error_code='duplicate_name', violation_error_message='There is a department of this name already (capitals and small letters count as the same).'),
        ),
    ]
