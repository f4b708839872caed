"""Which Persian document translates which English one, among many, with unpaired documents left out
(``translate corpus pair``; ``corpus build --pair-documents``).

The approach of Thompson & Koehn (2020, "Exploiting Sentence Order in Document Alignment"), with the
embedder the sentence aligner already uses:

1. each document's first :attr:`PairingOptions.head` sentences are embedded (multilingual e5; Persian
   normalized as the aligner reads it) — the start of a news article says what it is about, and
   embedding is nearly all of the cost, so it is bounded per document;
2. a document's vector is the mean of its sentence vectors, less the mean vector of its side (e5's
   vectors of Persian and of English text differ by a constant-like offset; removing it makes a
   Persian document's nearest English documents those about the same thing);
3. candidates: each document's :attr:`~PairingOptions.neighbours` nearest documents of the other side,
   both ways;
4. each candidate pair is confirmed by the sentence aligner (:func:`~translate.align.sentences.align_sentences`
   on the two heads, from the vectors of step 1): its score is the share of both heads' text that
   the aligner links, each link weighted by its quality — a translation links nearly everything
   well, two articles on one topic link little;
5. a one-to-one assignment: pairs taken best first, each document at most once (competitive
   linking), and only those at or above :attr:`~PairingOptions.threshold`.

Cost: reading and embedding are linear in the number of documents (at most ``head`` sentences each),
candidates and their confirmation linear too (``2 × neighbours`` per document), the assignment
``n log n`` (a sort). The nearest-neighbour search is an exact matrix product in blocks, with top-k
— quadratic, but some 10⁶ times cheaper per pair than embedding a sentence: well under a second for
1,000 × 1,000 (see ``bench/pair_documents.py`` and docs/crawl.md for the measured curve).

:func:`pair_by_numbers` is the baseline without a model: document length and shared numbers.
"""

from __future__ import annotations

import itertools
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..align.embed import Embedder
from ..config import AlignOptions, ClusterOptions
from ..errors import ConfigError, InputError, OutputError
from ..qe.signals import LENGTH_RATIO, numbers
from ..records import Document
from ..run.cluster import pool, reach
from ..run.executor import Progress
from ..text.io import display, iter_lines, read_documents
from ..text.normalize import normalize_text
from ..text.segment import segment_text
from .inputs import DocumentPair

logger = logging.getLogger(__name__)

#: Sentences embedded per call (many documents' together: the embedder batches them by length).
EMBED_BATCH = 1000
#: Candidate pairs confirmed per task (a Ray actor's unit of work).
CONFIRM_BATCH = 256


@dataclass(frozen=True, slots=True)
class PairingOptions:
    """How documents are paired (see the module docstring). ``head``: sentences of each document
    embedded and aligned (its start); ``neighbours``: candidates per document and direction;
    ``threshold``: the least confirmed score of a pair kept (tuned on half of the NTREX
    evaluation, reported on the other: docs/crawl.md); ``center_from``: documents each side needs
    for its mean vector to be subtracted (with fewer on a side, nothing is subtracted and every
    pair is a candidate)."""

    head: int = 10
    neighbours: int = 4
    threshold: float = 0.165
    center_from: int = 8
    align: AlignOptions = AlignOptions()

    def __post_init__(self) -> None:
        if isinstance(self.head, bool) or not isinstance(self.head, int) or self.head < 1:
            raise ConfigError(f"head must be a whole number of sentences ≥ 1, not {self.head!r}")
        if isinstance(self.neighbours, bool) or not isinstance(self.neighbours, int) or self.neighbours < 1:
            raise ConfigError(f"neighbours must be a whole number ≥ 1, not {self.neighbours!r}")
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, (int, float)) \
                or not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"threshold must be a number between 0 and 1, not {self.threshold!r}")


@dataclass(frozen=True, slots=True)
class DocumentMatch:
    """A Persian document paired with its English: ids and paths, the confirmed ``score`` (0–1: the
    share of both heads' text the aligner links, by quality) and the documents' ``similarity``
    (cosine of their centered vectors)."""

    fa_id: str
    en_id: str
    fa_path: str
    en_path: str
    score: float
    similarity: float


