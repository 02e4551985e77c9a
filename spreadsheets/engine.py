"""The import: reads a table chunk by chunk, checks every row, and reports what would change;
with ``apply=True`` it also writes, in one transaction that is rolled back if any row fails.

Why not ``Resource.import_data``? It loads the whole file into a tablib Dataset and does a few
queries per row (key lookup, related names, many-to-many reads and writes, one history row per
save). Here the same resource definitions (columns, widgets, keys) drive a chunked pipeline:
the file is read lazily, existing objects of a chunk are fetched with two queries, related
names come from tables loaded once, and writes and history records go in bulk. Memory stays
flat in the number of rows, and a 5,000-row file takes seconds (see ``make bench``).
"""

import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import islice

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import NOT_PROVIDED
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.widgets import ManyToManyWidget

from core.excel import fewer_garbage_collections
from core.text import key_fields
from spreadsheets import bulk
from spreadsheets.reading import Cell, HeadingRow, Table, column_letter
from spreadsheets.resources import SpreadsheetResource
from spreadsheets.seen import FirstRows
from spreadsheets.signals import rows_written
from spreadsheets.widgets import NamedManyToManyWidget, is_empty, linkable, normalise

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
MAX_ERRORS_KEPT = 1000
MAX_CHANGES_KEPT = 200


@dataclass
class RowError:
    row: int | None
    column: str
    message: str


@dataclass
class RowChange:
    row: int
    action: str  # "new" or "changed"
    label: str
    fields: list[tuple[str, str, str]]  # (column, before, after)

    @property
    def action_label(self) -> str:
        return _("new") if self.action == "new" else _("changed")


@dataclass
class ImportReport:
    rows: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    invalid_rows: int = 0
    error_count: int = 0
    applied: bool = False
    outdated: bool = False  # the data changed between preview and confirmation
    database_unreachable: bool = False  # nothing was checked or changed: try again later
    digest: str = ""  # of the stored values every row was compared with
    errors: list[RowError] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)

    @property
    def changes_truncated(self) -> bool:
        return self.new + self.changed > len(self.changes)

    def add_error(self, row, column, message) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row, str(column), str(message)))

    def summary(self) -> dict:
        return {
            key: getattr(self, key)
            for key in (
                "rows",
                "new",
                "changed",
                "unchanged",
                "invalid_rows",
                "error_count",
                "digest",
            )
        }

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "ImportReport":
        data = dict(data)
        errors = [RowError(**error) for error in data.pop("errors", [])]
        changes = [
            RowChange(**{**change, "fields": [tuple(f) for f in change["fields"]]})
            for change in data.pop("changes", [])
        ]
        return cls(**data, errors=errors, changes=changes)


class _RollBack(Exception):
    pass


def import_table(
    resource: SpreadsheetResource,
    table: Table,
    *,
    apply: bool,
    access=None,
    change_reason: str = "",
    progress: Callable[[int], None] | None = None,
    expected: dict | None = None,
    before_commit: Callable[["ImportReport"], None] | None = None,
) -> ImportReport:
    """Check (and with ``apply``, write) every row of ``table``. ``access`` limits rows to the
    departments the importing user may edit; None means no limit (the shell). ``expected`` is
    the summary of the preview the user confirmed: if the data changed since, so that the
    outcome would differ, nothing is written and the report is the new preview.
    ``before_commit`` runs inside the write's transaction once it succeeded (with the report
    marked applied): what it writes is committed with the rows, and if it raises, nothing is."""
    run = _Run(resource, table, access=access, change_reason=change_reason, progress=progress)
    try:
        with fewer_garbage_collections():
            return _import(run, apply=apply, expected=expected, before_commit=before_commit)
    except (OperationalError, InterfaceError):  # an outage, not a problem of the file
        logger.warning("import stopped: the database could not be reached", exc_info=True)
        return unreachable_report()
    finally:
        run.first_rows.close()


def unreachable_report() -> ImportReport:
    report = ImportReport(database_unreachable=True)
    report.add_error(
        None,
        "",
        _("The database could not be reached, so nothing was changed. Try again later."),
    )
    return report


