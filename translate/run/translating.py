"""The translation stage of a run, over the store: every sentence of the run, across documents, a
window at a time; the translation memory wraps the glossary stage — sentences whose key it holds are
served from it, the others are translated once (identical sentences included) and stored with their
glossary report and word links, a window per transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..align.words import attention_links, pharaoh
from ..config import WINDOW, DecodeOptions, EnforceOptions
from ..mt.engine import Engine
from ..records import Translation
from ..terms.enforce import TermResult, TermStage
from ..terms.glossary import Hit, Matcher
from .executor import Executor, Progress
from .store import START, Place, RunStore, StoredSentence


def _translation(result: TermResult, special: set[str], source: str) -> Translation:
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


def translate_window(stage: TermStage, todo: Sequence[StoredSentence], hits: Sequence[Sequence[Hit]],
                     progress: Callable[[float], None] | None = None) -> list[tuple[str, Translation]]:
    """Translate a window's sentences through the glossary stage: ``(key, translation)`` to store."""
    special = set(stage.engine.tokenizer.special)
    results = stage.translate([r.line for r in todo], hits, progress=progress,
                              normalized=[r.normalized for r in todo])
    return [(r.key, _translation(res, special, r.normalized)) for r, res in zip(todo, results)]


class WindowTranslator:
    """The run's translation worker (see :class:`~translate.run.executor.Worker`): an engine, its
    glossary stage and the glossary's matcher; each window's ``(key, translation)`` to store."""

    def __init__(self, engine: Engine, matcher: Matcher | None, decode: DecodeOptions,
                 enforce: EnforceOptions) -> None:
        self.engine, self.matcher = engine, matcher
        self.stage = TermStage(engine, decode, enforce, glossary=matcher is not None)

    def results(self, windows: Iterable[Window], progress: Progress | None = None
                ) -> Iterator[list[tuple[str, Translation]]]:
        matcher = self.matcher
        for planned in windows:
            hits = [[matcher.from_dict(h) for h in r.hits] if matcher else [] for r in planned.todo]
            yield translate_window(self.stage, planned.todo, hits, progress)


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
