"""Widgets that read spreadsheet cells the way German offices write them and render values the
way users see them in the app. Each ``clean`` raises ``ValueError`` with a German message that
says how to fix the cell; the import names the row and column around it."""

import datetime
import re
import time
import unicodedata
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from import_export import widgets

from core.numbers import LARGEST, parse_number
from core.text import clean_name, name_key

EXCEL_EPOCH = datetime.date(1899, 12, 30)  # serial 1 = 1.1.1900, with Excel's leap-year bug
LIST_SEPARATOR = re.compile(r"\s*[;\n]\s*")


def normalise(value) -> str:
    """The form in which names are compared: without invisible characters, NFC, inner
    whitespace collapsed, case folded (the app's one comparison form, ``core.text``)."""
    return name_key(value)


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def composed(text: str) -> str:
    """``text`` in Unicode's composed form (NFC): é as one character, as Windows keyboards
    type it, not e and an accent, as macOS often sends it."""
    return unicodedata.normalize("NFC", text)


def cell_text(value) -> str:
    """A cell's text as written, without surrounding whitespace. Not normalised: a text that
    was stored decomposed comes back decomposed; names are compared with ``normalise``."""
    if is_empty(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.CharWidget):
    """Text with surrounding whitespace removed, as forms store it, and otherwise as written;
    numbers typed into a text column stay as written (12 rather than 12.0)."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class NameWidget(TextWidget):
    """A title or name, cleaned as the app stores names (``core.text.clean_name``), so that a
    file naming an entry with a stray zero-width space or a double space changes nothing."""

    def clean(self, value, row=None, **kwargs):
        return clean_name(cell_text(value))


class GermanDateWidget(widgets.DateWidget):
    """31.12.2026, 2026-12-31, a real Excel date or an Excel serial number."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if is_number and 10_000 <= value < 100_000:  # an Excel serial number, 1927 to 2173
            return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        text = cell_text(value)
        for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S"):
            try:
                return datetime.date(*time.strptime(text, pattern)[:3])
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date. Write it as DD.MM.YYYY, for example 31.12.2026.")
            % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return date_format(value, "d.m.Y")


def _decimal(value, percent: bool = False) -> Decimal | None:
    """A cell as a finite, sensibly sized number. A spreadsheet's binary fractions
    (0.30000000000000004) are rounded to what a person typed; text is read the German way
    (files are German first: 12.500 is twelve thousand five hundred), see ``core.numbers``."""
    if isinstance(value, float):
        number = Decimal(f"{value:.6f}").normalize() if value == value else None
    elif isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        try:
            number = parse_number(cell_text(value), percent=percent, decimal_mark=",")
        except ValueError:
            return None
    if number is None or not number.is_finite() or abs(number) >= LARGEST:
        return None
    return number


