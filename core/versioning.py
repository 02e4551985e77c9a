"""Optimistic locking for objects several people edit through the app's forms: each row
carries a ``version``; an edit names the version its editor started from, and a service saves
only when that is still the stored one (see ``save_versioned``). The admin's counterpart is
:mod:`core.admin`."""

from django import forms
from django.db import transaction


class StaleEditError(Exception):
    """The entry was saved by someone else after the editor opened the form; ``current`` is
    the entry as it is stored now (for the page to show next to the editor's input)."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current


class VersionField(forms.CharField):
    """The version the editor started from. Text, not a number: a missing or forged value
    becomes None, which the services treat as a conflict, rather than an error on a field
    nobody can see."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        # ASCII digits only ("²".isdigit() is true), and not beyond what int() reads.
        return int(value) if value.isascii() and value.isdigit() and len(value) <= 10 else None


@transaction.atomic
def save_versioned(instance, *, actor, version: int | None, **fields):
    """Change ``instance``'s row with ``fields`` if it is still at ``version`` (the row stays
    locked until the transaction ends); validate it as stored, count the version up and record
    ``actor`` in its history. Raises :class:`StaleEditError` when the row moved on or the
    version is missing, ``ValidationError`` for invalid input; nothing is saved then."""
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if version is None or locked.version != version:
        raise StaleEditError(current=locked)
    for name, value in fields.items():
        setattr(locked, name, value)
    locked._history_user = actor
    locked.full_clean()
    locked.version += 1
    locked.save()
    return locked
