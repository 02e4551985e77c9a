"""What the dashboards keep: a token per department that says whether counts kept of its
projects are still current (see :mod:`dashboards.sources`)."""

from uuid import uuid4

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return uuid4().hex


class Generation(models.Model):
    """The generation of a department's projects as the dashboards count them: counts kept
    under its token are current; every write to the department's projects, their links to
    goals and fields of action or their status updates gives it a new token
    (:func:`renew`)."""

    department = models.OneToOneField(
        "organisation.Department",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
    )
    token = models.CharField(max_length=32, default=new_token)

    class Meta:
        verbose_name = _("generation of a department's figures")
        verbose_name_plural = _("generations of the departments' figures")

    def __str__(self):
        return f"{self.department_id}: {self.token}"


def renew(department_ids) -> None:
    """Give these departments' counts a new generation: what was kept of them is not read
    again. One query; a department without a generation gets one."""
    ids = {pk for pk in department_ids if pk is not None}
    if not ids:
        return
    Generation.objects.bulk_create(
        [Generation(department_id=pk, token=new_token()) for pk in sorted(ids)],
        update_conflicts=True,
        unique_fields=["department"],
        update_fields=["token"],
    )


def renew_all() -> None:
    """A new generation for every department (a goal, field of action or agenda project was
    deleted: the links of any department's projects may have changed)."""
    from organisation.models import Department

    renew(Department.objects.values_list("pk", flat=True))
