"""Names of the strategy are unique in their agenda (goals: field) whatever their case; a later twin is numbered."""

import core.text
from django.db import migrations, models


def clean_guidingprinciple_titles(apps, schema_editor):
    from core.text import store_cleaned_names

    store_cleaned_names(
        apps.get_model("agenda", "GuidingPrinciple"), field="title", key="title_key", scope='agenda_id'
    )


def clean_fieldofaction_names(apps, schema_editor):
    from core.text import store_cleaned_names

    store_cleaned_names(
        apps.get_model("agenda", "FieldOfAction"), field="name", key="name_key", scope='agenda_id'
    )


def clean_goal_titles(apps, schema_editor):
    from core.text import store_cleaned_names

    store_cleaned_names(
        apps.get_model("agenda", "Goal"), field="title", key="title_key", scope='field_id'
    )


def clean_agendaproject_titles(apps, schema_editor):
    from core.text import store_cleaned_names

    store_cleaned_names(
        apps.get_model("agenda", "AgendaProject"), field="title", key="title_key", scope='agenda_id'
    )


class Migration(migrations.Migration):

    dependencies = [
        ('agenda', '0004_names_as_people_mean_them'),
        ('organisation', '0006_names_compared_whatever_their_case'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='agendaproject',
            name='agenda_project_title_unique_per_agenda',
        ),
        migrations.RemoveConstraint(
            model_name='fieldofaction',
            name='field_name_unique_per_agenda',
        ),
        migrations.RemoveConstraint(
            model_name='goal',
            name='goal_title_unique_per_field',
        ),
        migrations.RemoveConstraint(
            model_name='guidingprinciple',
            name='principle_title_unique_per_agenda',
        ),
        migrations.AddField(
            model_name='agendaproject',
            name='title_key',
            field=core.text.NameKeyField(max_length=300, source='title'),
        ),
        migrations.AddField(
            model_name='fieldofaction',
            name='name_key',
            field=core.text.NameKeyField(max_length=200, source='name'),
        ),
        migrations.AddField(
            model_name='goal',
            name='title_key',
            field=core.text.NameKeyField(max_length=300, source='title'),
        ),
        migrations.AddField(
            model_name='guidingprinciple',
            name='title_key',
            field=core.text.NameKeyField(max_length=200, source='title'),
        ),
        migrations.RunPython(clean_guidingprinciple_titles, migrations.RunPython.noop),
        migrations.RunPython(clean_fieldofaction_names, migrations.RunPython.noop),
        migrations.RunPython(clean_goal_titles, migrations.RunPython.noop),
        migrations.RunPython(clean_agendaproject_titles, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='agendaproject',
            constraint=models.UniqueConstraint(fields=('agenda', 'title_key'), name='agenda_project_title_unique_per_agenda', violation_error_code='duplicate_title', violation_error_message='The agenda has an agenda project with this title already (capitals and small letters count as the same).'),
        ),
        migrations.AddConstraint(
            model_name='fieldofaction',
            constraint=models.UniqueConstraint(fields=('agenda', 'name_key'), name='field_name_unique_per_agenda', violation_error_code='duplicate_name', violation_error_message='The agenda has a field of action of this name already (capitals and small letters count as the same).'),
        ),
        migrations.AddConstraint(
            model_name='goal',
            constraint=models.UniqueConstraint(fields=('field', 'title_key'), name='goal_title_unique_per_field', violation_error_code='duplicate_title', violation_error_message='The field of action has a goal with this title already (capitals and small letters count as the same).'),
        ),
        migrations.AddConstraint(
            model_name='guidingprinciple',
            constraint=models.UniqueConstraint(fields=('agenda', 'title_key'), name='principle_title_unique_per_agenda', violation_error_code='duplicate_title', violation_error_message='The agenda has a guiding principle with this title already (capitals and small letters count as the same).'),
        ),
    ]
