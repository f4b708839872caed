"""The document pairs a build reads, as ``[pairing] documents`` says to find them:

- ``name``: two folders whose documents pair by file name (each document left without a partner set
  aside with the reason), a listing of pairs, or two line-aligned files (:func:`.inputs.find_pairs`);
- ``content``: two folders paired by what the documents say (:mod:`.pairing`; ``corpus build
  --pair-documents``), each document left without a partner set aside with the reason;
- ``crawl``: HTML pages and WARC files read into ``OUTDIR/crawl/{fa,en}`` (:mod:`.crawl`; ``corpus
  build --crawl``), then paired by content; every page that is not a document of either side is set
  aside with its reason too.

What is set aside becomes rows of ``rejected.jsonl`` (``removed_by: "input: …"``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import ClusterOptions
from ..errors import InputError
from ..text.io import display
from .config import CorpusConfig
from .inputs import DocumentPair, Refused, find_pairs

#: The folder of ``OUTDIR`` a crawl's documents are written to.
CRAWL_FOLDER = "crawl"


@dataclass(slots=True)
class FoundDocuments:
    """The document pairs found; the documents left without a partner (their names, for messages);
    the inputs set aside with their reason (documents without a partner when pairing by content,
    unreadable files the pairing skipped, pages of a crawl that are not documents); the embedder the
    pairing opened (the build aligns with it too)."""

    pairs: list[DocumentPair]
    unpaired: list[str] = field(default_factory=list)
    set_aside: list[Refused] = field(default_factory=list)
    embedder: Any = None


def find_documents(inputs: Sequence[str], outdir: str | Path, config: CorpusConfig, *, embedder: Any = None,
                   executor: str = "local", cluster: ClusterOptions = ClusterOptions(),
                   progress: Callable[[str, int], None] | None = None) -> FoundDocuments:
    """The document pairs of ``inputs`` (see the module docstring). ``progress(stage, done)`` is told
    as pages are read (``crawl``) and documents paired (``read``, ``confirm``)."""
    how = config.pairing.documents
    if how == "name":
        pairs, unpaired, set_aside = find_pairs(inputs)
        return FoundDocuments(pairs, unpaired, set_aside)
    set_aside: list[Refused] = []
    if how == "crawl":
        fa_dir, en_dir = _crawl(inputs, Path(outdir) / CRAWL_FOLDER, config, set_aside, progress)
    else:
        if len(inputs) != 2 or not all(Path(p).is_dir() for p in inputs):
            raise InputError(" ".join(display(p) for p in inputs),
                             "pairing documents by content takes two folders: the Persian documents, then the English")
        fa_dir, en_dir = inputs
    return _by_content(str(fa_dir), str(en_dir), config, set_aside, embedder, executor, cluster, progress)


def _crawl(inputs: Sequence[str], folder: Path, config: CorpusConfig, set_aside: list[Refused],
           progress: Callable[[str, int], None] | None) -> tuple[Path, Path]:
    from .crawl import crawl_sides

    sides = crawl_sides(inputs, folder, min_confidence=config.crawl.min_confidence,
                        min_characters=config.crawl.min_characters,
                        progress=(lambda n: progress("crawl", n)) if progress else None)
    set_aside.extend(Refused(page, page, f"crawl: {reason}") for page, reason in sides.left_out())
    for lang, side in (("Persian", sides.split.fa), ("English", sides.split.en)):
        if not side:
            counts = sides.split.counts()
            raise InputError(" ".join(display(p) for p in inputs),
                             f"no {lang} page in this crawl ({counts['fa']} Persian, {counts['en']} English, "
                             f"{len(sides.left_out())} left out: see {display(str(folder / 'left-out.tsv'))})")
    return sides.fa_dir, sides.en_dir


def _by_content(fa_dir: str, en_dir: str, config: CorpusConfig, set_aside: list[Refused], embedder: Any,
                executor: str, cluster: ClusterOptions, progress: Callable[[str, int], None] | None
                ) -> FoundDocuments:
    from .pairing import PairingOptions, document_pairs_by_content

    rules = config.pairing
    options = PairingOptions(head=rules.head, neighbours=rules.neighbours, threshold=rules.threshold)
    if embedder is None and executor == "local":
        from ..align.embed import load_embedder

        embedder = load_embedder()
    pairs, result = document_pairs_by_content(fa_dir, en_dir, embedder, options=options, executor=executor,
                                              cluster=cluster, progress=progress)
    set_aside.extend(Refused(Path(path).name, display(path), reason) for path, reason in result.rejected)
    for side, other, ids, paths in (("fa", "English", result.unpaired_fa, result.unpaired_fa_paths),
                                    ("en", "Persian", result.unpaired_en, result.unpaired_en_paths)):
        set_aside.extend(Refused(doc_id, display(path), f"no {other} document translates it (paired by content: "
                                 f"none scored {rules.threshold:g} or more)") for doc_id, path in zip(ids, paths))
    if not pairs:
        raise InputError(f"{display(fa_dir)}, {display(en_dir)}",
                         f"no document pairs found by content among {len(result.unpaired_fa)} Persian and "
                         f"{len(result.unpaired_en)} English documents (none scored {rules.threshold:g} or more; "
                         "[pairing] threshold sets the least score)")
    return FoundDocuments(pairs, result.unpaired(), set_aside, embedder)
