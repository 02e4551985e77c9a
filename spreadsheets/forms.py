from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import KernForm
from spreadsheets.reading import max_file_size
from spreadsheets.registry import TYPES


class ImportForm(KernForm):
    kind = forms.ChoiceField(label=_("The file contains"), choices=())
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Excel workbook (.xlsx) or CSV (.csv, comma or semicolon), at most "
            "%(limit)s MB. The first sheet is read; its first row holds the headings."
        )
        % {"limit": max_file_size() // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("– choose –"))] + [
            (slug, sheet.label) for slug, sheet in TYPES.items()
        ]
