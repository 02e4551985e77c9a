"""Spreadsheet columns of synergies: each of the two projects named as status updates name
theirs (external ID, or department and title), the kind and the status by their labels.

A row names a pair of projects; a pair that is linked already, in either order, is that link
and the row changes it. Rows are checked with the services' rules
(:mod:`synergies.services`), each as if the rows above it were saved already: the link rules
(``check_link``), the order of the symmetric kinds (``ordered``) and, for a stored link, the
status steps the app offers (``check_step``); an implemented or discarded link changes only
in a row that reopens it. A row that sets a status is the importer's decision."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from projects.resources import (
    DEPARTMENT_HEADING,
    PROJECT_EXTERNAL_ID_HEADING,
    ProjectColumnWidget,
)
from spreadsheets.resources import SpreadsheetResource, column
from spreadsheets.widgets import ChoiceWidget
from synergies import rights, services
from synergies.models import Synergy

LINKED_EXTERNAL_ID_HEADING = _("Linked project external ID")
LINKED_DEPARTMENT_HEADING = _("Linked project department")
LINKED_PROJECT_HEADING = _("Linked project")


def _collect(errors: dict, check, *args, **kwargs) -> None:
    """Runs one of the services' rule checks; its messages go into ``errors``, under the
    names of the model's fields (the columns)."""
    try:
        check(*args, **kwargs)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            name = "status_reason" if name == "reason" else name  # the decision form's name
            errors.setdefault(name, []).extend(messages)