@dataclass(slots=True)
class PairingResult:
    """The pairs, best first; the documents of each side left without a partner (ids, and their
    paths in the same order); the inputs that could not be read (``(path, reason)``); seconds per
    stage; candidate pairs confirmed."""

    matches: list[DocumentMatch] = field(default_factory=list)
    unpaired_fa: list[str] = field(default_factory=list)
    unpaired_en: list[str] = field(default_factory=list)
    unpaired_fa_paths: list[str] = field(default_factory=list)
    unpaired_en_paths: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    candidates: int = 0
    #: Where the documents were read and the candidates confirmed (the manifest entry of the executor:
    #: ``local``, or the Ray cluster's address, nodes, CPUs, GPUs and replicas).
    executor: dict[str, Any] = field(default_factory=lambda: {"executor": "local"})

    def unpaired(self) -> list[str]:
        """The documents without a partner, ``fa:ID`` and ``en:ID``."""
        return [f"fa:{i}" for i in self.unpaired_fa] + [f"en:{i}" for i in self.unpaired_en]

    def summary(self) -> str:
        times = ", ".join(f"{k} {v:.1f} s" for k, v in self.seconds.items())
        where = self.executor
        cluster = (f"; on the Ray cluster at {where['address']} ({where['nodes']} node{'s' * (where['nodes'] != 1)}, "
                   f"{where['actors']} worker{'s' * (where['actors'] != 1)})" if where.get("executor") == "ray" else "")
        return (f"{len(self.matches)} pairs; unpaired: {len(self.unpaired_fa)} Persian, {len(self.unpaired_en)} "
                f"English; {self.candidates} candidates confirmed; {times}{cluster}")


@dataclass(frozen=True, slots=True)
class Head:
    """The start of one document as the pairing reads it: its sentences (Persian normalized as the
    aligner reads it) and their unit vectors, one row each."""

    sentences: tuple[str, ...]
    vectors: Any


# ---------------------------------------------------------------------------------------------- reading


def head_sentences(text: str, lang: str, head: int) -> list[str]:
    """The first ``head`` sentences of a document: Persian by this project's segmenter (normalized
    as the aligner reads it), English by pysbd a paragraph at a time (only as many paragraphs as
    needed: pysbd costs about a millisecond a sentence)."""
    if lang == "fa":
        return [normalize_text(s.line()) for s in segment_text(text)[:head]]
    if lang != "en":
        raise ConfigError(f"a side's language is 'fa' or 'en', not {lang!r}")
    import pysbd

    splitter = pysbd.Segmenter(language="en", clean=False)
    out: list[str] = []
    for start, end in iter_lines(text):
        line = text[start:end].strip()
        if line:
            out.extend(x.strip() for x in splitter.segment(line) if x.strip())
            if len(out) >= head:
                break
    return out[:head]


class _Lookup:
    """An embedder over vectors already computed (the aligner asks for the heads' sentences again)."""

    name = "precomputed"

    def __init__(self, *heads: Head) -> None:
        self._vectors = {s: v for h in heads for s, v in zip(h.sentences, h.vectors)}

    def encode(self, texts: Sequence[str]) -> Any:
        import numpy as np

        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])