def _import(run: "_Run", *, apply: bool, expected: dict | None, before_commit=None) -> ImportReport:
    if not apply:
        run.execute(write=False)
        return run.report
    try:
        with transaction.atomic():
            run.execute(write=True)
            if not run.report.ok:
                raise _RollBack
            if expected is not None and run.report.summary() != expected:
                run.report.outdated = True
                raise _RollBack
            if before_commit is not None:
                run.report.applied = True
                before_commit(run.report)
    except _RollBack:
        pass
    except (OperationalError, InterfaceError):
        raise  # reported as an outage by import_table
    except (DatabaseError, ValidationError) as error:
        run.report.add_error(
            None,
            "",
            _("The data could not be saved (%(error)s). Nothing was changed.") % {"error": error},
        )
    run.report.applied = run.report.ok and not run.report.outdated
    return run.report


def _headings_hint(found: HeadingRow | None, first_sheet: str | None) -> str:
    if first_sheet is None:  # a CSV file
        if found is None:
            return _("The headings are read from the first line of the file.")
        return _(
            "The headings are in line %(row)s, but they are read from the first line only. "
            "Delete the lines above them."
        ) % {"row": found.row}
    if found is None:
        return _("The headings are read from the first row of the first sheet (“%(sheet)s”).") % {
            "sheet": first_sheet
        }
    values = {"row": found.row, "sheet": found.sheet, "first": first_sheet}
    if found.sheet == first_sheet:
        return (
            _(
                "The headings are in row %(row)s of sheet “%(sheet)s”, but they are read from the "
                "first row only. Delete the rows above them."
            )
            % values
        )
    if found.row == 1:
        return (
            _(
                "The headings are on sheet “%(sheet)s”, but only the first sheet (“%(first)s”) is "
                "read. Move “%(sheet)s” to the first position."
            )
            % values
        )
    return (
        _(
            "The headings are in row %(row)s of sheet “%(sheet)s”, but only the first row of the "
            "first sheet (“%(first)s”) is read. Move “%(sheet)s” to the first position and delete "
            "the rows above the headings."
        )
        % values
    )


