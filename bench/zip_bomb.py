"""Refusing a full-size zip bomb: how long it takes and how much memory it needs.

The file is a real LibreOffice workbook (tests/data/vorhaben_gut.xlsx) whose shared strings
are blown up to 440 MB (deflated to a few hundred KB), next to a 2.6 MB member of random bytes
stored without compression, which keeps the ratio of the archive as a whole plausible: 3.7 MB
on disk. This is the attack a review found; the tests build the same file scaled down.

    .venv/bin/python bench/zip_bomb.py

prints the file's sizes, then the wall time and peak resident memory of one process that
opens the file as an import does and reads its rows, and what it answered; for comparison the
same for the small good workbook the attack was made from.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "tests" / "data" / "vorhaben_gut.xlsx"
STRINGS_BYTES = 440 * 1024 * 1024
STORED_BYTES = 2_600_000


def attack(path: Path) -> None:
    source = zipfile.ZipFile(SOURCE)
    original = source.read("xl/sharedStrings.xml").decode()
    head, tail = original.rsplit("</sst>", 1)
    filler = b"<si><t>x</t></si>" * 65536  # 1 MB of further one-letter strings
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for item in source.infolist():
            if item.filename == "xl/sharedStrings.xml":
                with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
                    part.write(head.encode())
                    written = len(head)
                    while written < STRINGS_BYTES:
                        part.write(filler)
                        written += len(filler)
                    part.write(b"</sst>" + tail.encode())
            else:
                archive.writestr(item, source.read(item.filename))
        archive.writestr(
            zipfile.ZipInfo("xl/media/image1.png"), os.urandom(STORED_BYTES), zipfile.ZIP_STORED
        )


def measure(path: Path) -> dict:
    """In this process: open and read the file as an import does."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "leipzig_digital.settings")
    import django

    django.setup()
    from spreadsheets.reading import SpreadsheetError, open_table

    started = time.perf_counter()
    try:
        with path.open("rb") as data:
            table = open_table(data, path.name)
            rows = sum(1 for _row in table.rows())
            answer = f"read {rows} rows"
    except SpreadsheetError as error:
        answer = f"refused: {error}"
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "answer": answer,
    }


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(Path(sys.argv[2])), ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "bombe.xlsx"
        attack(path)
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        print(f"file {path.stat().st_size / 1e6:.1f} MB, unpacked {unpacked / 2**20:.0f} MB")
        baseline = subprocess.run(  # the same process without the file
            [sys.executable, __file__, "--measure", str(SOURCE)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        print(f"a small good workbook: {baseline.stdout.strip()}")
        result = subprocess.run(
            [sys.executable, __file__, "--measure", str(path)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        print(result.stdout.strip())


if __name__ == "__main__":
    main()
