"""Which worker process runs a job, and whether that process still lives.

A job records its worker as ``where:pid:start``. ``where`` names the process table the pid
belongs to: the host name, the kernel's boot id and the pid namespace, so that two containers
sharing a host name (a pod, host networking) are not taken for one. ``start`` is the process's
start time in clock ticks since boot, from /proc, so that a later process given the same number
is not taken for it. Where the process table is ours, liveness is read from /proc at once;
elsewhere only the job's heartbeat can tell.
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


def _process_table() -> str:
    """Which process table this process sees: host name, boot id and pid namespace."""
    try:
        boot = (PROC / "sys/kernel/random/boot_id").read_text().strip()
        namespace = os.stat(PROC / "self/ns/pid").st_ino
    except OSError:
        return socket.gethostname()
    return f"{socket.gethostname()}/{boot}/{namespace}"


def current_worker() -> str:
    pid = os.getpid()
    return f"{_process_table()}:{pid}:{_start_ticks(pid) or ''}"


def worker_alive(worker: str) -> bool | None:
    """True or False where this process can tell; None for a worker whose process table is
    not ours (another host or container, or a system without /proc)."""
    where, pid, start = _split(worker)
    if where != _process_table() or not PROC.is_dir() or pid is None:
        return None
    return _start_ticks(pid) == start if start else _start_ticks(pid) is not None


def _split(worker: str) -> tuple[str, int | None, str]:
    host, _, rest = worker.partition(":")
    pid, _, start = rest.partition(":")
    return host, int(pid) if pid.isdigit() else None, start
