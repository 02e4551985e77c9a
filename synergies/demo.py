"""Demo synergies: the seed's example, a digital application procedure for municipal funding
that one office built and others reuse, with links in every status across departments; then
the suggestions for all projects, as the nightly computation would store them."""

from django.utils import timezone

from core.text import name_key
from needs import conversion as need_conversion
from organisation.models import Department, OrgUnit
from projects.demo import DEMO_PREFIX
from projects.models import Project
from synergies import conversion, suggestions
from synergies.models import Synergy
from synergies.services import ordered

# key: (department slug, preferred office, title, description, reusable)
PROJECTS = {
    "foerderung": (
        "kultur", "Kulturamt", "Digitales Förderverfahren für Zuwendungen",
        "Vereine und freie Träger stellen Förderanträge online, reichen Nachweise im Portal ein "
        "und erhalten ihren Zuwendungsbescheid digital. Das Verfahren ist so gebaut, dass "
        "andere Ämter es für ihre Förderprogramme nachnutzen können.",
        True,
    ),
    "jugendhilfe": (
        "jugend-schule-demokratie", "Amt für Jugend und Familie",
        "Zuschüsse der Jugendhilfe online beantragen",
        "Träger der Jugendhilfe beantragen Zuschüsse über das Förderportal; Bescheid und "
        "Verwendungsnachweis laufen ohne Papier.",
        False,
    ),
    "soziale-traeger": (
        "soziales-gesundheit-vielfalt", "Sozialamt",
        "Zuwendungen an soziale Träger digital bearbeiten",
        "Förderanträge sozialer Träger werden online gestellt und im Fachverfahren ohne "
        "Medienbruch bearbeitet.",
        False,
    ),
    "wirtschaft": (
        "wirtschaft-arbeit-digitales", "Amt für Wirtschaftsförderung",
        "Förderprogramm für kleine Unternehmen online",
        "Kleine Unternehmen beantragen die Digitalisierungsförderung online und laden ihre "
        "Nachweise hoch.",
        False,
    ),
    "klima": (
        "umwelt-klima-ordnung-sport", "Klimareferat",
        "Förderanträge für Klimaschutzprojekte online",
        "Das Förderprogramm für Klimaschutz im Quartier wird auf einen Online-Antrag "
        "umgestellt, nach dem Vorbild der Kulturförderung.",
        False,
    ),
    "termine": (
        "allgemeine-verwaltung", "Amt Bürgerservice", "Online-Terminvergabe im Bürgerservice",
        "Bürgerinnen und Bürger buchen Termine online; das Buchungsmodul steht anderen Ämtern "
        "zur Verfügung.",
        True,
    ),
    "fundbuero": (
        "umwelt-klima-ordnung-sport", "Ordnungsamt", "Terminbuchung für das Fundbüro",
        "Abholtermine im Fundbüro werden online gebucht, mit Erinnerung per E-Mail.",
        False,
    ),
    "bauantrag": (
        "stadtentwicklung-bau", "Stadtplanungsamt", "Digitaler Bauantrag",
        "Bauanträge werden online eingereicht und mit den beteiligten Stellen digital "
        "abgestimmt; Lagepläne kommen aus dem Geoportal.",
        False,
    ),
    "geoportal": (
        "stadtentwicklung-bau", "Liegenschaftsamt", "Geoportal der Liegenschaften",
        "Flurstücke, Eigentum der Stadt und Pachtflächen im Geoportal, mit Schnittstelle für "
        "Fachverfahren.",
        True,
    ),
    "schulanmeldung": (
        "jugend-schule-demokratie", "Amt für Schule", "Digitale Schulanmeldung",
        "Eltern melden ihr Kind online an der Schule an; Nachweise werden hochgeladen.",
        False,
    ),
    "schulanmeldung-2": (
        "soziales-gesundheit-vielfalt", "Gesundheitsamt",
        "Anmeldung zur Schuleingangsuntersuchung online",
        "Eltern melden ihr Kind online zur Schuleingangsuntersuchung an und wählen einen Termin.",
        False,
    ),
    "rechnungen": (
        "finanzen", "Stadtkasse", "Digitaler Rechnungseingang",
        "Eingangsrechnungen kommen als E-Rechnung und werden im Workflow freigegeben.",
        False,
    ),
}  # fmt: skip

