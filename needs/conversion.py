"""Needs that earlier steps kept as answers and results become entries of the register.

- **Intake answers.** Once RDS has accepted a department's intake (then leadership reads it
  too; external partners never see needs taken over from the intake), each response's
  answers "bedarfe" (the office's needs and gaps) and "erwartungen" (what it expects of the
  Referat Digitale Stadt) become one need each, of the first category the office chose
  under "bedarfe-bereiche" (else read from the words), linked to the first offering it
  named under "angebote" whose key is an offering's key. Source: Status-quo-Erfassung.
- **Workshop results.** Each need found in a workshop (result items of kind "bedarf") becomes
  a need of the workshop's department with the projects it names of that department; its
  category is read from its words (Personal, Budget, Software, …; Prozesse where none
  fits). Source: Workshop, with the workshop.

Every need remembers where it came from (``source_ref``), so a second run finds it and adds
nothing; a workshop result is also marked converted. Needs are written with the model's
rules (``full_clean``) by the system, not by a user: nobody's rights are asked, and the
history names no author. Titles are unique per department: a title taken already gets the
office's name or a number.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.text import CELL_LIMIT, name_key
from intake.models import Answer, IntakeState, ResponseState
from needs.models import Category, Need
from offerings.models import Offering
from workshops.models import ResultItem

TITLE_LENGTH = 120
INTAKE_KEYS = {"bedarfe": gettext_lazy("need"), "erwartungen": gettext_lazy("expectation")}
# Words that name a category, in the order they are tried (stems, lower case).
CATEGORY_WORDS = [
    (Category.STAFF, ("personal", "stelle", "fachkräfte", "fachkraefte", "besetzung")),
    (Category.SKILLS, ("kompetenz", "schulung", "qualifizierung", "fortbildung", "wissen")),
    (Category.BUDGET, ("budget", "finanz", "geld", "haushalt", "mittel")),
    (Category.INFRASTRUCTURE, ("infrastruktur", "netz", "wlan", "hardware", "server", "gerät")),
    (Category.SOFTWARE, ("software", "lizenz", "fachverfahren", "programm", "anwendung")),
    (Category.LEGAL, ("recht", "datenschutz", "vergabe", "satzung", "gesetz")),
    (Category.DATA, ("daten", "schnittstelle")),
]


@dataclass
class Report:
    created: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    existing: int = 0

    def lines(self) -> list[str]:
        return [*(f"+ {line}" for line in self.created), *(f"! {line}" for line in self.failed)]


def guess_category(text: str) -> str:
    lowered = (text or "").lower()
    for category, words in CATEGORY_WORDS:
        if any(word in lowered for word in words):
            return category
    return Category.PROCESSES


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    if len(sentence) > TITLE_LENGTH:
        sentence = sentence[: TITLE_LENGTH - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def _free_title(department, title: str, qualifier: str) -> str:
    """``title``, or with the qualifier (then a number) where the department has it already
    (compared as the unique constraint compares: ``name_key``)."""
    candidates = [title, f"{title} ({qualifier})"]
    candidates += [f"{title} ({qualifier}, {n})" for n in range(2, 50)]
    candidates = [candidate[:200] for candidate in candidates]
    taken = set(
        Need.objects.filter(
            department=department, title_key__in=[name_key(c) for c in candidates]
        ).values_list("title_key", flat=True)
    )
    for candidate in candidates:
        if name_key(candidate) not in taken:
            return candidate
    return f"{title[:150]} ({timezone.now():%Y-%m-%d %H:%M:%S})"


def _described(text: str, suffix: str) -> str:
    """The answer with where it came from, as long as it fits in the field."""
    limit = Need._meta.get_field("description").max_length or CELL_LIMIT
    return text if len(text) + len(suffix) > limit else f"{text}{suffix}"


def _save(need: Need, reason: str, report: Report) -> Need | None:
    """Save one need in its own savepoint: one that breaks a rule is reported, the others
    are converted."""
    need._change_reason = reason
    try:
        with transaction.atomic():
            need.full_clean()
            need.save()
    except ValidationError as error:
        report.failed.append(f"{need.title}: {' '.join(error.messages)}")
        return None
    return need


def convert_intake_answers() -> Report:
    """The accepted intakes' needs and expectations, one need each (stored in German, the
    app's language, whichever language is active)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _convert_intake_answers()


