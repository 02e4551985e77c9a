from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.numbers import format_number, parse_number

_CHOICE_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def kern_css_class(widget: forms.Widget) -> str:
    """The KERN design-system class for a form widget."""
    # CheckboxSelectMultiple subclasses RadioSelect, so it is asked first.
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "kern-form-check__checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "kern-form-check__radio"
    if isinstance(widget, forms.SelectMultiple):
        return "kern-form-input__input select-multiple"
    if isinstance(widget, forms.Select):
        return "kern-form-input__select"
    return "kern-form-input__input"


def is_choice_group(widget: forms.Widget) -> bool:
    """Radio buttons and checkbox lists are rendered as a fieldset with a legend."""
    return isinstance(widget, _CHOICE_WIDGETS)


def apply_kern_classes(form: forms.BaseForm) -> None:
    """Give every visible widget of ``form`` its KERN class (for forms that add fields after
    their ``__init__``)."""
    for field in form.fields.values():
        widget = field.widget
        if not isinstance(widget, forms.HiddenInput):
            classes = widget.attrs.get("class", "")
            if kern_css_class(widget) not in classes:
                widget.attrs["class"] = f"{classes} {kern_css_class(widget)}".strip()


class KernFormMixin:
    """Gives every widget the KERN class; errors and descriptions are added when rendering."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_kern_classes(self)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's ValidationError onto the form: per field where the form has the field,
    above the form otherwise (never a ValueError for a field the form lacks)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = name if name in form.fields and name != NON_FIELD_ERRORS else None
        form.add_error(target, errors)


def keep_stale_input(form, current_version: int, message) -> None:
    """A form saved on an outdated version: say so, keep what the user typed, and carry the
    current version so that saving again (after comparing) is not refused a second time."""
    form.add_error(None, message)
    form.data = form.data.copy()
    form.data["version"] = current_version


class KernForm(KernFormMixin, forms.Form):
    """A plain form in the KERN style, e.g. the base form of filter sets."""


class LocalNumberInput(forms.TextInput):
    """A text input for numbers: a browser's number input refuses, or silently empties,
    "12.500,50" where its own language writes numbers the other way."""

    def __init__(self, attrs=None, *, decimal: bool = True):
        defaults = {"inputmode": "decimal" if decimal else "numeric", "autocomplete": "off"}
        super().__init__({**defaults, **(attrs or {})})


class LocalDecimalField(forms.DecimalField):
    """An amount typed the German way (12.500,50) or the English way (12,500.50), whatever
    the browser's locale; shown the way the page's language writes it."""

    widget = LocalNumberInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_number(value)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value, places=self.decimal_places)
        return value

    def widget_attrs(self, widget):
        return {}  # no step/min/max: those belong to a number input


class LocalIntegerField(forms.IntegerField):
    """A whole number, also typed as "40,0" or "40 %"."""

    widget = LocalNumberInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", LocalNumberInput(decimal=False))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_number(value, percent=True)
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if number != number.to_integral_value():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)

    def widget_attrs(self, widget):
        return {}
