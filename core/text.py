"""Names and titles as people mean them, not as their bytes happen to be.

Text pasted from a PDF, a web page or a spreadsheet brings invisible characters along:
zero-width spaces and joiners, bidirectional controls, soft hyphens, non-breaking or doubled
spaces, and letters composed in two ways (é as one character or as e + accent). Two titles
that look the same must be the same: :func:`clean_name` removes and unifies all of that, and
:func:`name_key` is the form in which names are compared (case-insensitively). The fields
below apply both on every path that saves (forms, services, imports, the admin).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible

# What has no place in a name: format characters (Unicode category Cf: zero-width space and
# joiners, bidirectional marks, embeddings and isolates, the byte order mark, the soft
# hyphen, ...), control characters (Cc), and the other characters Unicode says to show as
# nothing (Default_Ignorable_Code_Point: variation selectors, the combining grapheme joiner,
# Hangul fillers, ...) plus the blank Braille pattern. Control characters that are whitespace
# (tab, line breaks) become a space instead. The ranges are those of Unicode 14 (Python 3.11),
# written out so that importing this module costs nothing; tests compare them with
# ``unicodedata``.
_FORMAT_AND_CONTROL = (
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f"
    "\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_IGNORABLE = (
    "\u034f\u115f-\u1160\u17b4-\u17b5\u180b-\u180f\u2065\u2800\u3164\ufe00-\ufe0f\uffa0"
    "\ufff0-\ufff8\U000e0000-\U000e0fff"
)
INVISIBLE = re.compile(f"[{_FORMAT_AND_CONTROL}{_IGNORABLE}]")


def clean_name(value) -> str:
    """``value`` without invisible characters, NFC-composed, with single spaces."""
    if value is None:
        return ""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", str(value)))
    return " ".join(text.split())


def name_key(value) -> str:
    """The form in which two names are the same: cleaned and case-folded."""
    return clean_name(value).casefold()


class NameField(models.CharField):
    """A title or name: stored as :func:`clean_name` makes it, whoever saves it."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if value is None else clean_name(value)

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value is not None:
            value = clean_name(value)
            setattr(model_instance, self.attname, value)
        return value


class NameKeyField(models.CharField):
    """The comparison form (:func:`name_key`) of the name field ``source``, kept in step on
    every save (also ``bulk_create``), so that a unique constraint over it refuses names that
    differ only in case or in invisible characters."""

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        if kwargs.get("default") == "":
            kwargs.pop("default")
        return name, path, args, kwargs

    def compute(self, model_instance) -> str:
        value = name_key(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value

    def pre_save(self, model_instance, add):
        return self.compute(model_instance)


def key_fields(model) -> list[NameKeyField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, NameKeyField)]


class NameKeyMixin:
    """For models with a :class:`NameKeyField`: the unique constraints over the key are
    checked with the name (a form that edits the name checks them although the key is not a
    form field), and a duplicate is reported on the name's field."""

    def validate_constraints(self, exclude=None):
        exclude = set(exclude or ())
        for key in key_fields(type(self)):
            key.compute(self)
            if key.source not in exclude:
                exclude.discard(key.name)
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            raise ValidationError(self._errors_on_names(error.error_dict)) from None

    def _errors_on_names(self, errors: dict) -> dict:
        moved = {}
        for field, messages in errors.items():
            target = field
            for message in messages:
                for key in key_fields(type(self)):
                    if message.code == f"duplicate_{key.source}":
                        target = key.source
                moved.setdefault(target, []).append(message)
        return moved


# Excel's limit per cell, counted as Excel counts (in UTF-16 units: an emoji counts twice).
# What a workbook cannot carry, the app does not store: exports and re-imports then give back
# every value as it was.
CELL_LIMIT = 32_767


def cell_length(text: str) -> int:
    """The length of ``text`` as Excel counts it: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


@deconstructible
class CellLengthValidator(MaxLengthValidator):
    """At most ``limit_value`` characters as a spreadsheet cell counts them."""

    def clean(self, x):
        return cell_length(x)


class LongTextField(models.TextField):
    """Free text that fits one spreadsheet cell, checked on every path that validates (forms
    show the limit, imports name the row and column)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", CELL_LIMIT)
        super().__init__(*args, **kwargs)
        self.validators.append(CellLengthValidator(self.max_length))


def store_cleaned_names(model, *, field: str, key: str, scope: str | None) -> None:
    """For a data migration: every stored ``field`` as :class:`NameField` keeps it, and its
    ``key`` (:func:`name_key`). Two that become the same within ``scope`` keep both, the later
    one numbered (“ (2)”), so that a unique constraint over (scope, key) can be created and
    nothing is lost."""
    limit = model._meta.get_field(field).max_length
    seen = set()
    for row in model.objects.order_by("pk").values(*{"pk", field, key, scope} - {None}):
        pk, value, stored_key = row["pk"], row[field], row[key]
        scope_id = row[scope] if scope else None
        cleaned = clean_name(value) or str(pk)
        candidate, number = cleaned, 1
        while (scope_id, name_key(candidate)) in seen:
            number += 1
            suffix = f" ({number})"
            candidate = cleaned[: limit - len(suffix)].rstrip() + suffix
        seen.add((scope_id, name_key(candidate)))
        if (candidate, name_key(candidate)) != (value, stored_key):
            model.objects.filter(pk=pk).update(**{field: candidate, key: name_key(candidate)})
