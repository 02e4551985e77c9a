"""The import's bulk writes (COPY on PostgreSQL, bulk_create on SQLite) store exactly what
Django and django-simple-history would store. The suite runs on both databases in CI."""

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from projects.models import Project
from spreadsheets import bulk


def _new_project(department, title, **values):
    return Project(department=department, title=title, **values)


def _record_values(record):
    return {f.attname: getattr(record, f.attname) for f in record.tracked_fields}


@pytest.mark.django_db
def test_create_sets_keys_and_dates_and_stores_every_value(kultur, rds_user):
    unit = kultur.units.first()
    projects = [
        _new_project(
            kultur,
            "Digitale Ausleihe",
            budget=Decimal("12500.50"),
            lead_unit=unit,
            confidential=True,
            progress=40,
            created_by=rds_user,
        ),
        _new_project(kultur, "Offene Daten „Kultur“ <b>", status=Project.Status.PLANNING),
    ]
    bulk.create(Project, projects)

    assert all(project.pk for project in projects)
    assert projects[0].pk != projects[1].pk
    assert all(project.created_at and project.updated_at for project in projects)
    stored = Project.objects.get(pk=projects[0].pk)
    assert model_to_dict(stored) == model_to_dict(projects[0])
    assert stored.budget == Decimal("12500.50")
    assert stored.lead_unit == unit
    assert Project.objects.get(pk=projects[1].pk).title == "Offene Daten „Kultur“ <b>"
    # The table's own numbering goes on after the keys the import took.
    later = Project.objects.create(department=kultur, title="Danach angelegt")
    assert later.pk > max(project.pk for project in projects)


@pytest.mark.django_db
def test_history_records_are_those_simple_history_writes(kultur, rds_user):
    ours, theirs = _new_project(kultur, "Ours", progress=10), _new_project(kultur, "Theirs")
    bulk.create(Project, [ours, theirs])
    now = timezone.now()

    records = bulk.create_history(
        Project, [ours], update=False, user=rds_user, reason="Import von a.xlsx", date=now
    )
    Project.history.bulk_history_create(
        [theirs], default_user=rds_user, default_change_reason="Import von a.xlsx", default_date=now
    )

    record = Project.history.model.objects.get(history_id=records[ours.pk])
    reference = Project.history.model.objects.get(id=theirs.pk)
    for name in ("history_type", "history_user_id", "history_change_reason", "history_date"):
        assert getattr(record, name) == getattr(reference, name)
    values = _record_values(record)
    assert values.pop("id") == ours.pk
    assert values.pop("title") == "Ours"
    assert values.pop("progress") == 10
    expected = _record_values(reference)
    for name in ("id", "title", "progress"):
        expected.pop(name)
    assert values == expected


@pytest.mark.django_db
def test_changed_objects_get_a_change_record(kultur_project, rds_user):
    kultur_project.title = "Neu benannt"
    kultur_project.save()
    records = bulk.create_history(
        Project, [kultur_project], update=True, user=rds_user, reason="", date=timezone.now()
    )
    record = Project.history.model.objects.get(history_id=records[kultur_project.pk])
    assert (record.history_type, record.title) == ("~", "Neu benannt")


@pytest.mark.django_db
def test_insert_writes_link_rows(kultur, kultur_project):
    through = Project.participating_units.through
    units = list(kultur.units.all())
    bulk.insert(
        through, ["project_id", "orgunit_id"], [(kultur_project.pk, unit.pk) for unit in units]
    )
    assert set(kultur_project.participating_units.all()) == set(units)
