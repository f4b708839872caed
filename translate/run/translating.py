"""The translation stage of a run, over the store: every sentence of the run, across documents, a
window at a time; the translation memory wraps the glossary stage — sentences whose key it holds are
served from it, the others are translated once (identical sentences included) and stored with their
glossary report and word links, a window per transaction."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..align.words import attention_links, pharaoh
from ..config import WINDOW, DecodeOptions, EnforceOptions
from ..mt.engine import Engine
from ..records import Translation
from ..terms.enforce import TermResult, TermStage
from ..terms.glossary import Hit, Matcher
from .executor import Executor, Progress
from .store import START, Place, RunStore, StoredSentence


def _translation(result: TermResult, special: frozenset[str], source: str) -> Translation:
    hyp = result.hypothesis
    links = ""
    if hyp.attention is not None and len(hyp.attention) and result.text == hyp.text:
        # attention describes the model's own output only
        links = pharaoh(attention_links(source, hyp.source_tokens, hyp.text, hyp.tokens, hyp.attention, special))
    return Translation(text=result.text, confidence=hyp.score, alignment=links, flags=tuple(sorted(hyp.flags)),
                       terms=result.terms)


@dataclass(slots=True)
class Window:
    """A window of the run's sentences in input order (the work item both executors send): ``last``
    is where its last sentence stands; ``todo`` the first sentence of each key that needs translating;
    ``from_memory`` how many of its sentences the memory serves (``size - len(todo)`` need no
    translating: those and repeats)."""

    last: Place
    size: int
    todo: list[StoredSentence]
    from_memory: int


def plan_windows(store: RunStore, signature: str, window: int = WINDOW,
                 pending: set[str] | None = None) -> Iterator[Window]:
    """The windows of a run, each planned when asked for: the store says what is translated already,
    ``pending`` (keys sent off and not yet stored, for executors with windows in flight) is counted as
    translated too. Both executors plan the same windows, so they translate the same batches."""
    last = START
    # A window reaches up to half a window further when that finishes the run: a small last window
    # would decode on one of the engine's workers while the others wait.
    while rows := store.sentences_after(last, window + window // 2):
        rows = rows if len(rows) < window + window // 2 else rows[:window]
        last = rows[-1].place
        known = store.translated(signature, (r.key for r in rows))
        if pending:
            known |= pending.intersection(r.key for r in rows)
        first: dict[str, StoredSentence] = {}
        for row in rows:
            if row.key not in known:
                first.setdefault(row.key, row)
        yield Window(last, len(rows), list(first.values()), sum(r.key in known for r in rows))


class WindowTranslator:
    """The run's translation worker (see :class:`~translate.run.executor.Worker`): an engine, its
    glossary stage and the glossary's matcher; each window's ``(key, translation)`` to store.

    The next window is translated while the last one's word links are drawn and it is stored: the
    engine's workers would otherwise wait for that Python work (a quarter of the translation stage
    with a small model). One thread translates, a window at a time; ``progress`` is told in the
    caller's thread, a window's only once the window before it was taken."""

    def __init__(self, engine: Engine, matcher: Matcher | None, decode: DecodeOptions,
                 enforce: EnforceOptions) -> None:
        self.engine, self.matcher = engine, matcher
        self.stage = TermStage(engine, decode, enforce, glossary=matcher is not None)

    def results(self, windows: Iterable[Window], progress: Progress | None = None
                ) -> Iterator[list[tuple[str, Translation]]]:
        matcher = self.matcher
        special = frozenset(self.engine.tokenizer.special)
        ahead = _Ahead()
        try:
            waiting: tuple[Window, _Job] | None = None
            for planned in windows:
                hits = [[matcher.from_dict(h) for h in r.hits] if matcher else [] for r in planned.todo]
                job = ahead.submit(self.stage, planned, hits)
                if waiting is not None:
                    yield _stored(waiting[0], waiting[1].wait(progress), special)
                waiting = (planned, job)
            if waiting is not None:
                yield _stored(waiting[0], waiting[1].wait(progress), special)
        finally:
            ahead.stop()


def _stored(planned: Window, results: list[TermResult], special: frozenset[str]) -> list[tuple[str, Translation]]:
    return [(r.key, _translation(res, special, r.normalized)) for r, res in zip(planned.todo, results)]


class _Stopped(Exception):
    """Raised in :class:`_Ahead`'s thread, from the engine's progress callback, once the caller has
    stopped: the thread leaves the window after the batch at work."""


class _Job:
    """One window's glossary stage, run by :class:`_Ahead`'s thread: its results (or error) and the
    progress it reported, kept until the caller's thread passes it on."""

    def __init__(self, stopped: threading.Event) -> None:
        self.results: list[TermResult] = []
        self.error: BaseException | None = None
        self._stopped = stopped
        self._done = False
        self._told = 0.0
        self._lock = threading.Lock()
        self._news = threading.Event()  # progress told, or the window done

    def tell(self, n: float) -> None:
        if self._stopped.is_set():
            raise _Stopped
        with self._lock:
            self._told += n
        self._news.set()

    def finish(self) -> None:
        with self._lock:
            self._done = True
        self._news.set()

    def wait(self, progress: Progress | None) -> list[TermResult]:
        """The results, telling ``progress`` (in this thread) as the window goes: as often as the
        engine tells the thread (a batch, or a part of a split sentence), when this thread is free."""
        done = False
        while not done:
            self._news.wait(0.5)
            self._news.clear()
            with self._lock:
                n, self._told, done = self._told, 0.0, self._done
            if progress and n:
                progress(n)
        if self.error is not None:
            raise self.error
        return self.results


