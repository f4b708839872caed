"""The translation stage of a run, over the store: every sentence of the run, across documents, a
window at a time; the translation memory wraps the glossary stage — sentences whose key it holds are
served from it, the others are translated once (identical sentences included) and stored with their
glossary report and word links, a window per transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from ..align.words import attention_links, pharaoh
from ..config import WINDOW, DecodeOptions, EnforceOptions
from ..mt.engine import Engine
from ..records import Translation
from ..terms.enforce import TermResult, TermStage
from ..terms.glossary import Hit, Matcher
from .store import RunStore, StoredSentence




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
    """A window of the run's sentences in input order: ``last`` is its last sentence's ``ord``;
    ``todo`` the first sentence of each key that needs translating; ``from_memory`` how many of its
    sentences the memory serves (``size - len(todo)`` need no translating: those and repeats)."""

    last: int
    size: int
    todo: list[StoredSentence]
    from_memory: int


def plan_windows(store: RunStore, signature: str, window: int = WINDOW,
                 pending: set[str] | None = None) -> Iterator[Window]:
    """The windows of a run, each planned when asked for: the store says what is translated already,
    ``pending`` (keys sent off and not yet stored, for executors with windows in flight) is counted as
    translated too. Both executors plan the same windows, so they translate the same batches."""
    last = -1
    # A window reaches up to half a window further when that finishes the run: a small last window
    # would decode on one of the engine's workers while the others wait.
    while rows := store.sentences_after(last, window + window // 2):
        rows = rows if len(rows) < window + window // 2 else rows[:window]
        last = rows[-1].ord
        known = store.translated(signature, (r.key for r in rows))
        if pending:
            known |= pending.intersection(r.key for r in rows)
        first: dict[str, StoredSentence] = {}
        for row in rows:
            if row.key not in known:
                first.setdefault(row.key, row)
        yield Window(last, len(rows), list(first.values()), sum(r.key in known for r in rows))


def translate_window(stage: TermStage, todo: Sequence[StoredSentence], hits: Sequence[Sequence[Hit]],
                     progress: Callable[[int], None] | None = None) -> list[tuple[str, Translation]]:
    """Translate a window's sentences through the glossary stage: ``(key, translation)`` to store."""
    special = set(stage.engine.tokenizer.special)
    results = stage.translate([r.line for r in todo], hits, progress=progress)
    return [(r.key, _translation(res, special, r.normalized)) for r, res in zip(todo, results)]


def translate_run(store: RunStore, signature: str, engine: Engine, matcher: Matcher | None, decode: DecodeOptions,
                  enforce: EnforceOptions, progress: Callable[[int, int], None] | None = None,
                  window: int = WINDOW) -> int:
    """Translate every sentence of the store that has no translation under ``signature``; return how
    many were served by the memory. ``progress(sentences, ord)`` is told as sentences are done."""
    stage = TermStage(engine, decode, enforce, glossary=matcher is not None)
    from_memory = 0
    for planned in plan_windows(store, signature, window):
        def tell(n: int, at: int = planned.last) -> None:
            if progress:
                progress(n, at)

        from_memory += planned.from_memory
        tell(planned.size - len(planned.todo))
        if planned.todo:
            hits = [[matcher.from_dict(h) for h in r.hits] if matcher else [] for r in planned.todo]
            store.put_translations(signature, translate_window(stage, planned.todo, hits, tell))
    return from_memory
