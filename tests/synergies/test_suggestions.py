"""Suggestions: computed for all projects or the changed ones, stored with their reasons,
never for a pair that is linked or was dismissed, and shown only where the viewer may see the
other project."""

import pytest

from spreadsheets.services import run_file
from synergies import selectors, services, suggestions
from synergies.models import Computation, PendingProject, Suggestion
from tests.factories import ProjectFactory


def pairs():
    return set(Suggestion.objects.values_list("project_id", "other_id"))


def test_similar_projects_of_other_offices_are_suggested_with_their_reasons(
    kultur_funding, soziales_funding, soziales_library, agenda
):
    goal = agenda.fields.first().goals.first()
    kultur_funding.goals.add(goal)
    soziales_funding.goals.add(goal)
    computation = suggestions.recompute_all()
    assert (kultur_funding.pk, soziales_funding.pk) in pairs()
    assert (soziales_funding.pk, kultur_funding.pk) in pairs()
    suggestion = Suggestion.objects.get(project=kultur_funding, other=soziales_funding)
    assert suggestion.reasons["goals"] == [goal.title]
    assert "Förderportal" in " ".join(suggestion.reasons["terms"]) or any(
        word.startswith("Förder") for word in suggestion.reasons["terms"]
    )
    assert computation.projects == 3
    assert computation.suggestions == Suggestion.objects.count()


def test_projects_of_the_same_office_are_not_suggested_to_each_other(kultur, kultur_office):
    a = ProjectFactory(department=kultur, lead_unit=kultur_office, title="Förderportal Kultur")
    b = ProjectFactory(department=kultur, lead_unit=kultur_office, title="Förderportal Kultur 2")
    suggestions.recompute_all()
    assert (a.pk, b.pk) not in pairs()


def test_archived_projects_are_not_suggested(kultur_funding, soziales_funding, rds_user):
    from projects.services import project_archive

    project_archive(project=soziales_funding, actor=rds_user)
    suggestions.recompute_all()
    assert not Suggestion.objects.filter(other=soziales_funding).exists()
    assert not Suggestion.objects.filter(project=soziales_funding).exists()


def test_a_dismissed_pair_never_comes_back_from_either_side(
    kultur_funding, soziales_funding, coordinator
):
    suggestions.recompute_all()
    services.suggestion_dismiss(actor=coordinator, project=kultur_funding, other=soziales_funding)
    assert (
        not {(kultur_funding.pk, soziales_funding.pk), (soziales_funding.pk, kultur_funding.pk)}
        & pairs()
    )
    suggestions.recompute_all()
    suggestions.refresh([kultur_funding.pk, soziales_funding.pk])
    assert (
        not {(kultur_funding.pk, soziales_funding.pk), (soziales_funding.pk, kultur_funding.pk)}
        & pairs()
    )


def test_an_accepted_suggestion_becomes_a_proposed_synergy_and_leaves_the_list(
    kultur_funding, soziales_funding, coordinator
):
    suggestions.recompute_all()
    score = Suggestion.objects.get(project=kultur_funding, other=soziales_funding).score
    link = services.suggestion_accept(
        actor=coordinator, project=kultur_funding, other=soziales_funding, kind="nachnutzung"
    )
    assert (link.status, link.from_suggestion, link.score) == ("vorgeschlagen", True, score)
    suggestions.recompute_all()
    assert not Suggestion.objects.filter(
        project__in=[kultur_funding, soziales_funding], other__in=[kultur_funding, soziales_funding]
    ).exists()


def test_staff_of_another_department_cannot_act_on_a_projects_suggestions(
    kultur_funding, soziales_funding, staff, partner
):
    from django.core.exceptions import PermissionDenied

    suggestions.recompute_all()
    for actor in (staff, partner):
        with pytest.raises(PermissionDenied):
            services.suggestion_dismiss(actor=actor, project=kultur_funding, other=soziales_funding)
    assert Suggestion.objects.filter(project=kultur_funding).exists()


