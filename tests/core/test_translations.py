"""The German translation is complete: every message of the UI has a German text."""

import re
from pathlib import Path

PO_FILE = Path(__file__).resolve().parents[2] / "locale" / "de" / "LC_MESSAGES" / "django.po"


def _entries():
    text = PO_FILE.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:  # the first block is the header
        if block.lstrip().startswith("#~"):
            continue  # obsolete
        yield block


def _joined(block, keyword):
    parts = re.findall(rf'^{keyword} "(.*)"$\n((?:^".*"$\n?)*)', block, flags=re.M)
    return ["".join([first, *re.findall(r'^"(.*)"$', rest, flags=re.M)]) for first, rest in parts]


def test_every_message_has_a_german_translation():
    missing = []
    for block in _entries():
        msgids = _joined(block, "msgid")
        strings = _joined(block, r"msgstr(?:\[\d\])?")
        if msgids and msgids[0] and not all(strings):
            missing.append(msgids[0])
    assert missing == []


def test_no_translation_is_marked_fuzzy():
    assert "#, fuzzy" not in "\n\n".join(_entries())


def test_compiled_catalogue_ships_with_the_source():
    mo_file = PO_FILE.with_suffix(".mo")
    assert mo_file.exists()
    assert mo_file.stat().st_size > 1000
