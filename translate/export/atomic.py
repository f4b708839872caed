"""Atomic writing: every output is written to a temporary file beside it and renamed into place, so a
crash or a kill never leaves a half-written output.

Temporary files are named ``.NAME.<tag>.translate-tmp`` with a tag of this process, so a run removes
only temporary files this tool made (a user's own ``.x.tmp`` is never touched), and only while it holds
the output folder's lock (:func:`remove_stale`). A finished file gets the mode of the file it replaces,
or the mode the umask gives a new file — not ``mkstemp``'s 0600.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ..errors import OutputError

SUFFIX = ".translate-tmp"


@functools.cache
def _tag() -> str:
    return f"{os.getpid()}-{secrets.token_hex(3)}"


@functools.cache
def _umask() -> int:
    # The only portable way to read the umask is to set it; done once, before any file is written.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _problem(path: Path, exc: OSError) -> OutputError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"{path}: the disk is full; free some space and run the same command again "
                           "(nothing finished is lost)")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) or (path.parent.exists() and not path.parent.is_dir()):
        return OutputError(f"{path}: cannot write here: {path.parent} is not a folder")
    return OutputError(f"{path}: cannot write here ({exc.strerror})")


def temporary_path(path: str | Path) -> Path:
    """Where this process writes ``path`` before it is in place (``.NAME.<tag>.translate-tmp`` beside
    it): a file :func:`remove_stale` removes once this process has ended."""
    path = Path(path)
    return path.with_name(f".{path.name}.{_tag()}{SUFFIX}")


class AtomicFile:
    """A text file (or, ``binary``, a byte stream such as Parquet's) written under a temporary name and
    renamed into place by :meth:`commit`."""

    def __init__(self, path: str | Path, *, encoding: str = "utf-8", binary: bool = False) -> None:
        self.path = Path(path)
        self.temp = temporary_path(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handle: Any = (open(self.temp, "wb") if binary else
                                open(self.temp, "w", encoding=encoding, newline="\n"))
        except OSError as exc:
            raise _problem(self.path, exc) from None

    def write(self, text: str) -> None:
        try:
            self.handle.write(text)
        except OSError as exc:
            self.abort()
            raise _problem(self.path, exc) from None

    def commit(self) -> None:
        """Close, give the final mode, and rename into place. (No ``fsync``: an output is whole or absent
        after any crash of the process, and after a crash of the machine ``translate export`` writes it
        again from the run store, which is what SQLite keeps durable.)"""
        try:
            self.handle.close()
            try:
                mode = self.path.stat().st_mode & 0o7777
            except FileNotFoundError:
                mode = 0o666 & ~_umask()
            os.chmod(self.temp, mode)
            os.replace(self.temp, self.path)
        except OSError as exc:
            self.abort()
            raise _problem(self.path, exc) from None

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temp)


@contextlib.contextmanager
def atomic_open(path: str | Path, *, encoding: str = "utf-8") -> Iterator[TextIO]:
    """Open ``path`` for writing text; it appears (complete) only when the block ends without error.
    Line ends are written as ``\\n`` on every platform."""
    file = AtomicFile(path, encoding=encoding)
    try:
        yield file.handle
    except OSError as exc:
        file.abort()
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise _problem(file.path, exc) from None
        raise
    except BaseException:
        file.abort()
        raise
    else:
        file.commit()


def remove_stale(folder: Path) -> int:
    """Remove the temporary files that killed runs of this tool left in ``folder``; return how many.
    Call it only while holding the folder's lock. A temporary file is removed only when its tag names a
    process that is no longer alive: nothing deletes a temporary file that a live process is writing
    (another ``export -o`` into the same folder, say), and a file of another program is never touched."""
    removed = 0
    for stale in folder.glob(f".*{SUFFIX}") if folder.is_dir() else ():
        if not _abandoned(stale.name):
            continue
        with contextlib.suppress(OSError):
            stale.unlink()
            removed += 1
    return removed


def _abandoned(name: str) -> bool:
    """Whether the temporary file ``name`` (``.NAME.<pid>-<hex>.translate-tmp``) belongs to a process
    that has ended."""
    tag = name[:-len(SUFFIX)].rpartition(".")[2]
    pid, _, token = tag.partition("-")
    if not pid.isdigit() or len(token) != 6:
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError, OSError):
        return False
    return False
