"""The first stage of a run: every input read, segmented, normalized and matched against the glossary,
into the run store, a document at a time. A document the store already holds with the same bytes and
the same glossary keeps its sentences (a resumed run does not segment again)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from ..config import RunConfig
from ..errors import InputError
from ..export.names import output_names
from ..records import Document, Sentence
from ..terms.glossary import Hit, Matcher
from ..text.io import display, expand_inputs, read_one, unique_ids
from ..align.words import joined_tokens
from ..text.normalize import normalize
from ..text.segment import segment
from .store import Prepared, RunStore, StoredDocument


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


def _documents(config: RunConfig, skipped: list[InputError]) -> Iterator[tuple[int, str, Document]]:
    planned = list(expand_inputs(config.inputs))
    ids = unique_ids([doc_id for _, doc_id in planned])
    for position, ((path, _), doc_id, name) in enumerate(zip(planned, ids, output_names(ids))):
        try:
            yield position, name, read_one(path, doc_id, config.encoding)
        except InputError as exc:
            skipped.append(exc)


def ingest(store: RunStore, config: RunConfig, matcher: Matcher | None, glossary_sha1: str | None,
           progress: Callable[[int], None] | None = None) -> Ingested:
    """Make the inputs the documents of the run being written: a document the store holds with the same
    bytes and glossary is taken as it is, another is read into a new version (the current run's
    versions stay untouched until this run finishes). ``progress`` is told the characters read."""
    out = Ingested()
    matched = glossary_sha1 or "none"
    for position, name, doc in _documents(config, out.skipped):
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
            entry = _put(store, doc, entry, matcher, progress)
        out.documents.append(entry)
        out.entries.append({"path": path, "doc_id": doc.id, "name": name, "sha256": doc.sha256,
                            "encoding": doc.encoding, "format": doc.format,
                            **({"cleaned": doc.cleaned} if doc.cleaned else {})})
    return out


def _put(store: RunStore, doc: Document, entry: StoredDocument, matcher: Matcher | None,
         progress: Callable[[int], None] | None) -> StoredDocument:
    sentences = segment(doc, progress)
    entry = replace(entry, sentences=len(sentences))
    doc_key = store.add_document(entry, sentences, _prepared(sentences, matcher),
                                 doc.markup if doc.markup is not None else doc.text)
    return replace(entry, doc_key=doc_key)


def _prepared(sentences: Sequence[Sentence], matcher: Matcher | None) -> Iterator[Prepared]:
    """Each sentence's normalized text, memory key, glossary hits and joined tokens, one sentence at a
    time."""
    lines, matched = itertools.tee(s.line() for s in sentences)
    hits: Iterator[list[Hit]] = matcher.find_in_document(matched) if matcher else itertools.repeat([])
    for line, found in zip(lines, hits):
        norm = normalize(line)
        yield Prepared(norm.text, memory_key(norm.text, [h.target for h in found]),
                       [matcher.to_dict(h) for h in found] if matcher else [], joined_tokens(line, norm))
