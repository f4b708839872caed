"""The process's peak resident memory, stage by stage: Linux keeps a high-water mark (``VmHWM``) that
``/proc/self/clear_refs`` resets, so each stage's peak is its own. Elsewhere the peak since the
process started (``getrusage``) stands for every stage's."""

from __future__ import annotations

import contextlib
import resource
import sys
from pathlib import Path

_STATUS = Path("/proc/self/status")
_CLEAR = Path("/proc/self/clear_refs")


def peak_mb() -> float | None:
    """The peak resident memory in MiB since the process started or the last :func:`reset_peak`."""
    with contextlib.suppress(OSError, ValueError):
        for line in _STATUS.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    with contextlib.suppress(OSError, ValueError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux
    return None


def reset_peak() -> bool:
    """Start a new high-water mark at the current resident memory (Linux 4.0+); ``False`` where the
    system cannot."""
    try:
        _CLEAR.write_text("5")
    except OSError:
        return False
    return True
