"""Example goals for the active agenda (the reference data has fields of action, no goals)."""

from django.db.models import F

from agenda.models import Agenda, Goal

EXAMPLE_GOALS = (
    "Beispielziel: Fachdaten offen und nachnutzbar bereitstellen",
    "Beispielziel: Entscheidungen datenbasiert vorbereiten",
    "Beispielziel: Alle Verwaltungsstandorte leistungsfähig anbinden",
    "Beispielziel: Sensorik auf städtischer Infrastruktur bündeln",
    "Beispielziel: Verwaltungsleistungen durchgängig digital anbieten",
    "Beispielziel: Papierakten durch die E-Akte ablösen",
    "Beispielziel: Beteiligung digital und barrierefrei ermöglichen",
    "Beispielziel: Digitale Kompetenzen in der Stadtgesellschaft stärken",
)


def _example_goals(agenda: Agenda | None) -> tuple[list[Goal], int]:
    if agenda is None:
        return [], 0
    created = 0
    fields = list(agenda.fields.order_by(F("order").asc(nulls_last=True), "name"))
    for index, title in enumerate(EXAMPLE_GOALS):
        if not fields:
            break
        field = fields[(index // 2) % len(fields)]
        _, is_new = Goal.objects.get_or_create(
            field=field, title=title, defaults={"order": index % 2 + 1}
        )
        created += is_new
    return list(Goal.objects.filter(field__agenda=agenda).select_related("field")), created


def seed(run) -> None:
    _goals, run.report.goals_created = _example_goals(Agenda.objects.active().first())
