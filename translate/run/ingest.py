"""The first stage of a run: every input read, segmented, normalized and matched against the glossary,
into the run store, a document at a time (large inputs by two processes, see :class:`Reading`). A
document the store already holds with the same bytes and the same glossary keeps its sentences (a
resumed run does not segment again)."""

from __future__ import annotations

import contextlib
import functools
import itertools
import logging
import os
import pickle
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import RunConfig
from ..errors import InputError, OutputError
from ..export.atomic import temporary_path
from ..export.names import output_names
from ..records import Document, Sentence, text_fingerprint
from ..terms.glossary import Hit, Matcher
from ..text.io import display, expand_inputs, read_one, unique_ids
from ..align.words import joined_tokens
from ..text.normalize import normalize, normalize_text
from ..text.search import fold
from ..text.segment import segment
from .helpers import PARALLEL_FROM, Channel, Helper, processes_for
from .store import Prepared, RunStore, StoredDocument

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Ingested:
    """The documents of this run (in input order), the inputs that could not be read, and what the
    manifest records of each input."""

    documents: list[StoredDocument] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    entries: list[dict[str, str]] = field(default_factory=list)


def memory_key(normalized: str, targets: list[str]) -> str:
    """The translation memory's key: the normalized sentence and the glossary targets found in it, so
    the same sentence with a different set of terms (short forms) is translated on its own."""
    return normalized + "\x1f" + "\x1e".join(targets)


#: Inputs of at least this many bytes are read by two processes: about
#: :data:`~translate.run.helpers.PARALLEL_FROM` sentences of news (NTREX's average 220 bytes).
PARALLEL_BYTES = 1_000_000
#: The share of the input bytes the helper reads: this process also stores the helper's documents.
HELPER_SHARE = 0.55
HELPER = "translate.run.ingest:serve_reading"

#: An input to read: its position in the run, path, document id and output name.
Planned = tuple[int, str, str, str]


def _planned(config: RunConfig) -> list[Planned]:
    found = list(expand_inputs(config.inputs))
    ids = unique_ids([doc_id for _, doc_id in found])
    return [(position, path, doc_id, name)
            for position, ((path, _), doc_id, name) in enumerate(zip(found, ids, output_names(ids)))]


