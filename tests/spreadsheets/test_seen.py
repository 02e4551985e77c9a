"""The memory of an import for repeated keys (spreadsheets.seen.FirstRows)."""

from spreadsheets.seen import FirstRows


def test_the_first_row_of_each_value_is_remembered():
    first_rows = FirstRows()
    assert first_rows.setdefault("key", ("Kultur", "Digitale Ausleihe"), 2) == 2
    assert first_rows.setdefault("key", ("Kultur", "Offene Daten"), 3) == 3
    assert first_rows.setdefault("key", ("Kultur", "Digitale Ausleihe"), 7) == 2
    assert first_rows.setdefault("external", ("Kultur", "Digitale Ausleihe"), 8) == 8  # own kind
    first_rows.close()


def test_many_values_keep_their_rows():
    first_rows = FirstRows()
    for row in range(2, 20_002):
        assert first_rows.setdefault("external", f"KU-{row}", row) == row
    assert first_rows.setdefault("external", "KU-19999", 30_000) == 19_999
    first_rows.close()