class GermanDecimalWidget(widgets.DecimalWidget):
    """1.234,56 or 1234,56 or a real number; an amount in euros."""

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
        try:
            number = _decimal(value)
        except ArithmeticError:  # InvalidOperation, Overflow
            number = None
        if number is None:
            raise ValueError(
                _("“%(value)s” is not a number. Write it with a decimal comma, e.g. 12.500,50.")
                % {"value": cell_text(value)}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if kwargs.get("force_native_type"):
            return value
        return f"{value:.2f}".replace(".", ",")


class GermanIntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        if isinstance(value, bool):
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        try:
            number = _decimal(value, percent=True)
        except ArithmeticError:  # InvalidOperation, Overflow
            number = None
        if number is None or number != number.to_integral_value():
            raise ValueError(
                _("“%(value)s” is not a whole number. Write digits only, e.g. 40.")
                % {"value": cell_text(value)}
            )
        return int(number)

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class ChoiceWidget(widgets.Widget):
    """A choice by its label as the app shows it (in German or English) or by its code."""

    def __init__(self, choices, default=None, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices  # a TextChoices class
        self.default = default
        self._labels = None  # (language, {code: label}) for rendering
        self._table = None  # (language, {normalised code or label: code}) for reading

    def _lookup(self) -> dict[str, str]:
        """Codes and labels (in the active language and in English) to codes."""
        language = get_language()
        if self._table is None or self._table[0] != language:
            table = {}
            for code, label in self.choices.choices:
                table[normalise(code)] = code
                table[normalise(label)] = code
                table[normalise(getattr(label, "_args", [label])[0])] = code  # English msgid
            self._table = (language, table)
        return self._table[1]

    def allowed_labels(self) -> list[str]:
        return [str(label) for _code, label in self.choices.choices]

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            if self.default is None:
                return ""
            return self.default
        code = self._lookup().get(normalise(value))
        if code is None:
            raise ValueError(
                _("“%(value)s” is not an allowed value. Allowed: %(allowed)s.")
                % {"value": cell_text(value), "allowed": ", ".join(self.allowed_labels())}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        if not value:
            return ""
        language = get_language()
        if self._labels is None or self._labels[0] != language:
            self._labels = (language, {code: str(label) for code, label in self.choices.choices})
        return self._labels[1].get(value, value)


class YesNoWidget(widgets.BooleanWidget):
    TRUE = {"ja", "j", "yes", "y", "x", "wahr", "true", "1"}
    FALSE = {"nein", "n", "no", "falsch", "false", "0", "-"}

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return False
        if isinstance(value, bool):
            return value
        text = normalise(cell_text(value))
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s” is neither “ja” nor “nein”.") % {"value": cell_text(value)})

    def render(self, value, obj=None, **kwargs):
        return str(_("yes") if value else _("no"))

    def allowed_labels(self) -> list[str]:
        return [str(_("yes")), str(_("no"))]


class NamedLookup:
    """Objects by their name, loaded once per import: a name table keeps a 5,000-row file at a
    handful of queries. ``scope`` (optional) is a second name, such as the department an office
    belongs to; names then need to be unique only within their scope."""

    def __init__(self, queryset, name, scope=None, aliases=None):
        self.queryset, self.name, self.scope, self.aliases = queryset, name, scope, aliases
        self._table = None

    def copy(self) -> "NamedLookup":
        return NamedLookup(self.queryset, self.name, self.scope, self.aliases)

    def _load(self):
        table: dict[tuple, list] = {}
        for obj in self.queryset():
            scope = normalise(self.scope(obj)) if self.scope else ""
            names = {self.name(obj), str(obj), *(self.aliases(obj) if self.aliases else ())}
            for name in names:
                table.setdefault((scope, normalise(name)), []).append(obj)
        return table

    def _ensure_loaded(self) -> None:
        if self._table is None:
            self._table = self._load()
            self._found, self._pks = {}, None

    def contains(self, pk) -> bool:
        """Whether the object is one of those the names are looked up among."""
        self._ensure_loaded()
        if self._pks is None:
            self._pks = {obj.pk for objects in self._table.values() for obj in objects}
        return pk in self._pks

    def names_for(self, pks) -> list[str]:
        self._ensure_loaded()
        names = {obj.pk: str(obj) for objects in self._table.values() for obj in objects}
        return [names.get(pk, f"#{pk}") for pk in pks]

    def find(self, value, scope="") -> list:
        self._ensure_loaded()
        if (value, scope) not in self._found:  # the same names recur on many rows
            found = self._table.get((normalise(scope) if scope else "", normalise(value)), [])
            self._found[(value, scope)] = list({obj.pk: obj for obj in found}.values())
        return self._found[(value, scope)]


class NamedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A related object by its name (an office by its name within the row's department)."""

    def __init__(self, model, lookup: NamedLookup, *, label, scope_column=None, **kwargs):
        super().__init__(model, **kwargs)
        self.lookup, self.label, self.scope_column = lookup, label, scope_column

    def __deepcopy__(self, memo):  # resources copy their fields; each copy loads its own table
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.lookup = self.lookup.copy() if self.lookup else None
        return clone

    def scope_of(self, row) -> str:
        if not self.scope_column or not row:
            return ""
        return cell_text(row.get(str(self.scope_column)))

    def find_one(self, name, row):
        scope = self.scope_of(row)
        found = self.lookup.find(name, scope)
        if not found:
            where = _(" in “%(scope)s”") % {"scope": scope} if scope else ""
            raise ValueError(
                _(
                    "%(label)s “%(value)s”%(where)s is unknown. Check the spelling, or import it "
                    "first."
                )
                % {"label": self.label, "value": name, "where": where}
            )
        if len(found) > 1:
            raise ValueError(
                _(
                    "%(label)s “%(value)s” is ambiguous. Add the department in brackets, e.g. "
                    "“%(value)s (%(example)s)”."
                )
                % {"label": self.label, "value": name, "example": found[0].department}
                if hasattr(found[0], "department")
                else _("%(label)s “%(value)s” is ambiguous. Use the full name.")
                % {"label": self.label, "value": name}
            )
        return found[0]

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return None
        return self.find_one(cell_text(value), row)

    def render(self, value, obj=None, **kwargs):
        """Empty for an object outside the lookup (the agenda project of an archived agenda),
        as for many-to-many links (see ``linkable``)."""
        if value is None or (self.lookup is not None and not self.lookup.contains(value.pk)):
            return ""
        return str(value)

    def keeps(self, current_pk, cleaned) -> bool:
        """An empty cell leaves a link to an object outside the lookup as it is."""
        if cleaned is not None or current_pk is None or self.lookup is None:
            return False
        return not self.lookup.contains(current_pk)


class NamedManyToManyWidget(widgets.ManyToManyWidget):
    """Several related objects by name, separated by semicolons or line breaks."""

    def __init__(self, model, lookup: NamedLookup, *, label, scope_column=None, **kwargs):
        super().__init__(model, separator=";", **kwargs)
        self.single = NamedForeignKeyWidget(model, lookup, label=label, scope_column=scope_column)

    def __deepcopy__(self, memo):
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.single = self.single.__deepcopy__(memo)
        return clone

    def clean(self, value, row=None, **kwargs):
        if is_empty(value):
            return []
        names = [name for name in LIST_SEPARATOR.split(cell_text(value)) if name]
        objects, errors = {}, []
        for name in names:
            try:
                obj = self.single.find_one(name, row)
                objects[obj.pk] = obj
            except ValueError as error:
                errors.append(str(error))
        if errors:
            raise ValueError(" ".join(errors))
        return list(objects.values())

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        if hasattr(value, "filter"):  # a related manager: only what the column speaks of
            value = value.filter(pk__in=linkable(self).values("pk"))
        return "; ".join(sorted(str(item) for item in value))


def linkable(widget):
    """The objects a many-to-many column names, such as the goals of the active agenda. Links
    to anything else (goals of an archived agenda) are neither exported nor replaced by an
    import; the project form treats them the same way."""
    if isinstance(widget, NamedManyToManyWidget):
        return widget.single.lookup.queryset()
    return widget.model._default_manager.all()
