"""Admin support shared by the apps: optimistic locking for objects that several people
maintain (the strategy), so that no save silently overwrites another."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin


class VersionedAdminForm(forms.ModelForm):
    version_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version_seen"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("version_seen")
        if not self.instance.pk or seen is None:
            return cleaned
        current = type(self.instance)._default_manager.get(pk=self.instance.pk)
        if current.version != seen:
            changed = [
                str(self.fields[name].label or name)
                for name in self.fields
                if name != "version_seen"
                and hasattr(current, name)
                and not isinstance(self.fields[name], forms.ModelMultipleChoiceField)
                and self._initial_value(name, seen) != getattr(current, name)
            ]
            data = self.data.copy()
            data["version_seen"] = current.version
            self.data = data  # the next save compares with the version now shown
            raise ValidationError(
                _(
                    "Someone else saved this entry after you opened it. Your input is kept; "
                    "check it against the saved version and save again. Changed meanwhile: %s"
                )
                % (", ".join(changed) or _("no visible field"))
            )
        return cleaned

    def _initial_value(self, name, seen_version):
        """The value the editor saw when opening the form (from the object's history)."""
        record = self.instance.history.filter(version=seen_version).order_by("-history_id").first()
        return getattr(record, name, None) if record is not None else None


class VersionedModelAdmin(SimpleHistoryAdmin):
    """Change pages refuse a save based on an outdated version."""

    form = VersionedAdminForm

    def save_model(self, request, obj, form, change):
        if change:  # the row stays locked until the admin's transaction ends
            obj.version = type(obj)._default_manager.select_for_update().get(pk=obj.pk).version + 1
        super().save_model(request, obj, form, change)
