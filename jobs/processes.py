"""Which worker process runs a job, and whether that process still lives.

A job records its worker as ``host:pid:start`` (``start``: the process's start time in clock
ticks since boot, from /proc, so that a later process given the same number is not taken for
it). On the worker's own host, liveness is read from /proc at once; elsewhere only the job's
heartbeat can tell.
"""

import os
import socket
from pathlib import Path

PROC = Path("/proc")


def _start_ticks(pid: int) -> str | None:
    """The process's start time, or None if there is no such process or it is a zombie."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # The command name (field 2) is in parentheses and may contain spaces: split after it.
    fields = stat[stat.rfind(")") + 2 :].split()
    state, start = fields[0], fields[19]
    if state in ("Z", "X"):  # dead, waiting to be reaped
        return None
    return start


def current_worker() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or ''}"


def worker_alive(worker: str) -> bool | None:
    """True or False where this host can tell; None for a worker on another host (or a
    system without /proc)."""
    host, pid, start = _split(worker)
    if host != socket.gethostname() or not PROC.is_dir() or pid is None:
        return None
    return _start_ticks(pid) == start if start else _start_ticks(pid) is not None


def _split(worker: str) -> tuple[str, int | None, str]:
    host, _, rest = worker.partition(":")
    pid, _, start = rest.partition(":")
    return host, int(pid) if pid.isdigit() else None, start
