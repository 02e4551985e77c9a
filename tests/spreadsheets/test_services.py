"""The stored upload as the import reads it back: whole, in slices, or refused once it expired."""

import pytest

from spreadsheets.models import ImportRun
from spreadsheets.reading import SpreadsheetError
from spreadsheets.services import _stored_file

SLICE = 64


def _stored(data: bytes, **fields) -> ImportRun:
    run = ImportRun.objects.create(
        kind="vorhaben", file_name="x.csv", file_size=len(data), data=data, **fields
    )
    return ImportRun.objects.defer("data").get(pk=run.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [0, SLICE - 1, SLICE, SLICE + 1, 2 * SLICE, 5 * SLICE + 7])
def test_the_stored_file_comes_back_byte_for_byte(size, monkeypatch):
    monkeypatch.setattr("spreadsheets.services.SLICE_SIZE", SLICE)
    data = bytes(range(256)) * 3
    data = data[:size]
    with _stored_file(_stored(data)) as copy:
        assert copy.read() == data


@pytest.mark.django_db
def test_an_expired_upload_is_named_not_read_as_an_empty_file():
    run = _stored(b"Titel;Amt\n")
    ImportRun.objects.filter(pk=run.pk).update(data=b"")
    with pytest.raises(SpreadsheetError, match="nicht mehr gespeichert"), _stored_file(run):
        pass
