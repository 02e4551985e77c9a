"""The base of every spreadsheet definition.

A resource is the one definition of a type's columns: German headings as the app shows them,
widgets that read and render cells, the key that recognises existing rows, and help for the
template's explanation sheet. The export, the template, the in-app import (``engine``), the
management command and the Django admin's import-export screens all use the same class.
"""

import unicodedata
from collections import defaultdict
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db.models import NOT_PROVIDED, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.widgets import ManyToManyWidget

from core.excel import CellTooLong, too_long_for_a_cell
from core.text import cell_length, name_key
from spreadsheets.widgets import TextWidget, composed, linkable

EXPORT_CHUNK_SIZE = 2000


def column(
    attribute,
    heading,
    widget=None,
    *,
    readonly=False,
    default=NOT_PROVIDED,
    help_text="",
    example="",
):
    """A column: ``heading`` is the German label users know from the app; ``default`` is what an
    empty cell means."""
    field = fields.Field(
        attribute=attribute,
        column_name=heading,
        widget=widget or TextWidget(),
        readonly=readonly,
        default=default,
    )
    field.help_text, field.example = help_text, example
    return field


def _forms(value) -> set:
    """A key part as the file has it, composed and decomposed: a text stored as one is found by
    a file that has it as the other (see ``_match``)."""
    if not isinstance(value, str):
        return {value}
    return {value, composed(value), unicodedata.normalize("NFD", value)}


def _composed_key(key):
    if isinstance(key, tuple):
        return tuple(_composed_key(part) for part in key)
    return composed(key) if isinstance(key, str) else key


def _match(wanted, objects, key_of, found: dict) -> None:
    """``found[key] = obj`` for each key of the file that names a stored object, the texts
    compared in composed form (é typed on Windows names é stored from a Mac, and the other way
    round); an object stored with exactly the file's form wins over one that differs only in
    composition."""
    by_composed = defaultdict(list)
    for key in wanted:
        by_composed[_composed_key(key)].append(key)
    for obj in objects:
        stored = key_of(obj)
        for key in by_composed.get(_composed_key(stored), ()):
            if key not in found or stored == key:
                found[key] = obj


