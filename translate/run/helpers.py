"""Helper processes: a share of a stage's pure-Python work done by another Python process, on another
core, while this one does its own share (the GIL keeps threads from it).

A helper is started as ``python -P -c 'from MODULE import FUNCTION; FUNCTION(FD)'`` with this package
first on its path and a run's collector thresholds (:mod:`.collector`): a new interpreter (never a fork
of this one, which may hold engine threads), and no main module of the caller imported again (as
``multiprocessing``'s spawn would: a script without a ``__main__`` guard would run twice). The two speak
over a socket pair, pickled messages each way: the job, then answers ``(kind, error, log records, peak
memory)``. A helper logs through this process (its records are logged here with its answers), and stops
at ``SIGTERM`` by raising ``SystemExit``, so its ``finally`` and ``except`` blocks clean up (temporary
files removed).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import socket
import subprocess
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any

from ..errors import OutputError
from ..mt.engine import default_threads
from .memory import peak_mb

#: A run of fewer sentences does each stage in this process alone: another Python process takes about a
#: second to start (imports), which a few thousand sentences' writing or scoring does not win back.
PARALLEL_FROM = 5000


def available() -> bool:
    """Whether helper processes can be started here (POSIX, a known Python executable)."""
    return os.name == "posix" and bool(sys.executable)


def processes_for(sentences: int, asked: int | None = None) -> int:
    """How many processes a stage over ``sentences`` uses: ``asked`` when given, else one below
    :data:`PARALLEL_FROM` sentences or where no helper can start, one a core from there."""
    if asked is not None:
        return asked
    return 1 if sentences < PARALLEL_FROM or not available() else default_threads()


class Helper:
    """A helper process running ``target`` (``module:function``, called with the socket's file
    descriptor), given ``job``; ``doing`` names its work in messages (``writing tsv, jsonl``)."""

    def __init__(self, target: str, job: Any, doing: str) -> None:
        self.doing = doing
        self.peak_mb = 0.0
        module, _, function = target.partition(":")
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-P", "-c", "import sys; from translate.run.collector import collect_less; "
                 f"collect_less(); from {module} import {function}; "
                 f"{function}(int(sys.argv[1]))", str(theirs.fileno())],
                pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.socket = ours
        self.stream = ours.makefile("rwb")
        self.tell(job)

    def tell(self, message: Any) -> None:
        with suppress(OSError, ValueError):
            pickle.dump(message, self.stream)
            self.stream.flush()

    def answer(self, expected: str, lost: str = "run the same command again") -> Any:
        """Wait for the helper to say ``expected`` and return what came with it; raise its error, or an
        :class:`OutputError` saying that it ended (and ``lost``: what that means for the user)."""
        kind, payload = self.receive(lost)
        if kind != expected:  # its error was raised by receive(): this is a message out of turn
            raise OutputError(f"the process {self.doing} said {kind!r} where {expected!r} was due; {lost}")
        return payload

    def receive(self, lost: str = "run the same command again") -> tuple[str, Any]:
        """The helper's next message, ``(kind, payload)``; raise its error (``failed``), or an
        :class:`OutputError` saying that it ended (and ``lost``: what that means for the user)."""
        try:
            kind, payload, records, peak = pickle.load(self.stream)
        except (EOFError, OSError, pickle.UnpicklingError):
            raise OutputError(f"the process {self.doing} ended unexpectedly (exit code {self.process.wait()}); "
                              f"{lost}") from None
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        self.peak_mb = max(self.peak_mb, peak or 0.0)
        if kind == "failed":
            raise payload
        return kind, payload

    def stop(self) -> None:
        """Abort: a helper waiting is told so, one at work is interrupted (it cleans up either way)."""
        self.tell("abort")
        with suppress(OSError):
            self.process.terminate()

    def close(self, wait: float = 60) -> None:
        with suppress(OSError, ValueError):
            self.stream.close()
        self.socket.close()
        try:
            self.process.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _Kept(logging.Handler):
    """Keeps what a helper process logs, to be logged again by the process that started it."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))

    def take(self) -> list[tuple[str, int, str]]:
        records, self.records = self.records, []
        return records


class Channel:
    """The helper's side: :meth:`receive` the job (and later orders), :meth:`send` answers; what the
    package logs goes with the next answer. Made first thing in the helper: it takes ``SIGTERM``."""

    def __init__(self, fd: int) -> None:
        signal.signal(signal.SIGTERM, _stopped)
        self.kept = _Kept()
        top = logging.getLogger("translate")
        top.addHandler(self.kept)
        top.propagate = False
        top.setLevel(logging.INFO)
        self.socket = socket.socket(fileno=fd)
        self.stream = self.socket.makefile("rwb")

    def receive(self) -> Any:
        return pickle.load(self.stream)

    def send(self, kind: str, payload: Any = None) -> None:
        pickle.dump((kind, payload, self.kept.take(), peak_mb()), self.stream)
        self.stream.flush()

    def failed(self, exc: BaseException) -> None:
        """Say that the work failed with ``exc`` (quietly, if the other side is gone already)."""
        with suppress(Exception):
            self.send("failed", _picklable(exc))

    def close(self) -> None:
        with suppress(OSError, ValueError):  # the other end may be gone: nothing left to say
            self.stream.close()
        self.socket.close()


def _stopped(signum: int, frame: Any) -> None:
    raise SystemExit(128 + signum)


def _picklable(exc: BaseException) -> BaseException:
    """``exc`` when it crosses a process boundary whole, else an :class:`OutputError` with its text."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return OutputError(f"{type(exc).__name__}: {exc}")
