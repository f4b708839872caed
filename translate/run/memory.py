"""The process's resident memory, stage by stage: a daemon thread reads it every few hundredths of a
second, and each stage is told the highest reading since the stage before it ended. The kernel's own
high-water mark (``VmHWM``, what ``/usr/bin/time`` and ``getrusage`` report) is left alone, so the
process's peak stays what tools outside see."""

from __future__ import annotations

import contextlib
import os
import resource
import sys
import threading
from pathlib import Path

_STATM = Path("/proc/self/statm")
_STATUS = Path("/proc/self/status")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def rss_mb() -> float | None:
    """The resident memory now, in MiB (``None`` where the system does not say: not Linux)."""
    try:
        return int(_STATM.read_text().split()[1]) * _PAGE / (1024 * 1024)
    except (OSError, ValueError, IndexError):
        return None


def peak_mb() -> float | None:
    """The highest resident memory since the process started, in MiB."""
    with contextlib.suppress(OSError, ValueError):
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    with contextlib.suppress(OSError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux
    return None


def cpu_seconds() -> float:
    """CPU time (user and system) of this process and of the children it has waited for, in seconds:
    a stage's helper processes are counted once the stage has ended them."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class StagePeaks:
    """Each stage's own peak: :meth:`lap` gives the highest resident memory read since the last lap
    (or the start) and starts the next stage's. Where the memory in use cannot be read, a lap gives the
    process's peak so far. :meth:`close` stops the reading thread."""

    def __init__(self, interval: float = 0.02) -> None:
        self._high = rss_mb()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if self._high is not None:
            self._thread = threading.Thread(target=self._watch, args=(interval,), name="stage-memory", daemon=True)
            self._thread.start()

    def _read(self) -> float | None:
        now = rss_mb()
        if now is not None:
            with self._lock:
                self._high = max(self._high or 0.0, now)
        return now

    def _watch(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self._read()

    def lap(self) -> float | None:
        """The highest reading of the stage that ends now."""
        if self._thread is None:
            return peak_mb()
        now = self._read()
        with self._lock:
            high, self._high = self._high, now
        return high

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
