"""The import's bulk writes: new rows, their history records and many-to-many links.

On PostgreSQL they go in with COPY, through psycopg's copy support. A multi-row INSERT of
5,000 projects spent more time in Python (Django compiling the statement value by value, then
psycopg quoting every value into its text) than the database spent storing the rows. COPY
streams the values instead, so the import's writes take about a third of the time. Primary
keys, which a COPY cannot return, are taken from the table's sequence beforehand.

Elsewhere (SQLite) Django's ``bulk_create``, django-simple-history's ``bulk_history_create``
and plain multi-row INSERTs do the same work.
"""

from functools import cache

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from simple_history.utils import get_change_reason_from_object

INSERT_PARAMETERS = 900  # per statement; SQLite's oldest limit is 999
BATCH_SIZE = 500
HISTORY_FIELDS = {"history_date", "history_change_reason", "history_type", "history_user"}


def _database():
    """The connection itself rather than ``django.db.connection``, a proxy that looks it up
    again on every use (a few hundred thousand times for the values of one import)."""
    return connections[DEFAULT_DB_ALIAS]


def _copies() -> bool:
    return _database().vendor == "postgresql"


def create(model, objects: list) -> None:
    """Save new ``objects`` of ``model`` and set their primary keys, as ``bulk_create`` does
    (including ``auto_now``/``auto_now_add`` dates). No signals are sent."""
    if not objects:
        return
    pk = model._meta.pk
    if not _copies() or pk.get_internal_type() not in ("AutoField", "BigAutoField"):
        model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)
        return
    fields = [field for field in model._meta.concrete_fields if field is not pk]
    database, rows = _database(), []
    for instance, pk_value in zip(objects, _reserve_ids(model, len(objects)), strict=True):
        setattr(instance, pk.attname, pk_value)
        rows.append(
            (
                pk_value,
                *[f.get_db_prep_save(f.pre_save(instance, True), database) for f in fields],
            )
        )
        instance._state.adding = False
        instance._state.db = database.alias
    insert(model, [pk.column, *(field.column for field in fields)], rows)


def create_history(model, objects: list, *, update: bool, user, reason: str, date) -> dict:
    """History records for ``objects`` just written, one each, as django-simple-history's
    ``bulk_history_create`` makes them ("+" created, "~" changed). Returns the new records'
    primary keys by the primary key of their object."""
    if not objects or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return {}
    record_model = history_model(model)
    pk = model._meta.pk
    if not _copies() or not _plain_history(record_model):
        records = model.history.bulk_history_create(
            objects,
            update=update,
            default_user=user,
            default_change_reason=reason,
            default_date=date,
            batch_size=BATCH_SIZE,
        )
        return {getattr(record, pk.attname): record.pk for record in records or []}
    tracked = record_model.tracked_fields
    record_pk = record_model._meta.pk
    columns = [record_pk.column, *(record_model._meta.get_field(f.name).column for f in tracked)]
    columns += [record_model._meta.get_field(name).column for name in sorted(HISTORY_FIELDS)]
    history_type = "~" if update else "+"
    database, rows, pks = _database(), [], {}
    for instance, record_pk_value in zip(
        objects, _reserve_ids(record_model, len(objects)), strict=True
    ):
        record_user = getattr(
            instance, "_history_user", user or record_model.get_default_history_user(instance)
        )
        values = [f.get_db_prep_save(getattr(instance, f.attname), database) for f in tracked]
        rows.append(
            (
                record_pk_value,
                *values,
                # sorted(HISTORY_FIELDS): change reason, date, type, user
                get_change_reason_from_object(instance) or reason,
                getattr(instance, "_history_date", date),
                history_type,
                record_user.pk if record_user is not None else None,
            )
        )
        pks[instance.pk] = record_pk_value
    insert(record_model, columns, rows)
    return pks


@cache
def history_model(model):
    """django-simple-history's record model for ``model`` (``model.history`` builds a new
    manager class on every access, garbage that waits for the collector)."""
    return model.history.model


@cache
def m2m_history_model(record_model, name: str):
    """The history model of one of ``record_model``'s many-to-many fields (also built anew on
    every access)."""
    return getattr(record_model, name).model


def _plain_history(record_model) -> bool:
    """The history model holds the tracked fields and simple-history's own, nothing else
    (no custom fields, no ``history_relation``): the rows ``create_history`` writes."""
    expected = {record_model._meta.pk.attname}
    expected |= {f.attname for f in record_model.tracked_fields}
    expected |= {record_model._meta.get_field(name).attname for name in HISTORY_FIELDS}
    return {f.attname for f in record_model._meta.concrete_fields} == expected


def _reserve_ids(model, count: int) -> list[int]:
    database = _database()
    table, column = model._meta.db_table, model._meta.pk.column
    with database.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [database.ops.quote_name(table), column, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def insert(model, columns: list[str], rows: list[tuple]) -> None:
    """Rows of values ready for the database (one per column) into ``model``'s table."""
    if not rows:
        return
    database = _database()
    quote = database.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(column) for column in columns)
    with database.cursor() as cursor:
        if _copies():
            # psycopg's own cursor: its errors become Django's (a unique violation is an
            # IntegrityError that the import reports, not an unknown exception).
            with (
                database.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
        batch = max(1, INSERT_PARAMETERS // len(columns))
        for start in range(0, len(rows), batch):
            part = rows[start : start + batch]
            cursor.execute(
                f"INSERT INTO {table} ({names}) VALUES "  # noqa: S608 (quoted names only)
                + ", ".join([placeholders] * len(part)),
                [value for row in part for value in row],
            )
