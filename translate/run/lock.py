"""One run at a time in an output folder: an exclusive ``fcntl`` lock on ``OUTDIR/.translate.lock``,
which names the process holding it, so a second run stops at once and says who is writing there."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

from ..errors import OutputError

LOCK_NAME = ".translate.lock"


class OutdirLock:
    """Held for the ``with`` block; released when the process ends, even by ``kill -9``."""

    def __init__(self, outdir: Path) -> None:
        self.path = outdir / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> OutdirLock:
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{self.path.parent}: cannot write here ({exc.strerror})") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 200).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise OutputError(f"{self.path.parent}: another translate run is writing here ({holder}); wait for it "
                              "to finish or choose another output folder") from None
        started = datetime.datetime.now().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}, started {started}\n".encode())
        self._fd = fd
        return self

    def __exit__(self, *_: object) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None