def _chunks(iterator: Iterator, size: int) -> Iterator[list]:
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Run:
    def __init__(self, resource, table, *, access, change_reason, progress):
        self.resource, self.table, self.access = resource, table, access
        self.change_reason, self.progress = change_reason, progress
        self.report = ImportReport()
        self.model = resource._meta.model
        self.first_rows = FirstRows()  # what earlier rows used, and which row first
        self.digest = hashlib.sha256()  # the state every row was compared with
        self.lock = False
        self.columns: dict[int, object] = {}  # position in the file -> resource field
        self.relation_names = {
            f.name for f in self.model._meta.get_fields() if f.is_relation or f.auto_created
        }

    # ---- the header --------------------------------------------------------------------
    def check_header(self) -> bool:
        report, resource = self.report, self.resource
        if problem := resource.problem():
            report.add_error(None, "", problem)
            return False
        known = {normalise(f.column_name): f for f in resource.get_export_fields()}
        if hint := self.where_the_headings_are(known):
            report.add_error(1, "", hint)
        for problem in self.table.header_problems:
            report.add_error(1, "", problem)
        seen = {}
        for position, heading in enumerate(self.table.headers):
            if not heading:
                continue
            found = known.get(normalise(heading))
            if found is None:
                report.add_error(
                    1,
                    heading,
                    _(
                        "Column “%(column)s” (%(letter)s) is unknown. Known columns: %(known)s. "
                        "Rename it as in the template or delete it."
                    )
                    % {
                        "column": heading,
                        "letter": column_letter(position),
                        "known": ", ".join(resource.column_names()),
                    },
                )
                continue
            if found.column_name in seen:
                report.add_error(
                    1, heading, _("Column “%(column)s” appears twice.") % {"column": heading}
                )
                continue
            seen[found.column_name] = position
            self.columns[position] = found
        for heading in resource.required_columns():
            if heading not in seen:
                report.add_error(
                    1,
                    heading,
                    _(
                        "Column “%(column)s” is missing. It is needed to recognise or fill each "
                        "row; add it as in the template."
                    )
                    % {"column": heading},
                )
        self.present = {str(f.column_name) for f in self.columns.values()}
        importable = resource.importable_fields()
        self.scalar_fields = [
            f
            for f in importable
            if str(f.column_name) in self.present and not isinstance(f.widget, ManyToManyWidget)
        ]
        self.m2m_fields = [
            f
            for f in importable
            if str(f.column_name) in self.present and isinstance(f.widget, ManyToManyWidget)
        ]
        # Only links the columns can name are compared and replaced (see widgets.linkable).
        self.linkable = {
            self.resource.field_name(f): set(linkable(f.widget).values_list("pk", flat=True))
            for f in self.m2m_fields
        }
        self.readers = [
            (resource.field_name(f), f, str(f.column_name))
            for f in [*self.scalar_fields, *self.m2m_fields]
        ]
        self.comparers = []
        for f in self.scalar_fields:
            model_field = self.model._meta.get_field(f.attribute)
            self.comparers.append(
                (resource.field_name(f), f, model_field.attname, model_field.is_relation)
            )
        return report.ok

    def where_the_headings_are(self, known: dict) -> str | None:
        """When the first row lacks columns: where the headings are instead, if a few rows
        below it or the first rows of another sheet hold them, else which row is read."""
        table = self.table
        required = {normalise(heading) for heading in self.resource.required_columns()}
        present = {normalise(heading) for heading in table.headers if heading}
        if present <= known.keys() and required <= present:
            return None
        best, most = None, len(present & known.keys())
        for candidate in table.rows_elsewhere():
            names = {normalise(cell) for cell in candidate.cells if cell}
            if required <= names and len(names & known.keys()) > most:
                best, most = candidate, len(names & known.keys())
        return _headings_hint(best, table.sheet)

    # ---- the rows ----------------------------------------------------------------------
    def execute(self, *, write: bool) -> None:
        self.lock = write
        if not self.check_header():
            return
        done = 0
        for chunk in _chunks(self.table.rows(), CHUNK_SIZE):
            prepared = self.prepare_chunk(chunk)
            if write and self.report.ok:
                self.write_chunk(prepared)
            done += len(chunk)
            if self.progress:
                self.progress(done)
        self.report.digest = self.digest.hexdigest()

    def clean_row(self, number: int, cells: list[Cell]):
        raw, errors = {}, []
        for position, field_ in self.columns.items():
            cell = cells[position] if position < len(cells) else Cell(None)
            heading = str(field_.column_name)
            if cell.formula:
                errors.append(
                    (
                        heading,
                        _(
                            "The cell holds a formula (%(formula)s). Replace it with its value "
                            "(copy, then paste values only)."
                        )
                        % {"formula": str(cell.value)[:60]},
                    )
                )
                continue
            raw[heading] = cell.value
        values = {}
        resource = self.resource
        for name, field_, heading in self.readers:
            if heading not in raw:
                continue
            try:  # what import-export's Field.clean does, without its per-cell overhead
                value = field_.widget.clean(raw[heading], row=raw)
                if value in field_.empty_values and field_.default is not NOT_PROVIDED:
                    value = field_.default
                values[name] = value
            except ValueError as error:
                errors.append((heading, str(error)))
        for name in (*resource.key_fields, *resource.required_fields):
            heading = str(resource.fields[name].column_name)
            if (
                heading in raw
                and is_empty(values.get(name))
                and not any(column == heading for column, _message in errors)
            ):
                errors.append((heading, _("This cell must not be empty.")))
        return values, errors

    def prepare_chunk(self, chunk):
        report, resource = self.report, self.resource
        cleaned = []
        for number, cells in chunk:
            report.rows += 1
            values, errors = self.clean_row(number, cells)
            key = resource.natural_key(values) if not errors else None
            external = values.get(resource.external_key, "") if resource.external_key else ""
            if key is not None:
                errors.extend(self.duplicate_errors(number, key, external))
            cleaned.append((number, values, errors, key, external))
        by_key, by_external = resource.fetch_existing(
            [key for _n, _v, errors, key, _e in cleaned if key and not errors],
            [ext for _n, _v, errors, _k, ext in cleaned if ext and not errors],
            lock=self.lock,
        )
        existing = [*by_key.values(), *by_external.values()]
        m2m_before = self.m2m_state(existing)
        prepared = []
        for number, values, errors, key, external in cleaned:
            instance = None
            if not errors:
                instance, errors = self.match(key, external, by_key, by_external)
            if not errors and instance is not None:
                first = self.first_rows.setdefault("matched", instance.pk, number)
                if first != number:
                    errors = [("", _("Row %(row)s already changes this entry (“%(entry)s”). "
                                     "Each entry may appear only once in the file.")
                               % {"row": first, "entry": instance})]  # fmt: skip
            if not errors:
                outcome, errors = self.compare_and_validate(number, instance, values, m2m_before)
                if outcome is not None:
                    prepared.append(outcome)
                if not errors:
                    continue
            report.invalid_rows += 1
            for column, message in errors:
                report.add_error(number, column, message)
        return prepared, m2m_before

    def duplicate_errors(self, number, key, external):
        errors = []
        first = self.first_rows.setdefault("key", key, number)
        if first != number:
            errors.append(
                (
                    "",
                    _(
                        "Row %(row)s already has this entry (same %(key)s). Each entry "
                        "may appear only once in the file."
                    )
                    % {"row": first, "key": self.key_label()},
                )
            )
        if external:
            first = self.first_rows.setdefault("external", external, number)
            if first != number:
                heading = self.resource.fields[self.resource.external_key].column_name
                errors.append(
                    (
                        str(heading),
                        _("Row %(row)s already has the external ID “%(value)s”.")
                        % {"row": first, "value": external},
                    )
                )
        return errors

    def key_label(self) -> str:
        return " + ".join(
            str(self.resource.fields[n].column_name) for n in self.resource.key_fields
        )

    def match(self, key, external, by_key, by_external):
        resource = self.resource
        by_title = by_key.get(key)
        if external and external in by_external:
            instance = by_external[external]
            if by_title is not None and by_title.pk != instance.pk:
                return None, [
                    (
                        "",
                        _(
                            "The external ID “%(external)s” belongs to “%(other)s”, but "
                            "“%(this)s” already exists as another entry."
                        )
                        % {"external": external, "other": instance, "this": by_title},
                    )
                ]
            return instance, []
        if by_title is not None and external:
            current = getattr(by_title, resource.fields[resource.external_key].attribute)
            if current and current != external:
                heading = resource.fields[resource.external_key].column_name
                return None, [
                    (
                        str(heading),
                        _("“%(title)s” already has the external ID “%(current)s”.")
                        % {"title": by_title, "current": current},
                    )
                ]
        return by_title, []

    # ---- compare and validate one row ----------------------------------------------------
    def m2m_state(self, instances) -> dict:
        """{field name: {object pk: [(through id, target pk), ...]}} for existing objects."""
        state = {}
        pks = [obj.pk for obj in instances]
        for field_ in self.m2m_fields:
            name = self.resource.field_name(field_)
            through, source, target = self.through(field_)
            rows = through.objects.filter(**{f"{source}__in": pks}).values_list(
                "pk", source, target
            )
            by_object: dict[int, list] = {pk: [] for pk in pks}
            in_scope = self.linkable[name]
            for through_pk, source_pk, target_pk in rows if pks else []:
                if target_pk in in_scope:
                    by_object[source_pk].append((through_pk, target_pk))
            state[name] = by_object
        return state

    def through(self, field_):
        relation = self.model._meta.get_field(field_.attribute)
        through = relation.remote_field.through
        return through, relation.m2m_field_name(), relation.m2m_reverse_field_name()

    def compare_and_validate(self, number, instance, values, m2m_before):
        resource = self.resource
        new = instance is None
        if new:
            instance = self.model()
        resource.adjust_values(instance, values)
        original_department = None if new else resource.department_id_of(instance)
        changes, changed_attrs, state = [], [], []
        for name, field_, attname, is_relation in self.comparers:
            if name not in values:
                continue
            after = values[name]
            if is_relation:
                before_cmp = getattr(instance, attname)
                after_cmp = after.pk if after is not None else None
                keeps = getattr(field_.widget, "keeps", None)
                if not new and keeps and keeps(before_cmp, after):
                    after_cmp = before_cmp
            else:
                before_cmp, after_cmp = getattr(instance, attname), after
            state.append(before_cmp)
            if new or before_cmp != after_cmp:
                before_obj = None if new else getattr(instance, field_.attribute)
                setattr(instance, field_.attribute, after)
                changed_attrs.append(field_.attribute)
                if new and is_empty(after):
                    continue
                changes.append((field_, before_obj, after))
        m2m_after = {}
        for field_ in self.m2m_fields:
            name = resource.field_name(field_)
            if name not in values:
                continue
            targets = values[name]
            before = {t for _id, t in m2m_before.get(name, {}).get(instance.pk, [])}
            after = {t.pk for t in targets}
            state.append(sorted(before))
            if new and not after:
                continue
            if before != after:
                m2m_after[name] = after
                changes.append((field_, before, targets))
        if new:
            resource.prepare_new(instance, values)
        self.digest.update(repr((number, instance.pk, state)).encode())
        if new or changes:
            errors = self.validate(instance, changed_attrs if not new else None)
            if not new:
                errors += self.problems(resource.change_problems(instance))
        else:  # nothing is written: the stored values need no second check
            errors = self.department_errors(resource.department_id_of(instance))
        if original_department is not None and original_department != resource.department_id_of(
            instance
        ):
            errors += self.department_errors(original_department)
        errors += self.unique_in_file_errors(number, instance)
        if errors:
            return None, errors
        if new:
            action = "new"
            self.report.new += 1
        elif changes:
            action = "changed"
            self.report.changed += 1
        else:
            self.report.unchanged += 1
            return None, []
        if len(self.report.changes) < MAX_CHANGES_KEPT:  # rendered only for those shown
            self.report.changes.append(
                RowChange(number, action, resource.describe(instance), self.render(changes, new))
            )
        return (action, instance, changed_attrs, m2m_after), []

    def render(self, changes, new: bool) -> list[tuple[str, str, str]]:
        rendered = []
        for field_, before, after in changes:
            if isinstance(field_.widget, ManyToManyWidget):
                before_text = self.m2m_names(field_, before)
            else:
                before_text = "" if new else str(field_.widget.render(before))
            rendered.append(
                (str(field_.column_name), before_text, str(field_.widget.render(after)))
            )
        return rendered

    def m2m_names(self, field_, pks) -> str:
        if not pks:
            return ""
        widget = field_.widget
        lookup = widget.single.lookup if isinstance(widget, NamedManyToManyWidget) else None
        names = lookup.names_for(pks) if lookup else [str(pk) for pk in pks]
        return "; ".join(sorted(names))

    def department_errors(self, department_id) -> list:
        # The workspace rule of ``access.scope.may_edit`` for a new entry, asked of the rights
        # already read (no query per row); no access: the shell, which may change everything.
        allowed = self.access is None or self.access.can_edit_department(department_id)
        return [] if allowed else [("", _("You may not change entries of this department."))]

    def unique_in_file_errors(self, number, instance) -> list:
        errors = []
        for name in self.resource.unique_in_file:
            field_ = self.resource.fields[name]
            value = getattr(instance, field_.attribute)
            if is_empty(value):
                continue
            first = self.first_rows.setdefault(f"unique {name}", value, number)
            if first != number:
                errors.append((str(field_.column_name),
                               _("Row %(row)s already has “%(value)s” here; each entry needs "
                                 "its own.") % {"row": first, "value": value}))  # fmt: skip
        return errors

    def validate(self, instance, changed_attrs) -> list:
        errors = self.department_errors(self.resource.department_id_of(instance))
        relation_names = self.relation_names
        if changed_attrs is None:
            exclude = relation_names
        else:
            exclude = {f.name for f in self.model._meta.concrete_fields} - set(changed_attrs)
            exclude |= relation_names
        try:
            instance.clean_fields(exclude=exclude)
            instance.clean()
            if self.resource.validate_unique_rows:
                instance.validate_unique()
                instance.validate_constraints()
        except ValidationError as error:
            errors += self.problems(error.message_dict)
        errors += self.problems(self.resource.row_problems(instance))
        return errors

    def problems(self, messages_by_field: dict) -> list:
        """(column, message) for the model's {field: [messages]}."""
        return [
            (self.heading_for(name), message)
            for name, messages in messages_by_field.items()
            for message in messages
        ]

    def heading_for(self, model_field_name) -> str:
        if model_field_name == NON_FIELD_ERRORS:
            return ""
        for field_ in self.resource.fields.values():
            if field_.attribute == model_field_name:
                return str(field_.column_name)
        return model_field_name

    # ---- writing ----------------------------------------------------------------------
    def write_chunk(self, prepared) -> None:
        rows, m2m_before = prepared
        if not rows:
            return
        model, user, reason = self.model, self.resource.user, self.change_reason
        now = timezone.now()
        created = [instance for action, instance, _a, _m in rows if action == "new"]
        updated = [instance for action, instance, _a, _m in rows if action == "changed"]
        has = {f.name for f in model._meta.concrete_fields}
        bulk.create(model, created)
        if updated:
            attrs = sorted(
                {a for action, _i, changed, _m in rows if action == "changed" for a in changed}
            )
            for instance in updated:
                if "version" in has:
                    instance.version += 1
                if "updated_at" in has:
                    instance.updated_at = now
            attrs += [name for name in ("version", "updated_at") if name in has]
            for key in key_fields(model):  # bulk_update does not run pre_save()
                if key.source in attrs:
                    for instance in updated:
                        key.compute(instance)
                    attrs.append(key.name)
            model._default_manager.bulk_update(updated, attrs, batch_size=CHUNK_SIZE)
        self.write_m2m(rows, m2m_before)
        records = {}
        for objects, update in ((created, False), (updated, True)):
            records |= bulk.create_history(
                model, objects, update=update, user=user, reason=reason, date=now
            )
        self.write_m2m_history(records)
        self.resource.after_apply(created + updated)
        rows_written.send(sender=model, objects=created + updated)

    def write_m2m(self, rows, m2m_before) -> None:
        """Replace the links of the rows whose many-to-many columns changed."""
        for field_ in self.m2m_fields:
            name = self.resource.field_name(field_)
            through, source, target = self.through(field_)
            replaced, added = [], []
            for action, instance, _attrs, m2m_after in rows:
                if name not in m2m_after:
                    continue
                if action == "changed":
                    replaced.append(instance.pk)
                added += [(instance.pk, target_pk) for target_pk in sorted(m2m_after[name])]
            if replaced:
                through.objects.filter(
                    **{f"{source}__in": replaced, f"{target}__in": self.linkable[name]}
                ).delete()
            bulk.insert(through, [f"{source}_id", f"{target}_id"], added)

    def write_m2m_history(self, records: dict) -> None:
        """Each history record (``records``: its pk by the object's pk) holds the links as they
        are after the import, as django-simple-history records them for a single save."""
        history = bulk.history_model(self.model)
        tracked = getattr(history, "_history_m2m_fields", [])
        if not records or not tracked:
            return
        for relation in tracked:
            through = relation.remote_field.through
            source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            links = through.objects.filter(**{f"{source}__in": list(records)}).values_list(
                "pk", source, target
            )
            bulk.insert(
                bulk.m2m_history_model(history, relation.name),
                ["history_id", "id", f"{source}_id", f"{target}_id"],
                [
                    (records[source_pk], through_pk, source_pk, target_pk)
                    for through_pk, source_pk, target_pk in links
                ],
            )