def head_group(options: PairingOptions) -> int:
    """Documents whose heads are embedded together (a Ray actor's call too): about ``EMBED_BATCH``
    sentences."""
    return max(1, EMBED_BATCH // options.head)


class HeadReader:
    """The pairing's first worker (a :class:`~translate.run.executor.Worker`, here or on a Ray actor):
    the :class:`Head` of each ``(document, lang)``, the sentences of :func:`head_group` documents
    embedded together. ``embedder``: an open one, or e5 loaded here on ``threads``."""

    def __init__(self, embedder: Embedder | None = None, options: PairingOptions = PairingOptions(),
                 threads: int | None = None) -> None:
        if embedder is None:
            from ..align.embed import load_embedder

            embedder = load_embedder(threads=threads)
        self.embedder, self.options = embedder, options

    def results(self, items: Iterable[tuple[Document, str]], progress: Progress | None = None) -> Iterator[Head]:
        source = iter(items)
        for batch in iter(lambda: list(itertools.islice(source, head_group(self.options))), []):
            yield from self.heads([(doc.text, lang) for doc, lang in batch])

    def heads(self, items: Sequence[tuple[str, str]]) -> list[Head]:
        """The :class:`Head` of each ``(text, lang)``, their sentences embedded together."""
        import numpy as np

        sentences = [head_sentences(text, lang, self.options.head) for text, lang in items]
        flat = [s for group in sentences for s in group]
        vectors = [self.embedder.encode(flat[k:k + EMBED_BATCH]) for k in range(0, len(flat), EMBED_BATCH)]
        matrix = np.concatenate(vectors) if vectors else np.zeros((0, 1), dtype=np.float32)
        out, at = [], 0
        for group in sentences:
            out.append(Head(tuple(group), np.asarray(matrix[at:at + len(group)], dtype=np.float32)))
            at += len(group)
        return out


class PairConfirmer:
    """The pairing's second worker: the :func:`confirmed_score` of each ``(Persian head, English
    head)``, from the heads' vectors (no embedder)."""

    def __init__(self, options: AlignOptions = AlignOptions()) -> None:
        self.options = options

    def results(self, pairs: Iterable[tuple[Head, Head]], progress: Progress | None = None) -> Iterator[float]:
        for fa, en in pairs:
            yield confirmed_score(fa, en, self.options)


def confirmed_score(fa: Head, en: Head, options: AlignOptions = AlignOptions()) -> float:
    """How much of two heads the sentence aligner links, and how well: the characters of both heads
    in linked beads, each bead's counted by its quality, over all the heads' characters. A bead's
    quality is one minus its cost per sentence (the DP weighs a bead by its size and charges merges
    extra, to choose paths; a 2-1 bead of a good translation is as good as two 1-1 beads), clipped to
    0–1. A translation scores about 0.2–0.8 (median 0.43 on NTREX news), two articles on one topic
    below 0.1."""
    from ..align.sentences import align_sentences

    if not fa.sentences or not en.sentences:
        return 0.0
    beads = align_sentences(list(fa.sentences), list(en.sentences), _Lookup(fa, en), options)
    total = sum(map(len, fa.sentences)) + sum(map(len, en.sentences))
    linked = 0.0
    for bead in beads:
        if bead.src and bead.tgt:
            n = len(bead.src) + len(bead.tgt)
            per_sentence = (1.0 - bead.score - (options.merge if n > 2 else 0.0)) / (n / 2)
            size = sum(len(fa.sentences[i]) for i in bead.src) + sum(len(en.sentences[j]) for j in bead.tgt)
            linked += size * min(1.0, max(0.0, 1.0 - per_sentence))
    return round(linked / max(1, total), 4)


# ---------------------------------------------------------------------------------------------- candidates


def document_vectors(heads: Sequence[Head], center: bool) -> Any:
    """One unit vector per document: the mean of its sentence vectors, less the side's mean
    (``center``); a document without sentences gets a zero vector."""
    import numpy as np

    dim = next((h.vectors.shape[1] for h in heads if len(h.sentences)), 1)
    out = np.zeros((len(heads), dim), dtype=np.float32)
    for k, h in enumerate(heads):
        if len(h.sentences):
            out[k] = h.vectors.mean(axis=0)
    out = _unit(out)
    if center and len(heads):
        present = np.linalg.norm(out, axis=1) > 0
        out[present] -= out[present].mean(axis=0)
        out = _unit(out) * present[:, None]
    return out


def _unit(matrix: Any) -> Any:
    import numpy as np

    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def nearest(queries: Any, keys: Any, k: int, block: int = 2048) -> Iterator[tuple[int, int, float]]:
    """``(query, key, cosine)`` of each query's ``k`` nearest keys: exact, a block of queries at a time
    (PyTorch's matrix product and top-k: NumPy's argpartition is several times slower here)."""
    import torch

    if not len(queries) or not len(keys):
        return
    k = min(k, len(keys))
    q, keys_t = torch.from_numpy(queries), torch.from_numpy(keys).T.contiguous()
    for start in range(0, len(q), block):
        values, columns = (q[start:start + block] @ keys_t).topk(k, dim=1)
        for row, (cols, sims) in enumerate(zip(columns.tolist(), values.tolist())):
            for col, sim in zip(cols, sims):
                yield start + row, col, sim


def candidate_pairs(fa: Any, en: Any, k: int) -> dict[tuple[int, int], float]:
    """``{(fa index, en index): cosine}``: each document's ``k`` nearest of the other side, both ways."""
    out: dict[tuple[int, int], float] = {}
    for i, j, sim in nearest(fa, en, k):
        out[(i, j)] = sim
    for j, i, sim in nearest(en, fa, k):
        out[(i, j)] = sim
    return out


def assign(scored: Iterable[tuple[int, int, float]], threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one: pairs best first (ties by index, so the result is deterministic), each index of
    either side taken once, none below ``threshold``."""
    taken_fa: set[int] = set()
    taken_en: set[int] = set()
    out = []
    for i, j, score in sorted(scored, key=lambda x: (-x[2], x[0], x[1])):
        if score < threshold:
            break
        if i in taken_fa or j in taken_en:
            continue
        taken_fa.add(i)
        taken_en.add(j)
        out.append((i, j, score))
    return out


# ---------------------------------------------------------------------------------------------- executors


# ---------------------------------------------------------------------------------------------- pairing

#: What a pairing that failed on the cluster leaves: nothing (it writes only at its end).
NOTHING_WRITTEN = "nothing was written: the same command pairs them again"



def pair_documents(fa_docs: Sequence[Document], en_docs: Sequence[Document], embedder: Embedder | None = None, *,
                   options: PairingOptions = PairingOptions(), executor: str = "local",
                   cluster: ClusterOptions = ClusterOptions(),
                   progress: Callable[[str, int], None] | None = None) -> PairingResult:
    """Pair Persian documents with their English translations (see the module docstring); documents
    without a confirmed partner are listed as unpaired. ``embedder``: an open one (default: e5,
    loaded here); ``executor="ray"`` embeds and confirms on a Ray cluster instead (``cluster``), by
    the shared :class:`~translate.run.cluster.RayExecutor`: :class:`HeadReader` actors, one embedder
    each (e5 loaded on its CPUs, or a copy of ``embedder`` when one is given: a small picklable one;
    leave it out for e5), then :class:`PairConfirmer` actors. ``progress(stage, done)`` is told as
    documents are read and candidates confirmed."""
    from ..config import EXECUTORS

    if executor not in EXECUTORS:
        raise ConfigError(f"unknown executor {executor!r}: choose one of {', '.join(EXECUTORS)}")
    for side, docs in (("Persian", fa_docs), ("English", en_docs)):
        seen: set[str] = set()
        for doc in docs:
            if doc.id in seen:
                raise InputError(display(doc.path), f"two {side} documents have the id {doc.id!r}: ids must be unique")
            seen.add(doc.id)
    result = PairingResult()
    if not fa_docs or not en_docs:
        _unpaired(result, fa_docs, en_docs, set(), set())
        return result
    with reach(executor, cluster) as ray:
        return _pair(fa_docs, en_docs, embedder, options, result, progress, ray, cluster)


def _pair(fa_docs: Sequence[Document], en_docs: Sequence[Document], embedder: Embedder | None,
          options: PairingOptions, result: PairingResult, progress: Callable[[str, int], None] | None,
          ray: Any, cluster: ClusterOptions) -> PairingResult:
    """The pairing, its workers here (``ray`` is None) or on the cluster: :class:`HeadReader` actors,
    then :class:`PairConfirmer` actors."""
    clock = time.perf_counter()
    per_batch = head_group(options)
    heads: list[Head] = []
    with pool(ray, cluster, HeadReader, lambda replica: (embedder, options, replica.cpus if replica else None),
              group=per_batch, describe=_reading, on_failure=NOTHING_WRITTEN) as readers:
        result.executor = readers.info
        for _, head in readers.map([(d, "fa") for d in fa_docs] + [(d, "en") for d in en_docs]):
            heads.append(head)
            if progress and len(heads) % per_batch == 0:
                progress("read", len(heads))
    fa_heads, en_heads = heads[:len(fa_docs)], heads[len(fa_docs):]
    result.seconds["read+embed"] = time.perf_counter() - clock

    clock = time.perf_counter()
    center = len(fa_docs) >= options.center_from and len(en_docs) >= options.center_from
    fa_vec, en_vec = document_vectors(fa_heads, center), document_vectors(en_heads, center)
    # A side too small for its mean to stand for the language: every pair is a candidate.
    k = options.neighbours if center else max(options.neighbours, options.center_from)
    candidates = candidate_pairs(fa_vec, en_vec, k)
    keys = sorted(candidates)
    result.candidates = len(keys)
    result.seconds["candidates"] = time.perf_counter() - clock

    clock = time.perf_counter()
    scores: list[float] = []
    with pool(ray, cluster, PairConfirmer, lambda replica: (options.align,), group=CONFIRM_BATCH,
              describe=lambda pairs: f"confirming {len(pairs)} candidate pairs", on_failure=NOTHING_WRITTEN) as confirmers:
        for _, score in confirmers.map((fa_heads[i], en_heads[j]) for i, j in keys):
            scores.append(score)
            if progress and len(scores) % CONFIRM_BATCH == 0:
                progress("confirm", len(scores))
    result.seconds["confirm"] = time.perf_counter() - clock

    chosen = assign(((i, j, s) for (i, j), s in zip(keys, scores)), options.threshold)
    result.matches = [DocumentMatch(fa_docs[i].id, en_docs[j].id, fa_docs[i].path, en_docs[j].path, score,
                                    round(candidates[(i, j)], 4)) for i, j, score in chosen]
    _unpaired(result, fa_docs, en_docs, {i for i, _, _ in chosen}, {j for _, j, _ in chosen})
    return result


def _reading(docs: list[tuple[Document, str]]) -> str:
    """A group of documents read and embedded, as a failure names it."""
    return f"reading and embedding {', '.join(f'{lang}:{doc.id}' for doc, lang in docs[:3])}" + \
        (f" and {len(docs) - 3} more documents" if len(docs) > 3 else "")


def _unpaired(result: PairingResult, fa_docs: Sequence[Document], en_docs: Sequence[Document], paired_fa: set[int],
              paired_en: set[int]) -> None:
    """The documents of each side whose index is not among the paired, ids and paths."""
    fa = [d for k, d in enumerate(fa_docs) if k not in paired_fa]
    en = [d for k, d in enumerate(en_docs) if k not in paired_en]
    result.unpaired_fa, result.unpaired_fa_paths = [d.id for d in fa], [d.path for d in fa]
    result.unpaired_en, result.unpaired_en_paths = [d.id for d in en], [d.path for d in en]


def read_side(folder: str, rejected: list[tuple[str, str]] | None = None) -> list[Document]:
    """The documents of one side's folder (``.txt``, ``.md``, ``.html``, recursively); unreadable
    ones are appended to ``rejected`` as ``(path, reason)`` (without it, the first raises)."""
    path = Path(folder)
    if not path.is_dir():
        raise InputError(display(folder), "is not a folder: give a folder of documents for each side")
    errors: list[InputError] | None = [] if rejected is not None else None
    docs = list(read_documents([folder], errors=errors))
    if rejected is not None and errors:
        rejected.extend((e.source, e.problem) for e in errors)
    return docs


def pair_folders(fa_dir: str, en_dir: str, embedder: Embedder | None = None, *,
                 options: PairingOptions = PairingOptions(), executor: str = "local",
                 cluster: ClusterOptions = ClusterOptions(), progress: Callable[[str, int], None] | None = None
                 ) -> PairingResult:
    """:func:`pair_documents` on two folders: an empty, binary or undecodable file is listed in
    ``rejected`` and the rest are paired."""
    rejected: list[tuple[str, str]] = []
    fa_docs, en_docs = read_side(fa_dir, rejected), read_side(en_dir, rejected)
    for side, docs, folder in (("Persian", fa_docs, fa_dir), ("English", en_docs, en_dir)):
        if not docs:
            raise InputError(display(folder), f"no readable {side} document (.txt, .md, .html) in this folder")
    result = pair_documents(fa_docs, en_docs, embedder, options=options, executor=executor, cluster=cluster,
                            progress=progress)
    result.rejected = rejected
    return result


def pair_folders_by_numbers(fa_dir: str, en_dir: str, options: BaselineOptions | None = None) -> PairingResult:
    """:func:`pair_by_numbers` (the baseline without a model) on two folders, unreadable files in
    ``rejected`` as :func:`pair_folders` has them."""
    rejected: list[tuple[str, str]] = []
    fa_docs, en_docs = read_side(fa_dir, rejected), read_side(en_dir, rejected)
    result = pair_by_numbers(fa_docs, en_docs, options or BaselineOptions())
    result.rejected = rejected
    return result


def document_pairs_by_content(fa_dir: str, en_dir: str, embedder: Embedder | None = None, *,
                              options: PairingOptions = PairingOptions(), executor: str = "local",
                              cluster: ClusterOptions = ClusterOptions(),
                              progress: Callable[[str, int], None] | None = None
                              ) -> tuple[list[DocumentPair], PairingResult]:
    """:func:`pair_folders` as ``corpus build`` takes its inputs: one :class:`~.inputs.DocumentPair`
    per pair found (its id the Persian document's, as for folders paired by name), and the result
    (unpaired documents, unreadable files)."""
    result = pair_folders(fa_dir, en_dir, embedder, options=options, executor=executor, cluster=cluster,
                          progress=progress)
    pairs = [DocumentPair(m.fa_id, m.fa_path, m.en_path) for m in sorted(result.matches, key=lambda m: m.fa_id)]
    return pairs, result


def write_pairs(matches: Iterable[DocumentMatch], path: str | Path) -> int:
    """Write ``fa_path``, ``en_path``, ``score`` as plain TSV with a header, a pair a line in the order
    of the Persian paths (no quoting: a path with a tab or line break is written with it escaped as
    ``%09``, as :func:`~translate.text.io.display` shows it). Paths are relative to the file's folder,
    as ``corpus build PAIRS.tsv`` reads them (the listing and the documents can move together).
    Returns the rows written. The file is replaced whole or not at all."""
    import os
    import tempfile

    target = Path(path)
    lines = ["fa_path\ten_path\tscore"]
    for m in sorted(matches, key=lambda m: (m.fa_path, m.en_path)):
        fa, en = (_relative(p, target.parent) for p in (m.fa_path, m.en_path))
        lines.append(f"{_path_cell(fa)}\t{_path_cell(en)}\t{m.score:.4f}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
                handle.write("\n".join(lines) + "\n")
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise OutputError(f"{display(str(target))}: cannot write the pairs ({exc.strerror or exc})") from None
    return len(lines) - 1


def _relative(path: str, folder: Path) -> str:
    import os

    return Path(os.path.relpath(Path(path).absolute(), folder.absolute())).as_posix()


def _path_cell(path: str) -> str:
    return display(path).replace("\t", "%09")


# ---------------------------------------------------------------------------------------------- baseline


@dataclass(frozen=True, slots=True)
class BaselineOptions:
    """:func:`pair_by_numbers`: ``length_weight`` of the length deviation against the numbers'
    overlap, and the least score of a pair kept (both tuned as the pairing's threshold is)."""

    length_weight: float = 0.05
    threshold: float = 0.25
    length_sigma: float = 0.25


def baseline_score(fa_numbers: frozenset[str], en_numbers: frozenset[str], fa_chars: int, en_chars: int,
                   options: BaselineOptions = BaselineOptions()) -> float:
    """The numbers the two documents share over those either has (Jaccard), less ``length_weight``
    times how many standard deviations their length ratio is from the usual one."""
    union = len(fa_numbers | en_numbers)
    overlap = len(fa_numbers & en_numbers) / union if union else 0.0
    deviation = abs(math.log((en_chars + 10) / (LENGTH_RATIO * fa_chars + 10))) / options.length_sigma
    return overlap - options.length_weight * deviation


def pair_by_numbers(fa_docs: Sequence[Document], en_docs: Sequence[Document],
                    options: BaselineOptions = BaselineOptions()) -> PairingResult:
    """The baseline without a model: every pair of documents sharing a number is scored by
    :func:`baseline_score` (found through an index of numbers), then assigned one-to-one."""
    clock = time.perf_counter()
    fa_num = [numbers(d.text) for d in fa_docs]
    en_num = [numbers(d.text) for d in en_docs]
    index: dict[str, list[int]] = {}
    for j, found in enumerate(en_num):
        for n in found:
            index.setdefault(n, []).append(j)
    scored = []
    for i, found in enumerate(fa_num):
        partners = {j for n in found for j in index.get(n, ())}
        for j in partners:
            scored.append((i, j, baseline_score(found, en_num[j], len(fa_docs[i].text), len(en_docs[j].text), options)))
    chosen = assign(scored, options.threshold)
    result = PairingResult(candidates=len(scored))
    result.matches = [DocumentMatch(fa_docs[i].id, en_docs[j].id, fa_docs[i].path, en_docs[j].path, round(s, 4), 0.0)
                      for i, j, s in chosen]
    _unpaired(result, fa_docs, en_docs, {i for i, _, _ in chosen}, {j for _, j, _ in chosen})
    result.seconds["baseline"] = time.perf_counter() - clock
    return result
