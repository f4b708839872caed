"""One run at a time in an output folder: an exclusive ``fcntl`` lock on ``OUTDIR/.translate.lock``,
which names the process holding it, so a second run stops at once and says who is writing there."""

from __future__ import annotations

import datetime
import errno
import os
import stat
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
            # never through a symlink (O_NOFOLLOW), and never truncating a file before the lock is ours
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise OutputError(f"{self.path}: is a symbolic link; remove it (translate makes its own lock "
                                  "file here)") from None
            raise OutputError(f"{self.path.parent}: cannot write here ({exc.strerror})") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise OutputError(f"{self.path}: is not a regular file; remove it (translate makes its own lock file "
                              "here)")
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
