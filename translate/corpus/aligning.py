"""Aligning and scoring one document pair of a corpus (the work both executors do per document):
segment both sides (or take line-aligned blocks as they are), align, and score every linked pair into
store rows with verdicts and reasons in words."""

from __future__ import annotations

from typing import Any

from ..align.sentences import align_sentences
from ..config import AlignOptions
from ..qe.explain import explain
from ..qe.score import quality, score_pairs
from ..text.english import english_sentences
from ..text.io import read_documents
from ..text.normalize import normalize_text
from ..text.segment import segment_text
from .inputs import DocumentPair, block_lines


def _sides(doc: DocumentPair) -> tuple[list[tuple[str, int | None, int | None]], list[str], bool]:
    """The Persian sentences (text, start, end), the English sentences, and whether they are aligned
    already (line-aligned input)."""
    if doc.kind == "lines":
        fa, en = block_lines(doc.fa_path, doc.first, doc.last), block_lines(doc.en_path, doc.first, doc.last)
        return [(line, None, None) for line in fa], en, True
    (fa_doc,) = read_documents([doc.fa_path])
    (en_doc,) = read_documents([doc.en_path])
    return ([(s.line(), s.start, s.end) for s in segment_text(fa_doc.text, doc.doc_id)],
            english_sentences(en_doc.text), False)


def align_and_score(doc: DocumentPair, embedder: Any, options: AlignOptions, *, similarity: bool = True
                    ) -> tuple[list[dict[str, Any]], int, int]:
    """The scored beads of one document pair (as store rows) and its sentence counts; ``similarity``
    scores each pair's e5 similarity too."""
    src, tgt, aligned = _sides(doc)
    if aligned:
        beads = [((k,), (k,), None) for k in range(len(src))]
    else:
        found = align_sentences([normalize_text(s[0]) for s in src], tgt, embedder, options)
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
        row.setdefault("reasons", ["not aligned to a sentence of the other side"])
    return rows, len(src), len(tgt)