class _Ahead:
    """A thread that runs windows' glossary stages one after another. :meth:`stop` returns once the
    thread has ended, within a batch of the engine when a window is at work: a thread still waiting
    for the engine when the interpreter exits aborts the process (it would take the GIL back inside
    CTranslate2's C++ code), and Ctrl-C would otherwise wait for the whole window."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[TermStage, Window, list[list[Hit]], _Job] | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._stopped = threading.Event()

    def submit(self, stage: TermStage, planned: Window, hits: list[list[Hit]]) -> _Job:
        job = _Job(self._stopped)
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="translate-windows", daemon=True)
            self._thread.start()
        self._queue.put((stage, planned, hits, job))
        return job

    def _loop(self) -> None:
        while (work := self._queue.get()) is not None:
            stage, planned, hits, job = work
            try:
                if not self._stopped.is_set():
                    job.results = stage.translate([r.line for r in planned.todo], hits, progress=job.tell,
                                                  normalized=[r.normalized for r in planned.todo])
            except BaseException as exc:  # handed to the caller's thread, raised there
                job.error = exc
            finally:
                job.finish()

    def stop(self) -> None:
        if self._thread is not None:
            self._stopped.set()
            self._queue.put(None)
            self._thread.join()


def translate_run(store: RunStore, signature: str, executor: Executor[Window, list[tuple[str, Translation]]],
                  progress: Callable[[float, Place], None] | None = None, window: int = WINDOW) -> int:
    """Translate every sentence of the store that has no translation under ``signature`` with
    ``executor`` (a :class:`WindowTranslator` here or on a cluster); return how many were served by
    the memory. ``progress(sentences, place)`` is told as sentences are done. Each window's
    translations are stored in one transaction as it comes back; keys sent and not yet back are
    ``pending``, so a repeat in a later window is not sent twice."""
    pending: set[str] = set()
    from_memory = 0
    where = START
    live = 0.0  # sentences of the window at work that the worker has told about already

    def tell(n: float, at: Place) -> None:
        if progress and n > 1e-9:
            progress(n, at)

    def told(n: float) -> None:
        nonlocal live
        live += n
        tell(n, where)

    def windows() -> Iterator[Window]:
        nonlocal from_memory, where
        for planned in plan_windows(store, signature, window, pending):
            from_memory += planned.from_memory
            tell(planned.size - len(planned.todo), planned.last)
            if planned.todo:
                where = planned.last
                pending.update(r.key for r in planned.todo)
                yield planned

    for planned, translations in executor.map(windows(), told):
        store.put_translations(signature, translations)
        pending.difference_update(r.key for r in planned.todo)
        tell(len(planned.todo) - live, planned.last)
        live = 0.0
    return from_memory