class SpreadsheetResource(resources.ModelResource):
    #: resource field names that identify a row when there is no external id
    key_fields: tuple[str, ...] = ()
    #: resource field name of a stable key from another system, if the model has one
    external_key: str | None = None
    #: columns that must be present and filled in every row
    required_fields: tuple[str, ...] = ()
    #: related objects read with each existing object (used by validation)
    existing_select_related: tuple[str, ...] = ()
    #: check unique constraints per row (cheap for small tables, the strategy and the org)
    validate_unique_rows = True
    #: further columns whose values must differ between rows of one file (besides the key)
    unique_in_file: tuple[str, ...] = ()
    #: key columns matched in their comparison form (``core.text.name_key``): resource field
    #: name -> the model's key field kept in that form (a ``NameKeyField``)
    compared_keys: dict[str, str] = {}

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._field_names = None
        for field in self.fields.values():  # translated once, not for every cell
            field.column_name = str(field.column_name)

    # ---- what the rest of the app asks of a type ---------------------------------------
    @classmethod
    def title(cls) -> str:
        return str(cls._meta.model._meta.verbose_name_plural)

    def export_queryset(self, queryset):
        return queryset.select_related(*self.existing_select_related)

    def rows(self, queryset):
        """Rows with native values (dates stay dates, numbers stay numbers) for xlsx. A text
        longer than an Excel cell holds is refused (``CellTooLong``), naming the entry and the
        column, rather than cut."""
        for obj, row in self._rows(queryset, force_native_type=True):
            if any(too_long_for_a_cell(value) for value in row):
                raise self._too_long(obj, row)
            yield row

    def text_rows(self, queryset):
        """Rows as text, the way the app shows values (for csv, which has no length limit)."""
        for _obj, row in self._rows(queryset):
            yield row

    def _too_long(self, obj, row) -> CellTooLong:
        fields = self.get_export_fields()
        position = next(index for index, value in enumerate(row) if too_long_for_a_cell(value))
        return CellTooLong(
            _(
                "“%(entry)s”: the text in column “%(column)s” has %(length)s characters, more "
                "than the 32,767 an Excel cell holds, and would be cut. Nothing was exported. "
                "Use the CSV export on the page “Import and export”, which has no such limit, "
                "or shorten the text."
            )
            % {
                "entry": self.describe(obj),
                "column": fields[position].column_name,
                "length": number_format(cell_length(row[position]), force_grouping=True),
            }
        )

    def _rows(self, queryset, **render):
        """(object, row) for the queryset, streamed in chunks (import-export pages with OFFSET
        instead, sorting the table again for every page); many-to-many names come from one
        query per column rather than a related manager per cell."""
        queryset = self.export_queryset(queryset)
        fields = self.get_export_fields()
        linked = self._linked_names(queryset, fields)
        # Plain attributes are read directly; related paths ("project__title") through
        # import-export's Field, which also copes with a missing link.
        readers = [
            (field, None if "__" in (field.attribute or "__") else attrgetter(field.attribute))
            for field in fields
        ]
        for obj in queryset.iterator(chunk_size=EXPORT_CHUNK_SIZE):
            yield (
                obj,
                [
                    linked[field.attribute].get(obj.pk, "")
                    if field.attribute in linked
                    else field.widget.render(get(obj), **render)
                    if get is not None
                    else field.export(obj, **render)
                    for field, get in readers
                ],
            )

    def _linked_names(self, queryset, fields) -> dict[str, dict[int, str]]:
        names_by_column = {}
        for field in fields:
            if not isinstance(field.widget, ManyToManyWidget):
                continue
            relation = self._meta.model._meta.get_field(field.attribute)
            source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            names = {obj.pk: str(obj) for obj in linkable(field.widget)}
            links = relation.remote_field.through.objects.filter(
                **{f"{source}__in": queryset.values("pk")}
            ).values_list(source, target)
            grouped: dict[int, list[str]] = defaultdict(list)
            for source_pk, target_pk in links.iterator(chunk_size=EXPORT_CHUNK_SIZE):
                if target_pk in names:
                    grouped[source_pk].append(names[target_pk])
            names_by_column[field.attribute] = {
                pk: "; ".join(sorted(items)) for pk, items in grouped.items()
            }
        return names_by_column

    def importable_fields(self) -> list:
        return [f for f in self.get_import_fields() if f.attribute and not f.readonly]

    def column_names(self) -> list[str]:
        return [str(f.column_name) for f in self.get_export_fields()]

    def required_columns(self) -> list[str]:
        names = {*self.key_fields, *self.required_fields}
        return [str(self.fields[name].column_name) for name in self.fields if name in names]

    def field_name(self, field) -> str:
        if self._field_names is None:
            self._field_names = {id(candidate): name for name, candidate in self.fields.items()}
        return self._field_names[id(field)]

    # ---- keys ----------------------------------------------------------------------------
    @staticmethod
    def _key_part(value):
        if hasattr(value, "pk"):
            return value.pk
        return value

    def natural_key(self, values: dict) -> tuple | None:
        parts = tuple(
            name_key(values.get(name) or "")
            if name in self.compared_keys
            else self._key_part(values.get(name))
            for name in self.key_fields
        )
        return None if any(part in (None, "") for part in parts) else parts

    def _key_attribute(self, name: str) -> str:
        return self.compared_keys.get(name) or self.fields[name].attribute

    def natural_key_of(self, obj) -> tuple:
        """The key of a stored object; related objects by their id, without loading them."""
        meta = self._meta.model._meta
        parts = []
        for name in self.key_fields:
            model_field = meta.get_field(self._key_attribute(name))
            parts.append(getattr(obj, model_field.attname))
        return tuple(parts)

    def existing_queryset(self):
        return self._meta.model._default_manager.all()

    def fetch_existing(self, natural_keys: list[tuple], external_ids: list[str], lock=False):
        """Existing objects for a chunk of rows: (by natural key, by external id), two queries
        at most whatever the chunk size. ``lock`` holds their rows until the import's
        transaction ends, so that nobody changes them between check and write."""
        queryset = self.existing_queryset().select_related(*self.existing_select_related)
        if lock:
            queryset = queryset.select_for_update(of=("self",))
        by_key, by_external = {}, {}
        if natural_keys:
            condition = Q()
            for position, name in enumerate(self.key_fields):
                attribute = self._key_attribute(name)
                values = {form for key in natural_keys for form in _forms(key[position])}
                condition &= Q(**{f"{attribute}__in": values})
            _match(natural_keys, queryset.filter(condition), self.natural_key_of, by_key)
        if external_ids and self.external_key:
            attribute = self.fields[self.external_key].attribute
            values = {form for external in external_ids for form in _forms(external)}
            found = queryset.filter(**{f"{attribute}__in": values})
            _match(external_ids, found, attrgetter(attribute), by_external)
        return by_key, by_external

    # ---- hooks for the types ------------------------------------------------------------
    def problem(self) -> str | None:
        """Why nothing of this type can be imported right now (e.g. no active agenda)."""
        return None

    def adjust_values(self, instance, values: dict) -> None:
        """Last changes to a row's values before they are compared and applied."""

    def prepare_new(self, instance, values: dict) -> None:
        """Fill what a new object needs beyond the file (an agenda, a URL name, ...)."""

    def department_id_of(self, instance) -> int | None:
        """The workspace an object belongs to, for the edit check; None for city-wide data."""
        return None

    def after_apply(self, touched: list) -> None:
        """Runs once per chunk after the chunk's objects were written."""

    def change_problems(self, instance) -> dict:
        """Why an existing entry may not be changed at all ({field: [messages]}), asked for
        each row that changes one; the rules of the type's services."""
        return {}

    def row_problems(self, instance) -> dict:
        """Why the entry may not be saved as the row has it ({field: [messages]}), for rules
        beyond the model's own ``clean()`` that the type's services check (rules that look at
        other entries, such as the links between projects). Asked for each row that adds or
        changes an entry, in the order of the file, after the row's values are set."""
        return {}

    def describe(self, instance) -> str:
        return str(instance)

    # ---- django-import-export's own import (the admin) -----------------------------------
    def get_import_id_fields(self):
        return list(self.key_fields)

    def get_instance(self, instance_loader, row):
        values = {}
        for name in {*self.key_fields, *([self.external_key] if self.external_key else [])}:
            field = self.fields[name]
            if field.column_name in row:
                values[name] = field.clean(row)
        by_key, by_external = self.fetch_existing(
            [key] if (key := self.natural_key(values)) else [],
            [ext] if self.external_key and (ext := values.get(self.external_key)) else [],
        )
        if self.external_key and values.get(self.external_key) in by_external:
            return by_external[values[self.external_key]]
        return by_key.get(key) if key else None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """A column changes only the links it can name; links to anything else (goals or the
        agenda project of an archived agenda) stay."""
        if not (field.attribute and field.column_name in row):
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        if is_m2m:
            links = getattr(instance, field.attribute)
            kept = links.exclude(pk__in=linkable(field.widget).values("pk"))
            links.set([*field.clean(row), *kept])
            return None
        keeps = getattr(field.widget, "keeps", None)
        if keeps:
            attname = self._meta.model._meta.get_field(field.attribute).attname
            if keeps(getattr(instance, attname), field.clean(row)):
                return None
        return super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The admin's import validates like the app's: field rules, the model's clean(), and
        for an entry it changes, the rules about changing it."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=errors.keys(), validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        adding = instance._state.adding
        if adding or self._differs_from_stored(instance):
            found = [] if adding else [self.change_problems(instance)]
            for problems in [*found, self.row_problems(instance)]:
                for name, messages in problems.items():
                    errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        self._row = row  # for the change check below: the links are set only after saving
        super().import_instance(instance, row, **kwargs)

    def _differs_from_stored(self, instance) -> bool:
        """Whether the row changes the stored entry: a value, or a link its columns name."""
        names = [field.attname for field in instance._meta.concrete_fields]
        stored = type(instance)._default_manager.filter(pk=instance.pk).values(*names).first()
        if stored is None or any(stored[name] != getattr(instance, name) for name in names):
            return True
        row = getattr(self, "_row", None) or {}
        for field in self.get_import_fields():
            if not (field.attribute and isinstance(field.widget, ManyToManyWidget)):
                continue
            if field.column_name not in row:
                continue
            named = linkable(field.widget).values("pk")
            stored_links = set(
                getattr(instance, field.attribute).filter(pk__in=named).values_list("pk", flat=True)
            )
            if stored_links != {obj.pk for obj in field.clean(row)}:
                return True
        return False

    def before_save_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            self.prepare_new(instance, {})
        elif hasattr(instance, "version"):
            instance.version += 1
        if self.user is not None:
            instance._history_user = self.user
