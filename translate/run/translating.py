"""The translation stage of a run, over the store: every sentence of the run, across documents, a
window at a time; the translation memory wraps the glossary stage — sentences whose key it holds are
served from it, the others are translated once (identical sentences included) and stored with their
glossary report and word links, a window per transaction."""

from __future__ import annotations

from collections.abc import Callable

from ..align.words import attention_links, pharaoh
from ..config import DecodeOptions, EnforceOptions
from ..mt.engine import Engine
from ..records import Translation
from ..terms.enforce import TermResult, TermStage
from ..terms.glossary import Matcher
from .store import RunStore, StoredSentence

#: Sentences per window: the translation stage's length-sorted batches are drawn from it, and the store
#: commits after each.
WINDOW = 1000


def _translation(result: TermResult, special: set[str], source: str) -> Translation:
    hyp = result.hypothesis
    links = ""
    if hyp.attention is not None and len(hyp.attention) and result.text == hyp.text:
        # attention describes the model's own output only
        links = pharaoh(attention_links(source, hyp.source_tokens, hyp.text, hyp.tokens, hyp.attention, special))
    return Translation(text=result.text, confidence=hyp.score, alignment=links, flags=tuple(sorted(hyp.flags)),
                       terms=result.terms)


def translate_run(store: RunStore, signature: str, engine: Engine, matcher: Matcher | None, decode: DecodeOptions,
                  enforce: EnforceOptions, progress: Callable[[int, int], None] | None = None,
                  window: int = WINDOW) -> int:
    """Translate every sentence of the store that has no translation under ``signature``; return how
    many were served by the memory. ``progress(sentences, ord)`` is told as sentences are done."""
    stage = TermStage(engine, decode, enforce, glossary=matcher is not None)
    special = set(engine.tokenizer.special)
    from_memory, last = 0, -1
    # A window reaches up to half a window further when that finishes the run: a small last window
    # would decode on one of the engine's workers while the others wait.
    while rows := store.sentences_after(last, window + window // 2):
        rows = rows if len(rows) < window + window // 2 else rows[:window]
        last = rows[-1].ord

        def tell(n: int, at: int = last) -> None:
            if progress:
                progress(n, at)

        known = store.translated(signature, (r.key for r in rows))
        first: dict[str, StoredSentence] = {}
        for row in rows:
            if row.key not in known:
                first.setdefault(row.key, row)
        from_memory += sum(row.key in known for row in rows)
        tell(len(rows) - len(first))
        if first:
            todo = list(first.values())
            hits = [[matcher.from_dict(h) for h in r.hits] if matcher else [] for r in todo]
            results = stage.translate([r.line for r in todo], hits, progress=tell)
            store.put_translations(signature, [(r.key, _translation(res, special, r.normalized))
                                               for r, res in zip(todo, results)])
    return from_memory