class SynergyResource(SpreadsheetResource):
    source_external_id = column(
        "source__external_id",
        PROJECT_EXTERNAL_ID_HEADING,
        readonly=True,
        help_text=_("Identifies the project if it has an external ID."),
    )
    source_department = column(
        "source__department__name",
        DEPARTMENT_HEADING,
        readonly=True,
        help_text=_("With the title, identifies the project."),
    )
    source = column(
        "source",
        pgettext_lazy("spreadsheet column", "Project"),
        ProjectColumnWidget(),
        help_text=_(
            "Title of the project. For reuse, replication and dependency it is the one that "
            "gives: its solution is reused, it is the original, it depends on the linked project."
        ),
        example="Digitale Ausleihe",
    )
    kind = column(
        "kind",
        _("Kind"),
        ChoiceWidget(Synergy.Kind),
        help_text=_(
            "Shared components and duplicates have no direction: the two projects may be named "
            "in either order."
        ),
        example=Synergy.Kind.REUSE.label,
    )
    target_external_id = column(
        "target__external_id",
        LINKED_EXTERNAL_ID_HEADING,
        readonly=True,
        help_text=_("Identifies the linked project if it has an external ID."),
    )
    target_department = column(
        "target__department__name",
        LINKED_DEPARTMENT_HEADING,
        readonly=True,
        help_text=_("With the title, identifies the linked project."),
    )
    target = column(
        "target",
        LINKED_PROJECT_HEADING,
        ProjectColumnWidget(
            external_id_column=LINKED_EXTERNAL_ID_HEADING,
            department_column=LINKED_DEPARTMENT_HEADING,
            label=LINKED_PROJECT_HEADING,
        ),
        help_text=_(
            "Title of the linked project. A pair of projects is linked once: a row naming a "
            "linked pair, in either order, changes that link."
        ),
        example="Online-Antrag Sozialpass",
    )
    status = column(
        "status",
        _("Status"),
        ChoiceWidget(Synergy.Status),
        help_text=_(
            "Empty: “proposed” for a new link, unchanged for a linked pair. A linked pair "
            "changes its status only by the steps the app offers, with a reason for "
            "discarding and for going back."
        ),
    )
    status_reason = column(
        "status_reason",
        _("Reason"),
        help_text=_("Why the link was discarded or went back a step."),
    )
    description = column(
        "description",
        _("Description"),
        help_text=_("What could be shared or reused, and whom to ask."),
    )

    key_fields = ("source", "target")
    required_fields = ("kind",)
    existing_select_related = ("source", "target")
    validate_unique_rows = False  # the pair is checked by the link rules, with the file's rows

    class Meta:
        model = Synergy
        fields = (
            "source_external_id", "source_department", "source", "kind", "target_external_id",
            "target_department", "target", "status", "status_reason", "description",
        )  # fmt: skip
        export_order = fields

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._planned: list[Synergy] = []  # the rows checked so far, as they will be saved
        self._decided_at = None

    def _rows(self, queryset, **render):
        """A symmetric link reads the same whichever of its projects was stored first (ids
        differ between databases): its two projects are written in the order of department
        and title, and the rows sorted by what they show, so that an export imported
        elsewhere exports the same file again."""
        rows = []
        for obj, row in super()._rows(queryset, **render):
            if obj.kind not in Synergy.DIRECTED:
                first, second = row[0:3], row[4:7]
                if [str(v) for v in first[1:]] > [str(v) for v in second[1:]]:
                    row = [*second, row[3], *first, *row[7:]]
            rows.append((obj, row))
        rows.sort(key=lambda item: [str(item[1][i]) for i in (1, 2, 5, 6, 3)])
        yield from rows

    def export_queryset(self, queryset):
        return queryset.select_related("source__department", "target__department").order_by(
            "source__department__name", "source__title", "target__department__name",
            "target__title", "pk",
        )  # fmt: skip

    # ---- keys: the pair, in either order -------------------------------------------------
    def natural_key(self, values):
        key = super().natural_key(values)
        return None if key is None else tuple(sorted(key))

    def natural_key_of(self, obj):
        return tuple(sorted((obj.source_id, obj.target_id)))

    def fetch_existing(self, natural_keys, external_ids, lock=False):
        """The stored links of the pairs (the index that keeps a pair once reads them)."""
        if not natural_keys:
            return {}, {}
        queryset = self.existing_queryset().select_related(*self.existing_select_related)
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        wanted = set(natural_keys)
        found = queryset.annotate(
            low=Least("source_id", "target_id"), high=Greatest("source_id", "target_id")
        ).filter(low__in={low for low, _high in wanted}, high__in={high for _low, high in wanted})
        by_key = {}
        for link in found:
            if (key := self.natural_key_of(link)) in wanted:
                by_key[key] = link
        return by_key, {}

    # ---- a row's values ------------------------------------------------------------------
    def adjust_values(self, instance, values):
        stored = instance.pk is not None
        if stored:
            instance._status_before = instance.status
        status = values.get("status")
        if not status:
            values.pop("status", None)  # a new link is proposed, a stored one keeps its status
        elif stored and status != instance.status:
            # A decision, as in the app: with a reason of its own (the last decision's goes).
            reason = values.get("status_reason", "")
            if reason == instance.status_reason:
                reason = ""
                if "status_reason" in values:
                    values["status_reason"] = ""
            instance._reason_given = reason
            self._decide(instance)
        elif not stored and status != Synergy.Status.PROPOSED:
            self._decide(instance)
        if values.get("source") is not None and values.get("target") is not None:
            values["source"], values["target"] = services.ordered(
                values.get("kind") or instance.kind, values["source"], values["target"]
            )

    def _decide(self, synergy) -> None:
        """A row that sets a status (other than a new link's) is the importer's decision."""
        if self._decided_at is None:
            self._decided_at = timezone.now()
        synergy.decided_by, synergy.decided_at = self.user, self._decided_at
        synergy._decided_by_import = True

    def prepare_new(self, instance, values):
        instance.proposed_by = self.user

    def department_id_of(self, instance):
        """A link's workspace is its first project's department."""
        return instance.source.department_id

    # ---- the services' rules -------------------------------------------------------------
    def row_problems(self, synergy) -> dict:
        errors: dict[str, list[str]] = {}
        _collect(errors, services.check_link, synergy, planned=self._planned)
        before = getattr(synergy, "_status_before", None)
        if before is not None and synergy.status != before:
            _collect(errors, services.check_step, before, synergy.status, synergy._reason_given)
        deciding = (before is not None and synergy.status != before) or (
            before is None and synergy.status != Synergy.Status.PROPOSED
        )
        if deciding and self.user is not None and not rights.may_decide(self.user, synergy):
            errors.setdefault("status", []).append(
                gettext("Only those who decide on this link may set its status.")
            )
        if not errors:
            self._planned.append(synergy)
        return errors

    def change_problems(self, synergy) -> dict:
        """An implemented or discarded link is not changed, as in the app: a row that reopens
        it (status and reason) may change it too."""
        before = getattr(synergy, "_status_before", synergy.status)
        if before in Synergy.OPEN or synergy.status != before:
            return {}
        return {
            NON_FIELD_ERRORS: [
                gettext(
                    "The link is “%(status)s” and is not changed any more. To change it, reopen "
                    "it in the same row: the status and a reason."
                )
                % {"status": Synergy.Status(before).label}
            ]
        }

    def after_apply(self, touched):
        """As the services do: a decision records who made it and when (the bulk write
        stores only the columns), and linked pairs are no longer suggested."""
        decided = [link.pk for link in touched if getattr(link, "_decided_by_import", False)]
        if decided:
            Synergy.objects.filter(pk__in=decided).update(
                decided_by=self.user, decided_at=self._decided_at
            )
        services.forget_suggestions([(link.source_id, link.target_id) for link in touched])
