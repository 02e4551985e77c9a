"""What earlier rows of an import used (keys, external IDs, unique values, matched entries),
so that a later row that repeats one is reported with the row it repeats."""

import hashlib
import sqlite3

CACHE_KIB = 256


class FirstRows:
    """For each value, the first row that used it.

    Kept in a private temporary SQLite database that spills to disk, not in a dict: checking a
    50,000-row file then takes no more memory than a 5,000-row one. Its page cache is kept small
    (256 KiB instead of SQLite's 2 MiB), so that it is full after a few thousand rows instead of
    growing to the end of a large file; the operating system caches the rest of the file, at
    a cost of about 0.3 s for 50,000 rows. Values are stored as 64-bit
    fingerprints; for two different values to be taken for a repeat, their fingerprints would
    have to collide, about 1 in 10^10 at that size."""

    def __init__(self):
        self._db = sqlite3.connect("")  # "": a temporary database, deleted when closed
        self._db.execute(
            "CREATE TABLE first_row (kind TEXT, fingerprint INTEGER, row INTEGER, "
            "PRIMARY KEY (kind, fingerprint)) WITHOUT ROWID"
        )
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")

    def setdefault(self, kind: str, value, row: int) -> int:
        """The first row that used ``value`` as ``kind``; ``row`` itself if none did."""
        fingerprint = _fingerprint(value)
        cursor = self._db.execute(
            "INSERT OR IGNORE INTO first_row VALUES (?, ?, ?)", (kind, fingerprint, row)
        )
        if cursor.rowcount:
            return row
        (first,) = self._db.execute(
            "SELECT row FROM first_row WHERE kind = ? AND fingerprint = ?", (kind, fingerprint)
        ).fetchone()
        return first

    def close(self) -> None:
        self._db.close()


def _fingerprint(value) -> int:
    digest = hashlib.blake2b(repr(value).encode(), digest_size=8).digest()
    return int.from_bytes(digest, signed=True)  # SQLite integers are signed 64-bit