class Reading:
    """The reading of a run's inputs, begun: large inputs (:data:`PARALLEL_BYTES`, on two cores or more,
    unless ``config.processes`` is 1) are read by two processes. A helper started here reads, segments,
    normalizes and matches the last documents (about :data:`HELPER_SHARE` of the bytes; it loads the
    normalizer's lexicons first, while this process does its own start-up), and :meth:`ingest` reads the
    first ones, then stores the helper's, in input order: the store is the same as when one process
    reads everything. If the helper fails, this process reads what it left. A context manager: leaving
    it stops a helper still at work."""

    def __init__(self, store: RunStore, config: RunConfig, matcher: Matcher | None,
                 glossary_sha1: str | None) -> None:
        self.store, self.config, self.matcher = store, config, matcher
        self.matched = glossary_sha1 or "none"
        self.here, self.there = _split(_planned(config), config.processes)
        self.helper = _start_reader(store, config, matcher, self.matched, self.there) if self.there else None
        self.peak_mb = 0.0  # the helper's peak resident memory, once it is done
        if self.helper is None:
            self.here, self.there = self.here + self.there, []

    def ingest(self, progress: Callable[[int], None] | None = None) -> Ingested:
        """Make the inputs the documents of the run being written, in input order: a document the store
        holds with the same bytes and glossary is taken as it is, another is read into a new version (the
        current run's versions stay untouched until this run finishes). ``progress`` is told the
        characters read."""
        out = Ingested()
        take = functools.partial(_read_here, self.store, out, encoding=self.config.encoding, matched=self.matched,
                                 matcher=self.matcher, progress=progress)
        take(self.here)
        if self.helper is not None:
            take(_take_read(self.helper, self.store, out, self.matched, self.matcher, progress, self.there))
            self.peak_mb = self.helper.peak_mb
            self.helper.close()
            self.helper = None
        return out

    def close(self) -> None:
        if self.helper is not None:
            self.helper.stop()
            self.helper.close()
            self.helper = None

    def __enter__(self) -> Reading:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _split(planned: list[Planned], processes: int | None) -> tuple[list[Planned], list[Planned]]:
    """The inputs read here and those a helper reads: the last documents, about :data:`HELPER_SHARE` of
    the bytes, when the inputs are large enough (never standard input, which only this process has)."""
    if len(planned) < 2 or any(path == "-" for _, path, _, _ in planned):
        return planned, []
    sizes = []
    for _, path, _, _ in planned:
        try:
            sizes.append(os.stat(path).st_size)
        except OSError:  # read_one says what is wrong with it
            sizes.append(0)
    total = sum(sizes)
    if processes_for(total * PARALLEL_FROM // PARALLEL_BYTES, processes) < 2:  # sentences, roughly
        return planned, []
    mine, cut = 0, len(planned)
    while cut > 1 and mine + sizes[cut - 1] <= HELPER_SHARE * total:
        cut -= 1
        mine += sizes[cut]
    return planned[:cut], planned[cut:]


def _read_here(store: RunStore, out: Ingested, planned: list[Planned], *, encoding: str | None, matched: str,
               matcher: Matcher | None, progress: Callable[[int], None] | None) -> None:
    for position, path, doc_id, name in planned:
        try:
            doc = read_one(path, doc_id, encoding)
        except InputError as exc:
            out.skipped.append(exc)
            continue
        _take(store, out, position, name, doc, matched, matcher, progress)


def _take(store: RunStore, out: Ingested, position: int, name: str, doc: Document, matched: str,
          matcher: Matcher | None, progress: Callable[[int], None] | None,
          read: tuple[list[Sentence], list[Prepared]] | None = None) -> None:
    """Make ``doc`` a document of this run: the stored version with the same bytes and glossary, or a new
    one (segmented here unless ``read`` gives its sentences and what each is stored with)."""
    path = display(doc.path)
    stored = store.version(doc.id, doc.sha256, matched)
    entry = StoredDocument(doc.id, position, path, name, doc.sha256, doc.encoding, doc.format, matched, 0,
                           cleaned=doc.cleaned)
    if stored is not None:
        entry = replace(entry, sentences=stored["sentences"], doc_key=stored["doc_key"])
        store.include(entry)
        if progress:
            progress(len(doc.text))
    else:
        entry = _put(store, doc, entry, matcher, progress, read)
    out.documents.append(entry)
    out.entries.append({"path": path, "doc_id": doc.id, "name": name, "sha256": doc.sha256,
                        "encoding": doc.encoding, "format": doc.format,
                        **({"cleaned": doc.cleaned} if doc.cleaned else {})})


def _start_reader(store: RunStore, config: RunConfig, matcher: Matcher | None, matched: str,
                  planned: list[Planned]) -> Helper | None:
    try:
        return Helper(HELPER, (str(store.path), matcher.entries if matcher else None, config.encoding, matched,
                               planned), "reading")
    except OSError as exc:  # no process to be had: this one reads everything
        logger.debug("no helper process for reading (%s): read here", exc)
        return None


def _take_read(helper: Helper, store: RunStore, out: Ingested, matched: str, matcher: Matcher | None,
               progress: Callable[[int], None] | None, planned: list[Planned]) -> list[Planned]:
    """Store what the helper read, document by document in input order; return the inputs it did not get
    to (read here: an error an input causes comes again, here)."""
    spool = None
    try:
        try:
            _, spool = helper.receive()
            helper.answer("done")
            records = open(spool, "rb")
        except (OutputError, OSError) as exc:
            logger.debug("the reading helper failed (%s): its inputs are read here", exc)
            return planned
        with records:
            for taken, _ in enumerate(planned):
                try:
                    kind, payload = pickle.load(records)
                except (OSError, EOFError, pickle.UnpicklingError) as exc:
                    logger.debug("the reading helper's spool %s is cut short (%s): the rest is read here", spool, exc)
                    return planned[taken:]
                if kind == "skipped":
                    out.skipped.append(payload)
                else:
                    position, name, doc, read = payload
                    _take(store, out, position, name, doc, matched, matcher, progress, read)
        return []
    finally:
        if spool is not None:
            with contextlib.suppress(OSError):
                os.unlink(spool)


def serve_reading(fd: int) -> None:
    """The reading helper process: told the store, the glossary's entries and the inputs over the socket
    ``fd``, read each (segmented and prepared unless the store holds it already) into a spool file beside
    the store (its name sent first, so the run removes it whatever happens), then say ``done`` (or the
    error). A file, not the socket: the run takes the documents only once it has read its own, and a
    socket's buffer would hold the helper up long before."""
    channel = Channel(fd)
    spool: Path | None = None
    try:
        normalize_text("")  # the lexicons, while the run does its own start-up (the job waits in the socket)
        store_path, entries, encoding, matched, planned = channel.receive()
        matcher = Matcher(entries) if entries is not None else None
        spool = temporary_path(Path(store_path).with_name("reading"))
        with RunStore(store_path) as store, open(spool, "wb") as records:
            channel.send("spool", str(spool))
            for position, path, doc_id, name in planned:
                try:
                    doc = read_one(path, doc_id, encoding)
                except InputError as exc:
                    pickle.dump(("skipped", exc), records, pickle.HIGHEST_PROTOCOL)
                    continue
                read = None
                if store.version(doc.id, doc.sha256, matched) is None:  # else the run takes it as stored
                    sentences = segment(doc)
                    read = (sentences, list(_prepared(sentences, matcher)))
                pickle.dump(("document", (position, name, doc, read)), records, pickle.HIGHEST_PROTOCOL)
        channel.send("done")
    except BaseException as exc:  # stopped or failed: the run reads these inputs itself, or has stopped
        if spool is not None:
            with contextlib.suppress(OSError):
                spool.unlink()
        channel.failed(exc)
    finally:
        channel.close()


def _put(store: RunStore, doc: Document, entry: StoredDocument, matcher: Matcher | None,
         progress: Callable[[int], None] | None,
         read: tuple[list[Sentence], list[Prepared]] | None = None) -> StoredDocument:
    if read is None:
        sentences = segment(doc, progress)
        prepared: Iterable[Prepared] = _prepared(sentences, matcher)
    else:  # read by the helper
        sentences, prepared = read
    entry = replace(entry, sentences=len(sentences))
    doc_key = store.add_document(entry, sentences, prepared, doc.markup if doc.markup is not None else doc.text)
    if read is not None and progress:
        progress(len(doc.text))
    return replace(entry, doc_key=doc_key)


def _prepared(sentences: Sequence[Sentence], matcher: Matcher | None) -> Iterator[Prepared]:
    """Each sentence's normalized text, memory key, glossary hits, joined tokens, fingerprint and folded
    text, one sentence at a time (in the process that reads it: a reading helper's work is whole)."""
    lines, matched = itertools.tee(s.line() for s in sentences)
    hits: Iterator[list[Hit]] = matcher.find_in_document(matched) if matcher else itertools.repeat([])
    for sentence, line, found in zip(sentences, lines, hits):
        norm = normalize(line)
        yield Prepared(norm.text, memory_key(norm.text, [h.target for h in found]),
                       [matcher.to_dict(h) for h in found] if matcher else [], joined_tokens(line, norm),
                       text_fingerprint(norm.text), fold(sentence.text))