def test_a_suggestion_never_names_a_project_the_viewer_may_not_see(
    kultur, kultur_office, soziales_funding, staff, coordinator, partner, leadership_user
):
    secret = ProjectFactory(
        department=kultur, lead_unit=kultur_office, confidential=True,
        title="Förderanträge für soziale Träger online stellen (vertraulich)",
    )  # fmt: skip
    suggestions.recompute_all()
    assert Suggestion.objects.filter(project=soziales_funding, other=secret).exists()
    # Soziales staff and leadership do not see Kultur's confidential project.
    for viewer in (staff, leadership_user):
        shown = selectors.suggestions_for(user=viewer, project=soziales_funding)
        assert secret not in [s.other for s in shown]
    assert secret in [
        s.other for s in selectors.suggestions_for(user=coordinator, project=soziales_funding)
    ]
    # External partners get no suggestions at all.
    assert selectors.suggestions_for(user=partner, project=secret) == []


def test_a_change_marks_the_project_and_the_refresh_recomputes_it(
    kultur_funding, soziales_library, django_capture_on_commit_callbacks
):
    suggestions.recompute_all()
    assert not Suggestion.objects.filter(project=soziales_library).exists()
    soziales_library.title = "Kulturförderung: Förderanträge digital stellen"
    with django_capture_on_commit_callbacks(execute=True):
        soziales_library.save()
    assert not PendingProject.objects.exists()  # the refresh took it (tasks run at once here)
    assert Suggestion.objects.filter(project=soziales_library, other=kultur_funding).exists()
    # ... and the changed project entered the other's list.
    assert Suggestion.objects.filter(project=kultur_funding, other=soziales_library).exists()
    assert Computation.objects.latest().scope == Computation.Scope.CHANGED


def test_an_import_of_projects_marks_them_for_the_refresh(
    kultur_funding, soziales_library, django_capture_on_commit_callbacks
):
    PendingProject.objects.all().delete()
    data = (
        "Dezernat;Titel;Beschreibung\r\n"
        f"Dezernat Kultur;{kultur_funding.title};Förderanträge digital, neu beschrieben\r\n"
    ).encode()
    with django_capture_on_commit_callbacks() as callbacks:
        report = run_file(kind="vorhaben", data=data, file_name="v.csv", apply=True)
    assert report.applied
    assert list(PendingProject.objects.values_list("project_id", flat=True)) == [kultur_funding.pk]
    assert len(callbacks) == 1


def test_a_list_keeps_its_best_k(kultur, soziales):
    base = "Digitale Antragstellung Förderung Vereine Portal"
    offices = list(soziales.units.all()) + list(kultur.units.all())
    projects = [
        ProjectFactory(department=office.department, lead_unit=office, title=f"{base} {i}")
        for i, office in enumerate(offices * 4)
    ]
    from synergies import similarity

    suggestions.recompute_all()
    newcomer = ProjectFactory(department=kultur, title=f"{base} neu")
    suggestions.refresh([newcomer.pk])
    for project in projects:
        assert Suggestion.objects.filter(project=project).count() <= similarity.K


def test_the_nightly_step_queues_the_full_computation(kultur_funding, soziales_funding):
    assert suggestions.nightly().startswith("suggestions")
    assert Computation.objects.latest().scope == Computation.Scope.ALL  # tasks run at once here


def test_no_projects_no_suggestions(db):
    computation = suggestions.recompute_all()
    assert (computation.projects, computation.suggestions) == (0, 0)
    assert suggestions.refresh([]) is None


def test_the_command_computes_all_or_the_changed_ones(kultur_funding, soziales_funding):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("compute_suggestions", stdout=out)
    assert "2 of 2 projects computed" in out.getvalue()
    out = StringIO()
    call_command("compute_suggestions", "--changed", stdout=out)
    assert "No project changed" in out.getvalue()
