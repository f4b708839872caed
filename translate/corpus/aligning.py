"""Aligning and scoring one document pair of a corpus (the work both executors do per document):
segment both sides (or take line-aligned blocks as they are), align, and score every linked pair into
store rows with verdicts and reasons in words."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..align.embed import Embedder, embedded_ahead
from ..align.sentences import align_sentences
from ..config import AlignOptions
from ..qe.explain import explain
from ..qe.score import quality, score_pairs
from ..text.clean import clean_text
from ..text.english import english_sentences
from ..text.io import read_documents
from ..text.normalize import normalize_text
from ..text.segment import segment_text
from .inputs import DocumentPair, block_lines

#: The reason given to a bead with one side empty (the words of translate.export.rows.UNALIGNED).
UNALIGNED = "not aligned to a sentence of the other side"


@dataclass(frozen=True, slots=True)
class Sides:
    """A document pair read: the Persian sentences ``(text, start, end)``, their normalized text (what
    the aligner embeds), the English sentences, and whether they are aligned already (line-aligned input)."""

    src: list[tuple[str, int | None, int | None]]
    normalized: list[str]
    tgt: list[str]
    aligned: bool

    def texts(self, similarity: bool) -> list[str]:
        """What aligning and scoring this pair will embed (1-1 pairs' similarity: the Persian as read)."""
        aligner = [] if self.aligned else self.normalized + self.tgt
        return aligner + ([s[0] for s in self.src] + self.tgt if similarity else [])


def _clean_line(line: str) -> str:
    """A line of line-aligned input as the corpus keeps it: controls removed, every break
    ``str.splitlines`` sees (U+2028, VT, FF, NEL …) and every tab a space — so no output line can hold
    one (:func:`translate.corpus.inputs.check_inputs` counted them)."""
    return clean_text(line)[0].replace("\t", " ")


def read_sides(doc: DocumentPair) -> Sides:
    """Both sides of a document pair, cleaned on the way in (the document readers replace controls and
    breaks, keeping offsets; tabs become spaces here, which keeps them too)."""
    if doc.kind == "lines":
        fa = [_clean_line(x) for x in block_lines(doc.fa_path, doc.first, doc.last)]
        en = [_clean_line(x) for x in block_lines(doc.en_path, doc.first, doc.last)]
        return Sides([(line, None, None) for line in fa], [], en, True)
    (fa_doc,) = read_documents([doc.fa_path])
    (en_doc,) = read_documents([doc.en_path])
    fa_text = fa_doc.text.replace("\t", " ")
    src = [(s.line(), s.start, s.end) for s in segment_text(fa_text, doc.doc_id)]
    return Sides(src, [normalize_text(s[0]) for s in src], english_sentences(en_doc.text.replace("\t", " ")), False)


def align_all(documents: Iterable[DocumentPair], embedder: Embedder | None, options: AlignOptions, *, similarity: bool = True
              ) -> Iterator[tuple[DocumentPair, tuple[list[dict[str, Any]], int, int]]]:
    """:func:`align_and_score` for each document, in order, reading ahead so that the sentences of
    many documents are embedded together (:func:`~translate.align.embed.embedded_ahead`)."""
    read = ((doc, read_sides(doc)) for doc in documents)
    for doc, sides in embedded_ahead(read, lambda item: item[1].texts(similarity), embedder):
        yield doc, align_and_score(doc, embedder, options, similarity=similarity, sides=sides)


class DocumentAligner:
    """The corpus build's worker (see :class:`~translate.run.executor.Worker`), here or on a Ray actor:
    each document pair's scored rows and sentence counts, by :func:`align_all`. The embedder is opened
    with the first document that needs it (``threads``: an actor's CPUs, not every core of its node), so a
    build where nothing changed opens none."""

    def __init__(self, embedder: Embedder | None, similarity: bool, needs_embedder: bool,
                 threads: int | None = None) -> None:
        self.embedder, self.similarity, self.needs_embedder, self.threads = embedder, similarity, needs_embedder, threads

    def results(self, documents: Iterable[DocumentPair], progress: Callable[[int], None] | None = None
                ) -> Iterator[tuple[list[dict[str, Any]], int, int]]:
        pending = iter(documents)
        first = next(pending, None)
        if first is None:
            return
        if self.embedder is None and self.needs_embedder:
            from ..align.embed import load_embedder

            self.embedder = load_embedder(threads=self.threads)
        for _, result in align_all(itertools.chain([first], pending), self.embedder, AlignOptions(),
                                   similarity=self.similarity):
            yield result


def align_and_score(doc: DocumentPair, embedder: Embedder | None, options: AlignOptions, *, similarity: bool = True,
                    sides: Sides | None = None) -> tuple[list[dict[str, Any]], int, int]:
    """The scored beads of one document pair (as store rows) and its sentence counts; ``similarity``
    scores each pair's e5 similarity too. ``sides``: the pair as :func:`read_sides` read it."""
    sides = sides or read_sides(doc)
    src, tgt = sides.src, sides.tgt
    if sides.aligned:
        beads = [((k,), (k,), None) for k in range(len(src))]
    else:
        found = align_sentences(sides.normalized, tgt, embedder, options)
        beads = [(b.src, b.tgt, b.score) for b in found]
    rows = []
    for k, (s_idx, t_idx, score) in enumerate(beads):
        rows.append({"k": k, "fa": " ".join(src[i][0] for i in s_idx), "en": " ".join(tgt[j] for j in t_idx),
                     "bead_source": list(s_idx), "bead_target": list(t_idx), "alignment": score,
                     "source_start": src[s_idx[0]][1] if s_idx else None,
                     "source_end": src[s_idx[-1]][2] if s_idx else None})
    linked = [r for r in rows if r["bead_source"] and r["bead_target"]]
    scores = score_pairs([r["fa"] for r in linked], [r["en"] for r in linked], embedder=embedder if similarity else None)
    for row, s in zip(linked, scores):
        row.update(scores=s.columns(tuple(s.columns())), verdict=s.verdict, quality=quality(s),
                   reasons=list(explain(row["fa"], row["en"], s)))
    for row in rows:
        row.setdefault("scores", {})
        row.setdefault("verdict", "bad")
        row.setdefault("quality", -100.0)
        row.setdefault("reasons", [UNALIGNED])
    return rows, len(src), len(tgt)
