from django import forms

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


class KernFormMixin:
    """Gives every widget the KERN class; errors and descriptions are added when rendering."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if not isinstance(widget, forms.HiddenInput):
                classes = widget.attrs.get("class", "")
                widget.attrs["class"] = f"{classes} {kern_css_class(widget)}".strip()


class KernForm(KernFormMixin, forms.Form):
    """A plain form in the KERN style, e.g. the base form of filter sets."""
