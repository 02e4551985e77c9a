"""A readable "Verlauf" from django-simple-history records: who changed what when, with the
old and new values as users see them (choice labels, names of related objects)."""

from dataclasses import dataclass, field

from django.db import models
from django.utils import formats
from django.utils.translation import gettext as _

HIDDEN_FIELDS = {"version", "last_reported_on", "traffic_light", "id"}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    user: object
    kind: str  # "+", "~", "-"
    changes: list[Change] = field(default_factory=list)
    reason: str = ""
    # The entries before this one are withheld from the reader (see ``hidden``), so its
    # earlier values are not shown either.
    follows_hidden: bool = False

    @property
    def kind_label(self) -> str:
        return {"+": _("created"), "~": _("changed"), "-": _("deleted")}[self.kind]


def _display(model_field, value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(model_field, models.ManyToManyField):
        return ", ".join(sorted(str(v) for v in value)) or "–"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(model_field, models.DateTimeField | models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _m2m_objects(model_field, rows):
    """The related objects named in the through rows of one many-to-many change (the diff
    already resolved them, see ``foreign_keys_are_objs``)."""
    key = model_field.related_model._meta.model_name
    return [row[key] for row in rows if row.get(key) is not None]


def history_entries(instance, *, limit: int = 50, hidden=None) -> list[HistoryEntry]:
    """The newest ``limit`` history entries of ``instance``, each with its field changes.
    ``hidden(record)`` withholds records from the reader (those written while a project was
    confidential): they are left out, and the entry after them shows no earlier values."""
    model = type(instance)
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    withheld = [hidden is not None and hidden(record) for record in records]
    entries = []
    for index, record in enumerate(records[:limit]):
        if withheld[index]:
            continue
        entry = HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            kind=record.history_type,
            reason=record.history_change_reason or "",
        )
        previous = records[index + 1] if index + 1 < len(records) else None
        if previous is not None and withheld[index + 1]:
            entry.follows_hidden = True
        elif previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            for change in delta.changes:
                if change.field in HIDDEN_FIELDS:
                    continue
                model_field = model._meta.get_field(change.field)
                old, new = change.old, change.new
                if isinstance(model_field, models.ManyToManyField):
                    old = _m2m_objects(model_field, old or [])
                    new = _m2m_objects(model_field, new or [])
                entry.changes.append(
                    Change(
                        label=str(model_field.verbose_name),
                        old=_display(model_field, old),
                        new=_display(model_field, new),
                    )
                )
            if entry.kind == "~" and not entry.changes:
                continue  # a save that changed nothing users see
        entries.append(entry)
    return entries
