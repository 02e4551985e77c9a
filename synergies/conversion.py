"""Synergies found in workshops (result items of kind "synergie", kept until this register
existed) become proposed links between the projects they name.

Each item is converted once (``converted_at``); a pair linked already is left as it is, and
an item naming fewer than two projects cannot become a link: it stays unconverted and is
reported every time, for the coordination to add the second project or to record the link
by hand. Archived projects are left out. The link's kind is Nachnutzung, from the project
entered first in the app to the other (the finding does not say who gives), to be checked
when it is decided; its description says where it was found.
"""

from dataclasses import dataclass, field
from itertools import combinations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from synergies.models import Synergy
from synergies.services import check_link
from workshops.models import ResultItem


@dataclass
class Report:
    converted: list[str] = field(default_factory=list)  # one line per item
    skipped: list[str] = field(default_factory=list)
    links: int = 0

    def lines(self) -> list[str]:
        return [
            *(f"+ {line}" for line in self.converted),
            *(f"! {line}" for line in self.skipped),
        ]


def _origin(item) -> str:
    workshop = item.workshop
    return _("found in Workshop %(part)s, cohort %(cohort)s (%(department)s)") % {
        "part": workshop.get_part_display(),
        "cohort": workshop.cohort.number,
        "department": workshop.department.short_name or workshop.department.name,
    }


def convert_workshop_synergies(*, now=None) -> Report:
    """Convert every unconverted synergy found in a workshop. Run it inside a transaction
    (the command does). Texts are stored in the app's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return _convert(now=now or timezone.now())


def _convert(*, now) -> Report:
    report = Report()
    items = (
        ResultItem.objects.filter(kind=ResultItem.Kind.SYNERGY, converted_at__isnull=True)
        .select_related("workshop__cohort", "workshop__department", "created_by")
        .prefetch_related("projects")
        .order_by("pk")
    )
    for item in items:
        projects = sorted(
            (p for p in item.projects.all() if p.archived_at is None), key=lambda p: p.pk
        )
        label = f"{item.title} ({_origin(item)})"
        if len(projects) < 2:
            report.skipped.append(
                _("%(item)s: names fewer than two projects, so no link can be made")
                % {"item": label}
            )
            continue
        made = 0
        for first, second in combinations(projects, 2):
            if Synergy.objects.between(first.pk, second.pk).exists():
                continue
            link = Synergy(
                kind=Synergy.Kind.REUSE,
                source=first,
                target=second,
                description="\n\n".join(
                    part for part in (item.title, item.description, _origin(item)) if part
                )[:2000],
                proposed_by=item.created_by,
            )
            try:
                check_link(link)
            except ValidationError:
                continue
            link._history_user = item.created_by
            link._change_reason = _("taken over from the workshop results")
            link.save()
            made += 1
        item.converted_at = now
        item.save(update_fields=["converted_at"])
        report.links += made
        report.converted.append(
            _("%(item)s: %(count)s new link(s)") % {"item": label, "count": made}
        )
    return report
