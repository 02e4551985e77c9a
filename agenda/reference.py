"""Loading the city's verified reference data (agenda, fields of action, agenda projects,
departments and offices) from the project's own fixture.

Loading is idempotent: records are matched by their natural keys (agenda title, field name,
department name, office name per department). Existing records are left as they are, so
that edits made in the app survive a reload, unless ``update=True`` asks to overwrite them
with the reference values.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction

from agenda.models import Agenda, AgendaProject, FieldOfAction, GuidingPrinciple
from organisation.models import Department, OrgUnit

DEFAULT_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "reference.json"


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, model, outcome: str) -> None:
        bucket = getattr(self, outcome)
        name = model._meta.verbose_name_plural
        bucket[str(name)] = bucket.get(str(name), 0) + 1

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def _upsert(report: LoadReport, model, lookup: dict, values: dict, update: bool):
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        report.count(model, "created")
        return instance
    changed = update and any(getattr(instance, k) != v for k, v in values.items())
    if changed:
        for key, value in values.items():
            setattr(instance, key, value)
        instance.full_clean()
        instance.save()
        report.count(model, "updated")
    else:
        report.count(model, "unchanged")
    return instance


@transaction.atomic
def reference_load(*, path: Path = DEFAULT_FIXTURE, update: bool = False) -> LoadReport:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = LoadReport()

    units: dict[tuple[str, str], OrgUnit] = {}
    for dep in data["departments"]:
        department = _upsert(
            report,
            Department,
            {"name": dep["name"]},
            {
                "number": dep["number"],
                "short_name": dep["short_name"],
                "slug": dep["slug"],
                "head": dep["head"],
            },
            update,
        )
        for unit in dep["units"]:
            units[(dep["name"], unit["name"])] = _upsert(
                report,
                OrgUnit,
                {"department": department, "name": unit["name"]},
                {"short_code": unit["short_code"], "kind": unit["kind"]},
                update,
            )

    spec = data["agenda"]
    agenda_values = {
        "council_paper": spec["council_paper"],
        "adopted_on": date.fromisoformat(spec["adopted_on"]),
        "horizon": spec["horizon"],
        "summary": spec["summary"],
        "authored_by": spec["authored_by"],
        "sources": "\n".join(spec["sources"]),
    }
    if not Agenda.objects.filter(title=spec["title"]).exists():
        # A city that already runs another agenda keeps it active; this one arrives as draft.
        has_active = Agenda.objects.active().exists()
        agenda_values["status"] = Agenda.Status.DRAFT if has_active else spec["status"]
    agenda = _upsert(report, Agenda, {"title": spec["title"]}, agenda_values, update)

    for order, principle in enumerate(spec["principles"], start=1):
        _upsert(
            report,
            GuidingPrinciple,
            {"agenda": agenda, "title": principle["title"]},
            {"description": principle.get("description", ""), "order": order},
            update,
        )

    fields_by_name = {}
    for item in spec["fields"]:
        fields_by_name[item["name"]] = _upsert(
            report,
            FieldOfAction,
            {"agenda": agenda, "name": item["name"]},
            {
                "motto": item["motto"],
                "description": item["description"],
                "targets": "\n".join(item["targets"]),
                "order": item["order"],
            },
            update,
        )

    for item in spec["agenda_projects"]:
        lead = item["lead_unit"]
        _upsert(
            report,
            AgendaProject,
            {"agenda": agenda, "title": item["title"]},
            {
                "field": fields_by_name.get(item["field"]) if item["field"] else None,
                "lead_unit": units[(lead["department"], lead["name"])] if lead else None,
                "description": item["description"],
                "sources": "\n".join(item["sources"]),
            },
            update,
        )
    return report
