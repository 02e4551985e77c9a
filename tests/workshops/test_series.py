"""Planning a cohort: each department gets Teil 1–3 from the current template versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import DepartmentFactory
from tests.workshops.fixtures_series import *  # noqa: F403
from tests.workshops.fixtures_series import publish_template, workshop_of
from workshops import services
from workshops.models import Part, Workshop


def test_a_cohort_plans_three_workshops_per_department_from_the_current_templates(
    cohort, series_templates, kultur, soziales
):
    assert cohort.workshops.count() == 6
    for department in (kultur, soziales):
        for part, version in series_templates.items():
            workshop = workshop_of(cohort, department, part)
            assert workshop.template_version == version
            assert workshop.status == Workshop.Status.PLANNED


def test_a_later_template_version_leaves_planned_workshops_alone(
    cohort, series_templates, rds_user, kultur, soziales
):
    newer = publish_template(Part.ONE, title="Bestandsaufnahme, überarbeitet")
    assert workshop_of(cohort, kultur, Part.ONE).template_version == series_templates[Part.ONE]
    later = services.cohort_create(actor=rds_user, number=4, departments=[kultur])
    assert workshop_of(later, kultur, Part.ONE).template_version == newer


def test_planning_needs_a_published_template_for_every_part(db, rds_user, kultur):
    publish_template(Part.ONE)
    with pytest.raises(ValidationError, match=r"(Part|Teil) 2, (Part|Teil) 3"):
        services.cohort_create(actor=rds_user, number=1, departments=[kultur])


def test_only_the_central_unit_plans_cohorts(series_templates, coordinator, kultur):
    with pytest.raises(PermissionDenied):
        services.cohort_create(actor=coordinator, number=1, departments=[kultur])


def test_two_departments_is_the_norm_the_form_warns_but_allows_others(
    series_templates, rds_user, kultur
):
    assert services.two_departments_warning([kultur])
    assert not services.two_departments_warning([kultur, DepartmentFactory()])
    cohort = services.cohort_create(actor=rds_user, number=5, departments=[kultur])
    assert cohort.workshops.count() == 3


def test_adding_a_department_plans_its_series_removing_one_drops_its_untouched_workshops(
    cohort, rds_user, kultur, soziales
):
    third = DepartmentFactory()
    cohort = services.cohort_update(
        cohort=cohort, actor=rds_user, version=cohort.version, departments=[kultur, third]
    )
    assert set(cohort.workshops.values_list("department", flat=True)) == {kultur.pk, third.pk}
    assert cohort.workshops.filter(department=third).count() == 3


def test_a_department_whose_workshop_has_results_stays(cohort, rds_user, kultur, soziales):
    held = workshop_of(cohort, soziales, Part.ONE)
    services.decision_add(workshop=held, actor=rds_user, text="Wir machen weiter.")
    with pytest.raises(ValidationError, match=r"cannot be removed|nicht aus der Staffel entfernt"):
        services.cohort_update(
            cohort=cohort, actor=rds_user, version=cohort.version, departments=[kultur]
        )
    assert cohort.workshops.filter(department=soziales).count() == 3


def test_a_stale_cohort_edit_is_refused(cohort, rds_user, kultur, soziales):
    services.cohort_update(
        cohort=cohort, actor=rds_user, version=cohort.version, departments=[kultur, soziales]
    )
    with pytest.raises(ValidationError):
        services.cohort_update(
            cohort=cohort, actor=rds_user, version=1, departments=[kultur, soziales], name="x"
        )


def test_a_priority_list_longer_than_the_highest_rank_ranks_the_first_and_leaves_the_rest(
    kultur_teil3, coordinator, monkeypatch
):
    """A department with more open projects than ranks (999) can still apply its list."""
    from projects.models import Project
    from tests.factories import ProjectFactory
    from workshops import services as workshop_services

    for title in ("Eins", "Zwei", "Drei"):
        ProjectFactory(department=kultur_teil3.department, title=title)
    monkeypatch.setattr(workshop_services, "MAX_RANK", 1)
    workshop_services.priorities_apply(workshop=kultur_teil3, actor=coordinator)
    ranks = sorted(
        Project.objects.filter(department=kultur_teil3.department, archived_at=None).values_list(
            "priority_rank", flat=True
        ),
        key=lambda rank: (rank is None, rank),
    )
    assert ranks[0] == 1
    assert set(ranks[1:]) == {None}
