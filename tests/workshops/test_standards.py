"""The workshop templates' services: versions, the frozen published ones, the agenda, the
defaults that ship, and who may change them."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from tests.factories import DepartmentFactory
from workshops import standards
from workshops.models import (
    AgendaItem,
    FrozenTemplateError,
    Part,
    TemplateVersion,
    WorkshopTemplate,
    time_slots,
)
from workshops.services import cohort_create, current_template_versions

pytestmark = pytest.mark.django_db


def _titles(version):
    return list(version.agenda_items.order_by("position").values_list("title", flat=True))


# --- versions ------------------------------------------------------------------------------


def test_first_draft_of_a_part_without_template_is_empty(rds_user):
    draft = standards.template_draft_start(template=WorkshopTemplate(part=Part.TWO), actor=rds_user)
    assert draft.number == 1
    assert draft.is_draft
    assert draft.based_on is None
    assert draft.agenda_items.count() == 0
    assert WorkshopTemplate.objects.get(part=2) == draft.template


def test_draft_copies_the_newest_published_version_with_its_agenda(published_templates, draft):
    source = published_templates[1]
    assert draft.number == 2
    assert draft.based_on == source
    assert draft.title == source.title
    assert draft.guiding_questions == source.guiding_questions
    assert draft.change_note == ""
    assert _titles(draft) == _titles(source)
    assert set(draft.agenda_items.values_list("pk", flat=True)).isdisjoint(
        source.agenda_items.values_list("pk", flat=True)
    )


def test_a_template_has_one_draft_at_most(draft, rds_user):
    with pytest.raises(ValidationError):
        standards.template_draft_start(template=draft.template, actor=rds_user)
    duplicate = TemplateVersion(template=draft.template, number=9, title="Zweiter Entwurf")
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_publishing_freezes_the_draft_and_keeps_the_previous_version(
    published_templates, draft, rds_user
):
    previous = published_templates[1]
    before = (previous.title, previous.published_at, _titles(previous))
    standards.template_version_update(version=draft, actor=rds_user, title="Neu")
    published = standards.template_publish(version=draft, actor=rds_user, change_note="Neu")
    assert published.is_published
    assert published.published_by == rds_user
    assert published.published_at is not None
    previous.refresh_from_db()
    assert (previous.title, previous.published_at, _titles(previous)) == before
    assert previous.is_published
    assert current_template_versions()[1] == published


def test_publishing_needs_an_agenda_item(rds_user):
    draft = standards.template_draft_start(template=WorkshopTemplate(part=1), actor=rds_user)
    with pytest.raises(ValidationError):
        standards.template_publish(version=draft, actor=rds_user)
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_new_version_says_what_changed(draft, rds_user):
    with pytest.raises(ValidationError) as error:
        standards.template_publish(version=draft, actor=rds_user, change_note="  ")
    assert "change_note" in error.value.message_dict


def test_frozen_version_refuses_every_service(published_templates, rds_user):
    version = published_templates[1]
    item = version.agenda_items.first()
    for call in (
        lambda: standards.template_version_update(version=version, actor=rds_user, title="x"),
        lambda: standards.agenda_item_add(
            version=version, actor=rds_user, title="x", duration_minutes=10
        ),
        lambda: standards.agenda_item_update(item=item, actor=rds_user, title="x"),
        lambda: standards.agenda_item_delete(item=item, actor=rds_user),
        lambda: standards.agenda_item_move(item=item, actor=rds_user, up=False),
        lambda: standards.template_publish(version=version, actor=rds_user, change_note="x"),
        lambda: standards.template_draft_discard(version=version, actor=rds_user),
    ):
        with pytest.raises(FrozenTemplateError):
            call()
    version.refresh_from_db()
    assert version.title == "Vorlage 1"
    assert _titles(version) == ["Begrüßung", "Arbeitsphase", "Abschluss"]


def test_frozen_version_refuses_model_save_and_delete(published_templates, draft):
    version = published_templates[1]
    version.title = "Am Service vorbei"
    with pytest.raises(FrozenTemplateError):
        version.save()
    with pytest.raises(FrozenTemplateError):
        TemplateVersion.objects.get(pk=version.pk).delete()
    item = version.agenda_items.first()
    item.duration_minutes = 60
    with pytest.raises(FrozenTemplateError):
        item.save()
    with pytest.raises(FrozenTemplateError):
        item.delete()
    with pytest.raises(FrozenTemplateError):
        AgendaItem.objects.create(version=version, position=9, title="x", duration_minutes=10)
    moved = version.agenda_items.first()
    moved.version = draft  # taking an item out of a published version changes it too
    with pytest.raises(FrozenTemplateError):
        moved.save()
    assert version.agenda_items.count() == 3


def test_a_stale_copy_of_a_draft_published_meanwhile_is_refused(draft, rds_user):
    stale = TemplateVersion.objects.get(pk=draft.pk)
    standards.template_publish(version=draft, actor=rds_user, change_note="Neu")
    with pytest.raises(FrozenTemplateError):
        standards.template_version_update(version=stale, actor=rds_user, title="x")


def test_draft_discard_deletes_only_the_draft(published_templates, draft, rds_user):
    template = standards.template_draft_discard(version=draft, actor=rds_user)
    assert list(template.versions.all()) == [published_templates[1]]
    assert published_templates[1].agenda_items.count() == 3


def test_version_update_refuses_fields_it_does_not_own(draft, rds_user):
    with pytest.raises(ValidationError):
        standards.template_version_update(version=draft, actor=rds_user, state="veroeffentlicht")
    draft.refresh_from_db()
    assert draft.is_draft


# --- the agenda ----------------------------------------------------------------------------


def test_agenda_items_are_added_at_the_end_moved_and_deleted(draft, rds_user):
    item = standards.agenda_item_add(
        version=draft, actor=rds_user, title="Pause", duration_minutes=15, method=""
    )
    assert _titles(draft)[-1] == "Pause"
    standards.agenda_item_move(item=item, actor=rds_user, up=True)
    assert _titles(draft) == ["Begrüßung", "Arbeitsphase", "Pause", "Abschluss"]
    first = draft.agenda_items.get(title="Begrüßung")
    standards.agenda_item_move(item=first, actor=rds_user, up=True)  # stays first
    assert _titles(draft)[0] == "Begrüßung"
    standards.agenda_item_delete(item=first, actor=rds_user)
    assert list(draft.agenda_items.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]


@pytest.mark.parametrize("minutes", [0, 4, 481])
def test_agenda_item_duration_is_between_5_and_480_minutes(draft, rds_user, minutes):
    with pytest.raises(ValidationError):
        standards.agenda_item_add(
            version=draft, actor=rds_user, title="Zu kurz oder zu lang", duration_minutes=minutes
        )


def test_time_slots_follow_the_durations_from_the_start(published_templates):
    items = list(published_templates[1].agenda_items.all())
    slots = time_slots(items, datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    assert [(begins.strftime("%H:%M"), ends.strftime("%H:%M")) for _, begins, ends in slots] == [
        ("09:00", "09:30"),
        ("09:30", "10:15"),
        ("10:15", "10:30"),
    ]
    assert published_templates[1].total_minutes == 90


def test_duration_label():
    assert standards.duration_label(45) == "45 Min."
    assert standards.duration_label(120) == "2 Std."
    assert standards.duration_label(190) == "3 Std. 10 Min."


# --- rights --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "staff", "partner", "leadership_user", "outsider"])
def test_only_the_central_unit_changes_templates(request, role, published_templates, draft):
    user = request.getfixturevalue(role)
    item = draft.agenda_items.first()
    for call in (
        lambda: standards.template_draft_start(template=WorkshopTemplate(part=2), actor=user),
        lambda: standards.template_version_update(version=draft, actor=user, title="x"),
        lambda: standards.agenda_item_add(
            version=draft, actor=user, title="x", duration_minutes=10
        ),
        lambda: standards.agenda_item_update(item=item, actor=user, title="x"),
        lambda: standards.agenda_item_delete(item=item, actor=user),
        lambda: standards.agenda_item_move(item=item, actor=user, up=False),
        lambda: standards.template_publish(version=draft, actor=user, change_note="x"),
        lambda: standards.template_draft_discard(version=draft, actor=user),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert TemplateVersion.objects.count() == 4


# --- the defaults --------------------------------------------------------------------------


def test_defaults_load_three_published_versions(db):
    done = standards.load_default_templates()
    assert [loaded for _, loaded in done] == [True, True, True]
    versions = TemplateVersion.objects.order_by("template__part")
    assert [v.template.part for v in versions] == [1, 2, 3]
    assert all(v.is_published and v.number == 1 for v in versions)
    assert versions[0].title == "Bestandsaufnahme und Einordnung in die Agenda"
    assert versions[1].title == "Synergien, Bedarfe und Lücken"
    assert versions[2].title == "Priorisierung und Übergabe in den Arbeitsraum"
    for version in versions:
        assert 5 <= version.agenda_items.count() <= 8
        assert 180 <= version.total_minutes <= 240
        assert version.goal
        assert version.methods
        assert version.expected_results
        assert len(version.question_lines) >= 3
        assert version.materials


def test_defaults_load_is_idempotent_and_leaves_edited_templates_alone(rds_user):
    standards.load_default_templates()
    draft = standards.template_draft_start(
        template=WorkshopTemplate.objects.get(part=1), actor=rds_user
    )
    done = standards.load_default_templates()
    assert [loaded for _, loaded in done] == [False, False, False]
    assert TemplateVersion.objects.count() == 4
    assert draft.template.versions.count() == 2


def test_defaults_fill_in_only_parts_without_versions(rds_user):
    standards.template_draft_start(template=WorkshopTemplate(part=2), actor=rds_user)
    done = standards.load_default_templates()
    assert [(template.part, loaded) for template, loaded in done] == [
        (1, True),
        (2, False),
        (3, True),
    ]


def test_load_workshop_templates_command_says_what_it_did(db, capsys):
    call_command("load_workshop_templates")
    call_command("load_workshop_templates")
    out = capsys.readouterr().out
    assert out.count("geladen") == 3
    assert out.count("nichts geändert") == 3


# --- cohorts keep their version ------------------------------------------------------------


def test_a_cohort_planned_before_a_new_version_keeps_the_old_one(published_templates, rds_user):
    departments = [DepartmentFactory(), DepartmentFactory()]
    before = cohort_create(actor=rds_user, number=7, departments=departments)
    old = published_templates[1]
    draft = standards.template_draft_start(template=old.template, actor=rds_user)
    standards.template_version_update(version=draft, actor=rds_user, title="Teil 1, neu")
    new = standards.template_publish(version=draft, actor=rds_user, change_note="Neu")
    after = cohort_create(actor=rds_user, number=8, departments=departments)
    assert {w.template_version for w in before.workshops.filter(part=1)} == {old}
    assert {w.template_version for w in after.workshops.filter(part=1)} == {new}
    assert before.workshops.count() == 6
    old.refresh_from_db()
    assert old.title == "Vorlage 1"
    assert old.agenda_items.count() == 3


def test_a_version_used_by_workshops_cannot_be_deleted(published_templates, rds_user):
    cohort_create(actor=rds_user, number=7, departments=[DepartmentFactory()])
    with pytest.raises(FrozenTemplateError):
        published_templates[1].delete()