# (from, to, kind, status, description, reason)
LINKS = [
    ("foerderung", "jugendhilfe", Synergy.Kind.REUSE, Synergy.Status.IMPLEMENTED,
     "Das Amt für Jugend und Familie nutzt das Förderportal des Kulturamts mit eigenem "
     "Antragsformular.", ""),
    ("foerderung", "soziale-traeger", Synergy.Kind.REUSE, Synergy.Status.CONFIRMED,
     "Gleiches Verfahren, eigene Förderrichtlinie; Start nach der Haushaltsplanung.", ""),
    ("foerderung", "wirtschaft", Synergy.Kind.REUSE, Synergy.Status.PROPOSED,
     "Vorschlag aus der Ähnlichkeitssuche: beide stellen Förderanträge online.", ""),
    ("foerderung", "klima", Synergy.Kind.REPLICATION, Synergy.Status.PROPOSED,
     "Das Klimareferat möchte das Verfahren für sein Förderprogramm übernehmen.", ""),
    ("termine", "fundbuero", Synergy.Kind.SHARED_COMPONENT, Synergy.Status.CONFIRMED,
     "Ein Buchungsmodul für beide Terminarten.", ""),
    ("bauantrag", "geoportal", Synergy.Kind.DEPENDENCY, Synergy.Status.PROPOSED,
     "Der Bauantrag braucht die Lagepläne aus dem Geoportal.", ""),
    ("schulanmeldung", "schulanmeldung-2", Synergy.Kind.DUPLICATE, Synergy.Status.PROPOSED,
     "Zwei Anmeldewege für dieselben Familien: zusammenlegen?", ""),
    ("foerderung", "rechnungen", Synergy.Kind.SHARED_COMPONENT, Synergy.Status.DISCARDED,
     "", "Verschiedene Abläufe; nur das Wort Antrag ist gleich."),
]  # fmt: skip


def _office(department: Department, name: str) -> OrgUnit | None:
    units = list(department.units.all())
    return next((u for u in units if u.name == name), units[0] if units else None)


def _examples() -> dict[str, Project]:
    """The example's projects: demo projects of the departments named (the last ones of each,
    in the order of their external ids), given the example's titles and texts. The demo keeps
    its number of projects, and a second run finds the same ones by their titles."""
    departments = {d.slug: d for d in Department.objects.all()}
    taken: set[int] = set()
    projects = {}
    for key, (slug, office, title, description, reusable) in PROJECTS.items():
        department = departments.get(slug)
        if department is None:  # another city's organisation: no example there
            continue
        demo_projects = Project.objects.filter(
            department=department, external_id__startswith=DEMO_PREFIX
        ).exclude(pk__in=taken)
        # An earlier run's pick keeps the title (a larger second run adds later projects).
        project = (
            demo_projects.filter(title_key=name_key(title)).first()
            or demo_projects.order_by("-external_id").first()
        )
        if project is None:
            continue
        taken.add(project.pk)
        unit = _office(department, office)
        Project.objects.filter(pk=project.pk).update(
            title=title,
            title_key=name_key(title),
            description=description,
            lead_unit=unit,
            reusable=reusable,
            contact_person="Alma Beispiel" if reusable else project.contact_person,
            status=Project.Status.IMPLEMENTATION,
            confidential=False,
            archived_at=None,
        )
        project.refresh_from_db()
        projects[key] = project
    return projects


def seed(run) -> None:
    rds = run.users.get("rds")
    projects = _examples()
    now = timezone.now()
    for source, target, kind, status, description, reason in LINKS:
        if source not in projects or target not in projects:
            continue
        first, second = ordered(kind, projects[source], projects[target])
        if Synergy.objects.between(first.pk, second.pk).exists():
            continue
        link = Synergy(
            kind=kind,
            source=first,
            target=second,
            status=status,
            status_reason=reason,
            description=description,
            proposed_by=rds,
            from_suggestion="Vorschlag" in description,
            decided_by=rds if status != Synergy.Status.PROPOSED else None,
            decided_at=now if status != Synergy.Status.PROPOSED else None,
        )
        link._history_user = rds
        link.save()
    # What the intake and the workshops of the demo kept as answers and results, taken over
    # as the operators' `manage.py convert_findings` does.
    need_conversion.convert_intake_answers()
    need_conversion.convert_workshop_needs()
    conversion.convert_workshop_synergies()
    suggestions.recompute_all()
