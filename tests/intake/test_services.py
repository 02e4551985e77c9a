"""The intake's rules as the services enforce them: frozen versions, the steps and who may
take them, answers that never overwrite each other, projects written once."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from intake import answers, services
from intake.models import (
    DepartmentIntake,
    Event,
    FrozenVersionError,
    Question,
    QuestionnaireVersion,
    Response,
)
from projects.models import Project
from tests.factories import ProjectFactory
from tests.intake.conftest import fill_in

pytestmark = pytest.mark.django_db


# --- versions --------------------------------------------------------------------------


def test_the_standard_questionnaire_ships_published_with_every_question_type(standard_version):
    kinds = set(standard_version.questions.values_list("kind", flat=True))
    assert kinds == set(Question.Kind.values)
    assert standard_version.is_published
    assert standard_version.questions.filter(condition_key="bedarfe-bereiche").exists()


def test_a_published_version_refuses_every_change(standard_version, rds_user):
    question = standard_version.questions.first()
    section = standard_version.sections.first()
    with pytest.raises(ValidationError):
        services.question_save(actor=rds_user, section=section, question=question, text="Neu")
    with pytest.raises(ValidationError):
        services.section_save(actor=rds_user, version=standard_version, title="Neu")
    with pytest.raises(ValidationError):
        services.version_update(
            actor=rds_user, version=standard_version, introduction="x", change_note=""
        )
    # Also past the services: the models refuse.
    question.text = "Neu"
    with pytest.raises(FrozenVersionError):
        question.save()
    with pytest.raises(FrozenVersionError):
        section.delete()
    standard_version.introduction = "anders"
    with pytest.raises(FrozenVersionError):
        standard_version.save()
    question.refresh_from_db()
    assert question.text != "Neu"


def test_a_new_draft_copies_the_questions_with_their_keys(standard_version, rds_user):
    draft = services.draft_start(actor=rds_user, version=standard_version)
    assert draft.number == 2
    assert draft.is_draft
    assert draft.based_on == standard_version
    assert list(draft.questions.values_list("key", flat=True).order_by("key")) == list(
        standard_version.questions.values_list("key", flat=True).order_by("key")
    )
    with pytest.raises(ValidationError):
        services.draft_start(actor=rds_user, version=standard_version)  # one draft at a time
    section = draft.sections.first()
    services.question_save(
        actor=rds_user,
        section=section,
        key="neu",
        kind=Question.Kind.SHORT_TEXT,
        text="Eine neue Frage",
    )
    services.version_publish(actor=rds_user, version=draft)
    draft.refresh_from_db()
    assert draft.is_published
    assert not standard_version.questions.filter(key="neu").exists()


def test_a_round_keeps_its_version_when_a_new_one_is_published(intake_round, rds_user):
    first = intake_round.version
    draft = services.draft_start(actor=rds_user, version=first)
    services.version_publish(actor=rds_user, version=draft)
    intake_round.refresh_from_db()
    assert intake_round.version == first


def test_only_the_central_unit_edits_questionnaires(standard_version, coordinator):
    with pytest.raises(PermissionDenied):
        services.draft_start(actor=coordinator, version=standard_version)


def test_a_choice_needs_options_and_a_condition_a_real_question(standard_version, rds_user):
    draft = services.draft_start(actor=rds_user, version=standard_version)
    section = draft.sections.first()
    with pytest.raises(ValidationError) as error:
        services.question_save(
            actor=rds_user,
            section=section,
            key="auswahl",
            kind=Question.Kind.SINGLE_CHOICE,
            text="?",
            options=[{"key": "a", "label": "A"}],
        )
    assert "options" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.question_save(
            actor=rds_user,
            section=section,
            key="bedingt",
            kind=Question.Kind.SHORT_TEXT,
            text="?",
            condition_key="online-leistungen",
            condition_value="vielleicht",
        )
    assert "condition_value" in error.value.message_dict


def test_a_draft_without_questions_is_not_published(rds_user):
    version = services.questionnaire_create(actor=rds_user, title="Leer")
    with pytest.raises(ValidationError):
        services.version_publish(actor=rds_user, version=version)
    assert QuestionnaireVersion.objects.get(pk=version.pk).is_draft


# --- rounds ----------------------------------------------------------------------------


def test_every_office_gets_one_response(intake_round, kultur, soziales):
    assert intake_round.intakes.count() == 2
    assert Response.objects.filter(intake__round=intake_round).count() == 4
    response = Response.objects.filter(intake__round=intake_round).first()
    assert response.state == Response.State.NOT_STARTED
    assert response.required_total == 9  # qualifizierung only when Kompetenzen is chosen


def test_a_round_needs_a_published_version(rds_user, kultur):
    draft = services.questionnaire_create(actor=rds_user, title="Entwurf")
    with pytest.raises(ValidationError):
        services.round_open(
            actor=rds_user,
            title="x",
            version=draft,
            deadline=timezone.localdate(),
            departments=[kultur],
        )


# --- filling in ------------------------------------------------------------------------


def _save(response, actor, values, *, loaded=None, version=None):
    return services.response_save(
        actor=actor,
        response=response,
        version=response.version if version is None else version,
        values=values,
        loaded=loaded if loaded is not None else {key: answers.fingerprint(None) for key in values},
    )


def test_saving_starts_the_response_and_counts_what_is_complete(sozialamt_response, staff):
    response = _save(sozialamt_response, staff, {"aufgaben": "Wohngeld"})
    assert response.state == Response.State.IN_PROGRESS
    assert (response.required_answered, response.required_total) == (1, 9)
    assert Event.objects.filter(response=response, action=Event.Action.STARTED).count() == 1


def test_choosing_kompetenzen_adds_the_follow_up_question(sozialamt_response, staff):
    response = _save(sozialamt_response, staff, {"bedarfe-bereiche": ["kompetenzen"]})
    assert response.required_total == 9  # the follow-up is optional, but now shown
    questions = list(response.intake.round.version.questions.all())
    assert "qualifizierung" in answers.shown(questions, {"bedarfe-bereiche": ["kompetenzen"]})
    assert "qualifizierung" not in answers.shown(questions, {"bedarfe-bereiche": ["budget"]})


def test_two_editors_of_different_answers_both_keep_theirs(sozialamt_response, staff):
    opened = sozialamt_response.version
    _save(sozialamt_response, staff, {"aufgaben": "A"}, version=opened)
    # The second editor opened the form before the first saved; they changed another answer.
    response = _save(sozialamt_response, staff, {"bedarfe": "B", "aufgaben": None}, version=opened)
    values = dict(response.answers.values_list("key", "value"))
    assert values == {"aufgaben": "A", "bedarfe": "B"}


def test_two_editors_of_the_same_answer_get_a_conflict_and_nothing_is_lost(
    sozialamt_response, staff
):
    opened = sozialamt_response.version
    _save(sozialamt_response, staff, {"aufgaben": "Erste Fassung"}, version=opened)
    with pytest.raises(services.ResponseConflict) as conflict:
        _save(
            sozialamt_response,
            staff,
            {"aufgaben": "Zweite Fassung", "bedarfe": "B"},
            version=opened,
        )
    assert conflict.value.keys == ["aufgaben"]
    assert conflict.value.values["aufgaben"] == "Erste Fassung"
    response = Response.objects.get(pk=sozialamt_response.pk)
    assert dict(response.answers.values_list("key", "value")) == {"aufgaben": "Erste Fassung"}
    # Saved again knowingly (from the current version), the second wins.
    response = _save(
        response,
        staff,
        {"aufgaben": "Zweite Fassung", "bedarfe": "B"},
        loaded={"aufgaben": answers.fingerprint("Erste Fassung")},
    )
    assert dict(response.answers.values_list("key", "value"))["aufgaben"] == "Zweite Fassung"


def test_required_questions_are_checked_on_submit_not_on_save(sozialamt_response, staff):
    response = _save(sozialamt_response, staff, {"aufgaben": "A"})
    with pytest.raises(ValidationError) as error:
        services.response_submit(actor=staff, response=response)
    assert len(error.value.messages) == 8  # the required questions still open, by name
    assert Response.objects.get(pk=response.pk).state == Response.State.IN_PROGRESS
    response = fill_in(response, staff)
    assert response.is_complete
    response = services.response_submit(actor=staff, response=response)
    assert response.state == Response.State.SUBMITTED
    with pytest.raises(ValidationError):
        _save(response, staff, {"aufgaben": "später"})


def test_only_the_office_its_coordinator_and_rds_fill_in(
    sozialamt_response, staff, gesundheitsamt_staff, soziales_coordinator, rds_user, coordinator
):
    for allowed in (staff, soziales_coordinator, rds_user):
        _save(
            Response.objects.get(pk=sozialamt_response.pk), allowed, {"bedarfe": allowed.username}
        )
    for refused in (gesundheitsamt_staff, coordinator):
        with pytest.raises(PermissionDenied):
            _save(Response.objects.get(pk=sozialamt_response.pk), refused, {"bedarfe": "x"})


def test_a_contributing_partner_fills_in_only_a_shared_response(
    kultur_intake, partner_contributor, coordinator, partner
):
    response = kultur_intake.responses.first()
    with pytest.raises(PermissionDenied):
        _save(response, partner_contributor, {"aufgaben": "x"})
    services.response_share(actor=coordinator, response=response, shared=True)
    _save(Response.objects.get(pk=response.pk), partner_contributor, {"aufgaben": "x"})
    assert not Response.objects.visible_to(partner).exists()  # readers see none
    assert list(Response.objects.visible_to(partner_contributor)) == [response]


# --- projects from answers -------------------------------------------------------------


def test_a_listed_project_is_created_in_the_workspace_with_its_origin(sozialamt_response, staff):
    entry = services.entry_save(
        actor=staff,
        response=sozialamt_response,
        key="vorhaben",
        fields={"title": "Digitale Akte", "kind": "projekt", "status": "planung"},
    )
    project = entry.project
    assert project.department == sozialamt_response.intake.department
    assert project.lead_unit == sozialamt_response.unit
    assert "Status-quo-Erfassung" in project.history.latest().history_change_reason
    assert entry.snapshot["title"] == "Digitale Akte"


def test_an_existing_project_is_matched_and_updated_not_duplicated(
    sozialamt_response, staff, soziales, soziales_office
):
    existing = ProjectFactory(department=soziales, lead_unit=soziales_office, title="E-Akte")
    matches = services.entry_matches(actor=staff, response=sozialamt_response, title="e-akte ")
    assert list(matches) == [existing]
    services.entry_save(
        actor=staff,
        response=sozialamt_response,
        key="vorhaben",
        project=existing,
        project_version=existing.version,
        fields={"title": "E-Akte", "status": "umsetzung", "financing": "finanziert"},
    )
    assert Project.objects.filter(department=soziales).count() == 1
    existing.refresh_from_db()
    assert existing.status == "umsetzung"
    with pytest.raises(ValidationError):  # the same project twice in the list
        services.entry_save(
            actor=staff,
            response=sozialamt_response,
            key="vorhaben",
            project=existing,
            project_version=existing.version,
            fields={},
        )


def test_a_new_project_with_a_taken_title_is_refused(sozialamt_response, staff, soziales):
    ProjectFactory(department=soziales, title="E-Akte")
    with pytest.raises(ValidationError):
        services.entry_save(
            actor=staff, response=sozialamt_response, key="vorhaben", fields={"title": "E-Akte"}
        )
    assert not sozialamt_response.project_entries.exists()


def test_another_departments_project_cannot_be_named(sozialamt_response, staff, kultur_project):
    with pytest.raises(ValidationError):
        services.entry_save(
            actor=staff,
            response=sozialamt_response,
            key="vorhaben",
            project=kultur_project,
            project_version=kultur_project.version,
            fields={},
        )


# --- the department's steps ------------------------------------------------------------


def _all_submitted(intake, actor):
    for index, response in enumerate(intake.responses.all()):
        response = fill_in(response, actor, project_title=f"Vorhaben {intake.pk}-{index}")
        services.response_submit(actor=actor, response=response)


def test_the_department_is_submitted_only_when_every_office_is_in(
    soziales_intake, soziales_coordinator, rds_user
):
    with pytest.raises(ValidationError):
        services.intake_submit(actor=soziales_coordinator, intake=soziales_intake)
    _all_submitted(soziales_intake, soziales_coordinator)
    intake = services.intake_submit(actor=soziales_coordinator, intake=soziales_intake)
    assert intake.state == DepartmentIntake.State.SUBMITTED


def test_the_review_goes_step_by_step_and_only_rds_takes_it(
    soziales_intake, soziales_coordinator, rds_user, staff
):
    _all_submitted(soziales_intake, soziales_coordinator)
    with pytest.raises(PermissionDenied):
        services.intake_submit(actor=staff, intake=soziales_intake)
    intake = services.intake_submit(actor=soziales_coordinator, intake=soziales_intake)
    with pytest.raises(ValidationError):  # no skipping the review
        services.intake_accept(actor=rds_user, intake=intake)
    with pytest.raises(PermissionDenied):
        services.intake_mark_reviewed(actor=soziales_coordinator, intake=intake)
    intake = services.intake_mark_reviewed(actor=rds_user, intake=intake)
    intake = services.intake_accept(actor=rds_user, intake=intake)
    assert intake.state == DepartmentIntake.State.ACCEPTED
    intake = services.intake_reopen(actor=rds_user, intake=intake, note="Nachtrag Gesundheitsamt")
    assert intake.state == DepartmentIntake.State.OPEN
    steps = list(intake.events.filter(response=None).values_list("action", flat=True))
    assert steps == ["eroeffnet", "eingereicht", "geprueft", "abgenommen", "wieder_geoeffnet"]
    assert intake.events.get(action="wieder_geoeffnet").note == "Nachtrag Gesundheitsamt"


def test_changes_requested_go_to_the_offices_with_open_comments(
    soziales_intake, soziales_coordinator, rds_user, sozialamt_response, staff
):
    _all_submitted(soziales_intake, soziales_coordinator)
    intake = services.intake_submit(actor=soziales_coordinator, intake=soziales_intake)
    thread = services.comment_start(
        actor=rds_user, response=sozialamt_response, key="bedarfe", body="Welche Stellen?"
    )
    with pytest.raises(PermissionDenied):  # only RDS starts a review comment
        services.comment_start(actor=staff, response=sozialamt_response, key="x", body="y")
    services.comment_reply(
        actor=staff, response=sozialamt_response, thread=thread, body="Zwei Stellen im Sachgebiet"
    )
    intake = services.intake_request_changes(actor=rds_user, intake=intake, note="Bitte ergänzen")
    states = dict(intake.responses.values_list("unit__name", "state"))
    assert states == {"Sozialamt": "aenderungen_erbeten", "Gesundheitsamt": "eingereicht"}
    response = Response.objects.get(pk=sozialamt_response.pk)
    _save(response, staff, {"bedarfe": "Zwei Stellen, eine davon befristet"})
    services.response_submit(actor=staff, response=Response.objects.get(pk=response.pk))
    services.comment_resolve(actor=rds_user, response=response, thread=thread)
    intake = services.intake_submit(actor=soziales_coordinator, intake=intake)
    assert intake.state == DepartmentIntake.State.SUBMITTED


def test_the_coordinator_reopens_an_office_before_the_department_submits(
    soziales_intake, soziales_coordinator, sozialamt_response, staff
):
    response = fill_in(sozialamt_response, staff)
    response = services.response_submit(actor=staff, response=response)
    with pytest.raises(PermissionDenied):
        services.response_reopen(actor=staff, response=response)
    response = services.response_reopen(actor=soziales_coordinator, response=response, note="x")
    assert response.state == Response.State.IN_PROGRESS


def test_leadership_reads_only_accepted_intakes(
    soziales_intake, soziales_coordinator, rds_user, leadership_user
):
    assert not DepartmentIntake.objects.visible_to(leadership_user).exists()
    _all_submitted(soziales_intake, soziales_coordinator)
    intake = services.intake_submit(actor=soziales_coordinator, intake=soziales_intake)
    services.intake_mark_reviewed(actor=rds_user, intake=intake)
    services.intake_accept(actor=rds_user, intake=intake)
    assert list(DepartmentIntake.objects.visible_to(leadership_user)) == [intake]
    assert Response.objects.visible_to(leadership_user).count() == 2
    assert not Response.objects.editable_by(leadership_user).exists()


def test_a_deadline_in_the_past_is_still_a_round(rds_user, standard_version, kultur):
    intake_round = services.round_open(
        actor=rds_user,
        title="Nachzügler",
        version=standard_version,
        deadline=timezone.localdate() - timedelta(days=1),
        departments=[kultur],
    )
    assert intake_round.intakes.get().responses.count() == 2
