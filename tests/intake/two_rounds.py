"""Two intake rounds of Soziales, filled in, for the comparison and export tests."""

from datetime import timedelta

from django.utils import timezone

from intake import services
from intake.models import ProjectEntry
from projects.models import Project
from tests.intake.conftest import COMPLETE, fill_in


def open_round(actor, version, departments, title):
    return services.round_open(
        actor=actor,
        title=title,
        version=version,
        deadline=timezone.localdate() + timedelta(days=14),
        departments=departments,
    )


def add_project(actor, response, title, **fields):
    fields = {"title": title, "kind": "projekt", "status": "planung"} | fields
    return services.entry_save(actor=actor, response=response, key="vorhaben", fields=fields)


def relist(actor, response, entry: ProjectEntry, **fields):
    """List a project named in an earlier round again, changing ``fields`` of it."""
    project = Project.objects.get(pk=entry.project_id)
    return services.entry_save(
        actor=actor,
        response=response,
        key="vorhaben",
        fields=fields,
        project=project,
        project_version=project.version,
    )


def fill_first_round(actor, intake):
    """Every office answers; the Sozialamt names Wohngeld and E-Akte, the others one each."""
    for response in intake.responses.select_related("unit"):
        if response.unit.name == "Sozialamt":
            fill_in(response, actor)  # Digitaler Wohngeldantrag, planung
            add_project(actor, response, "E-Akte Sozialamt", financing="nicht_finanziert")
        else:
            fill_in(response, actor, project_title=f"Vorhaben {response.unit.name}")


def fill_second_round(actor, earlier, later):
    """The Sozialamt: another answer to "aufgaben", none to "erwartungen"; Wohngeld moves to
    implementation and is financed, the E-Akte is dropped, a new project comes. The other
    offices answer as before and list their project again, unchanged."""
    earlier_entries = {
        entry.snapshot["title"]: entry
        for entry in ProjectEntry.objects.filter(response__intake=earlier)
    }
    for response in later.responses.select_related("unit"):
        if response.unit.name == "Sozialamt":
            values = COMPLETE | {"aufgaben": "Wohngeld, Grundsicherung", "erwartungen": None}
            response = fill_in(response, actor, values, project_title="")
            relist(
                actor,
                response,
                earlier_entries["Digitaler Wohngeldantrag"],
                status="umsetzung",
                financing="finanziert",
            )
            add_project(actor, response, "Chatbot Bürgerservice")
        else:
            response = fill_in(response, actor, project_title="")
            relist(actor, response, earlier_entries[f"Vorhaben {response.unit.name}"])
