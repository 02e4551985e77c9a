"""The first cohort of the workshop series."""

from datetime import date

from organisation.models import Department
from workshops.models import Cohort
from workshops.standards import load_default_templates


def seed(run) -> None:
    """The first cohort as the city's own account describes it: Kultur with Soziales."""
    load_default_templates()
    cohort, _ = Cohort.objects.get_or_create(
        number=1, defaults={"status": Cohort.Status.COMPLETED, "starts_on": date(2023, 6, 1)}
    )
    cohort.departments.add(
        *Department.objects.filter(slug__in=["kultur", "soziales-gesundheit-vielfalt"])
    )
