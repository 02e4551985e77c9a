"""Workshop objects the tests of several packages build on (the permission and write
matrices too)."""

from workshops import standards
from workshops.models import Part, WorkshopTemplate


def publish_templates(actor) -> dict[int, object]:
    """A published version 1 with three agenda items (30 + 45 + 15 minutes) for each part,
    published by ``actor`` through the services. Returns the versions by part (1, 2, 3)."""
    versions = {}
    for part in Part:
        draft = standards.template_draft_start(template=WorkshopTemplate(part=part), actor=actor)
        draft = standards.template_version_update(
            version=draft,
            actor=actor,
            title=f"Vorlage {part.value}",
            goal="Ein gemeinsames Bild.",
            guiding_questions="Was gibt es?\nWas fehlt?",
            materials="Stellwände",
        )
        for title, minutes in (("Begrüßung", 30), ("Arbeitsphase", 45), ("Abschluss", 15)):
            standards.agenda_item_add(
                version=draft, actor=actor, title=title, duration_minutes=minutes
            )
        versions[part.value] = standards.template_publish(
            version=draft, actor=actor, change_note="Erste Fassung"
        )
    return versions