def _convert_intake_answers() -> Report:
    report = Report()
    answers = (
        Answer.objects.filter(
            key__in=INTAKE_KEYS,
            response__state=ResponseState.SUBMITTED,
            response__intake__state=IntakeState.ACCEPTED,
        )
        .select_related("response__unit", "response__intake__department", "response__intake__round")
        .order_by("response_id", "key")
    )
    known = set(Need.objects.exclude(source_ref="").values_list("department_id", "source_ref"))
    offerings = {offering.slug: offering for offering in Offering.objects.all()}
    context: dict[int, dict] = {}
    for row in Answer.objects.filter(
        key__in=("bedarfe-bereiche", "angebote"),
        response__in=answers.values("response"),
    ).values_list("response_id", "key", "value"):
        context.setdefault(row[0], {})[row[1]] = row[2] or []
    for answer in answers:
        text = answer.value if isinstance(answer.value, str) else ""
        if not text.strip():
            continue
        response = answer.response
        department = response.intake.department
        source_ref = f"erfassung:{response.pk}:{answer.key}"
        if (department.pk, source_ref) in known:
            report.existing += 1
            continue
        chosen = context.get(response.pk, {})
        areas = [area for area in chosen.get("bedarfe-bereiche", []) if area in Category.values]
        offering = next(
            (offerings[key] for key in chosen.get("angebote", []) if key in offerings), None
        )
        title = _first_sentence(text)
        if answer.key == "erwartungen":
            title = _("Expectation of the Referat Digitale Stadt: %(text)s") % {"text": title}
        need = _save(
            Need(
                department=department,
                category=areas[0] if areas else guess_category(text),
                title=_free_title(department, title, response.unit.name),
                description=_described(
                    text.strip(),
                    _("\n\n(%(office)s, intake round “%(round)s”)")
                    % {"office": response.unit.name, "round": response.intake.round.title},
                ),
                offering=offering,
                source=Need.Source.INTAKE,
                source_ref=source_ref,
            ),
            _("taken over from the status-quo intake"),
            report,
        )
        if need is None:
            continue
        known.add((department.pk, source_ref))
        report.created.append(
            f"{department.short_name or department.name}: {need.title} ({INTAKE_KEYS[answer.key]})"
        )
    return report


def convert_workshop_needs(*, now=None) -> Report:
    """The needs found in workshops, one need each; the result item is marked converted."""
    with translation.override(settings.LANGUAGE_CODE):
        return _convert_workshop_needs(now=now or timezone.now())


def _convert_workshop_needs(*, now) -> Report:
    report = Report()
    items = (
        ResultItem.objects.filter(kind=ResultItem.Kind.NEED, converted_at__isnull=True)
        .select_related("workshop__department", "workshop__cohort")
        .prefetch_related("projects")
        .order_by("pk")
    )
    for item in items:
        department = item.workshop.department
        source_ref = f"workshop-ergebnis:{item.pk}"
        need = Need.objects.filter(department=department, source_ref=source_ref).first()
        if need is None:
            need = _save(
                Need(
                    department=department,
                    category=guess_category(f"{item.title} {item.description}"),
                    title=_free_title(department, item.title, item.workshop.get_part_display()),
                    description=item.description,
                    source=Need.Source.WORKSHOP,
                    workshop=item.workshop,
                    source_ref=source_ref,
                    created_by=item.created_by,
                ),
                _("taken over from the workshop results"),
                report,
            )
            if need is None:
                continue
            need.projects.set([p for p in item.projects.all() if p.department_id == department.pk])
            report.created.append(f"{department.short_name or department.name}: {need.title}")
        else:
            report.existing += 1
        item.converted_at = now
        item.save(update_fields=["converted_at"])
    return report
