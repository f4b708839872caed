"""The run store: ``OUTDIR/run.sqlite``, the source of truth of a run, on the storage layer
(:mod:`translate.storage`: numbered migrations, rows by name, one transaction per change).

What it holds:

- ``runs``: every run started here; the last one ``done`` is the *current* run, the one ``export`` and
  the review read.
- ``document_versions``: the documents as they were read (id, SHA-256, encoding, format, the glossary
  they were matched with), immutable: a document whose bytes changed gets a new version beside the
  old one; ``sentences`` of each version (offsets, original and normalized text, memory key, glossary
  hits, and the sentence's *fingerprint* — of its normalized text — with its occurrence among equal
  sentences of the document).
- ``run_documents``: which versions, in which order, under which paths and output names, make up each
  run. A run adds its own rows as it reads; only when it finishes do the rows of earlier runs and the
  versions no run uses any more go (one transaction). So a run that fails at any point — a bad model, a
  missing extra, ``kill -9``, a full disk — leaves the current run exactly as it was.
- ``translations`` and ``term_hits`` under a signature (the translation memory: any sentence with the
  same key is served from it), and ``scores`` of each sentence under a scoring.
- ``reviews``: a person's state and English for a sentence, keyed by the document and the sentence's
  fingerprint and occurrence — not its position, so an edit stays on its sentence when the article
  gains or loses sentences — with a revision that grows with every action; ``history``: every action
  with what it replaced.
- ``meta``: the store's random id (written into CAT files, so an import knows a file of this store).

SQLite in WAL mode, committed after each document read and each translation window, so a ``kill -9``
loses at most the window in flight.
"""

from __future__ import annotations

import datetime
import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..align.words import links_on_original, move_links
from ..errors import OutputError
from ..records import QE_COLUMNS, Score, Sentence, SentencePair, TermHit, Translation, one_line, text_fingerprint
from ..storage import Database, Row
from ..text.io import display

#: The store's file name in a run's output folder.
STORE_NAME = "run.sqlite"
_SCORES = ", ".join(f"{c} REAL" for c in QE_COLUMNS)


class Place(NamedTuple):
    """Where a sentence stands in a run: its document's position in the run, then its index in the
    document. Places order as the run reads (tuples compare field by field)."""

    position: int
    index: int


#: Before the run's first sentence.
START = Place(-1, -1)


_COLS = ", ".join(QE_COLUMNS)
#: A document of a run by its id (the first parameter is the run): the version by ``doc_id`` first, then
#: its membership — left to itself SQLite walks every document of the run for each lookup, which made
#: scoring a 10,000-document run quadratic (CROSS JOIN fixes SQLite's join order).
_BY_DOC = "FROM document_versions v CROSS JOIN run_documents rd ON rd.doc_key = v.doc_key AND rd.run_id = ?"
_R_COLS = ", ".join(f"r.{c}" for c in QE_COLUMNS)
_C_COLS = ", ".join(f"c.{c}" for c in QE_COLUMNS)
#: Version 3: document versions and run membership (a failed run never touches the current one); reviews
#: keyed by the sentence's fingerprint and occurrence, with revisions; the store's id; scores kept per
#: scoring; translations and scores remember the run that made them.
_V3 = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "ALTER TABLE runs ADD COLUMN scoring TEXT",
    "UPDATE runs SET scoring = (SELECT scoring FROM scores LIMIT 1) WHERE status = 'done'",
    "ALTER TABLE translations ADD COLUMN run_id INTEGER NOT NULL DEFAULT 0",
    # per translation: its glossary terms landed and in all, and its text folded for search (what every
    # summary and search needs, kept so they never aggregate term hits or fold a whole document again)
    "ALTER TABLE translations ADD COLUMN landed INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE translations ADD COLUMN terms INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE translations ADD COLUMN folded TEXT",
    """UPDATE translations SET folded = fold(text),
        landed = (SELECT COUNT(*) FROM term_hits h WHERE h.signature = translations.signature
                  AND h.key = translations.key AND h.status != 'missing'),
        terms = (SELECT COUNT(*) FROM term_hits h WHERE h.signature = translations.signature
                 AND h.key = translations.key)""",
    """CREATE TABLE document_versions (
        doc_key INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, sha256 TEXT NOT NULL, encoding TEXT NOT NULL,
        format TEXT NOT NULL, matched TEXT NOT NULL, sentences INTEGER NOT NULL,
        cleaned INTEGER NOT NULL DEFAULT 0, run_id INTEGER, source TEXT)""",
    "CREATE INDEX document_versions_content ON document_versions (doc_id, sha256, matched)",
    """CREATE TABLE run_documents (
        run_id INTEGER NOT NULL, position INTEGER NOT NULL,
        doc_key INTEGER NOT NULL REFERENCES document_versions ON DELETE CASCADE,
        path TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (run_id, position))""",
    "CREATE INDEX run_documents_version ON run_documents (doc_key)",
    """INSERT INTO document_versions (doc_key, doc_id, sha256, encoding, format, matched, sentences)
        SELECT rowid, doc_id, sha256, encoding, format, matched, sentences FROM documents""",
    """INSERT INTO run_documents (run_id, position, doc_key, path, name)
        SELECT (SELECT MAX(id) FROM runs WHERE status = 'done'), position, rowid, path, name FROM documents
        WHERE EXISTS (SELECT 1 FROM runs WHERE status = 'done')""",
    """CREATE TABLE sentences_v3 (
        doc_key INTEGER NOT NULL REFERENCES document_versions ON DELETE CASCADE, idx INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, normalized TEXT NOT NULL,
        key TEXT NOT NULL, hits TEXT NOT NULL, fingerprint TEXT NOT NULL, occurrence INTEGER NOT NULL,
        folded TEXT NOT NULL, PRIMARY KEY (doc_key, idx)) WITHOUT ROWID""",
    """INSERT INTO sentences_v3 SELECT d.rowid, s.idx, s.start, s."end", s.text, s.normalized, s.key, s.hits,
        fingerprint(s.normalized),
        ROW_NUMBER() OVER (PARTITION BY s.doc_id, fingerprint(s.normalized) ORDER BY s.idx) - 1, fold(s.text)
        FROM sentences s JOIN documents d ON d.doc_id = s.doc_id""",
    "CREATE INDEX sentences_fingerprint ON sentences_v3 (doc_key, fingerprint)",
    f"""CREATE TABLE scores_v3 (
        doc_key INTEGER NOT NULL, idx INTEGER NOT NULL, scoring TEXT NOT NULL, {_SCORES},
        verdict TEXT NOT NULL, reasons TEXT NOT NULL, run_id INTEGER NOT NULL DEFAULT 0, links TEXT,
        PRIMARY KEY (doc_key, idx, scoring),
        FOREIGN KEY (doc_key, idx) REFERENCES sentences_v3 ON DELETE CASCADE)""",
    f"""INSERT INTO scores_v3 (doc_key, idx, scoring, {_COLS}, verdict, reasons)
        SELECT d.rowid, c.idx, c.scoring, {_C_COLS}, c.verdict, c.reasons
        FROM scores c JOIN documents d ON d.doc_id = c.doc_id""",
    f"""CREATE TABLE reviews_v3 (
        doc_id TEXT NOT NULL, fingerprint TEXT NOT NULL, occurrence INTEGER NOT NULL, rev INTEGER NOT NULL,
        target TEXT, edited INTEGER NOT NULL, state TEXT NOT NULL, {_SCORES}, verdict TEXT, reasons TEXT,
        term_hits TEXT, author TEXT, updated TEXT NOT NULL, PRIMARY KEY (doc_id, fingerprint, occurrence))""",
    # A review applied only where the memory key still matched: those are the ones carried over.
    f"""INSERT INTO reviews_v3 SELECT r.doc_id, s.fingerprint, s.occurrence,
        MAX(1, (SELECT COUNT(*) FROM history h WHERE h.doc_id = r.doc_id AND h.idx = r.idx)),
        r.target, r.edited, r.state, {_R_COLS}, r.verdict, r.reasons, r.term_hits, r.author, r.updated
        FROM reviews r JOIN documents d ON d.doc_id = r.doc_id
        JOIN sentences_v3 s ON s.doc_key = d.rowid AND s.idx = r.idx AND s.key = r.key""",
    """CREATE TABLE history_v3 (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, fingerprint TEXT, occurrence INTEGER, idx INTEGER,
        rev INTEGER, action TEXT NOT NULL, before TEXT, after TEXT, author TEXT, created TEXT NOT NULL)""",
    """INSERT INTO history_v3 SELECT h.id, h.doc_id, s.fingerprint, s.occurrence, h.idx,
        ROW_NUMBER() OVER (PARTITION BY h.doc_id, h.idx ORDER BY h.id), h.action, h.before, h.after, h.author,
        h.created FROM history h LEFT JOIN documents d ON d.doc_id = h.doc_id
        LEFT JOIN sentences_v3 s ON s.doc_key = d.rowid AND s.idx = h.idx""",
    "DROP TABLE scores", "DROP TABLE reviews", "DROP TABLE history", "DROP TABLE sentences",
    "DROP TABLE documents",
    "ALTER TABLE sentences_v3 RENAME TO sentences",
    "ALTER TABLE scores_v3 RENAME TO scores",
    "ALTER TABLE reviews_v3 RENAME TO reviews",
    "ALTER TABLE history_v3 RENAME TO history",
    "CREATE INDEX history_sentence ON history (doc_id, fingerprint, occurrence)",
)


def _v3(db: sqlite3.Connection) -> None:
    """Brings a version-2 store to version 3 (:data:`_V3`), inside the migration's transaction."""
    for statement in _V3:
        db.execute(statement)
    db.execute("INSERT INTO meta VALUES ('store_id', ?)", [secrets.token_hex(8)])


_SENTENCES_V5 = """CREATE TABLE sentences_v5 (
        doc_key INTEGER NOT NULL REFERENCES document_versions ON DELETE CASCADE, idx INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, normalized TEXT NOT NULL,
        key TEXT NOT NULL, hits TEXT NOT NULL, fingerprint TEXT NOT NULL, occurrence INTEGER NOT NULL,
        folded TEXT NOT NULL, joins TEXT, PRIMARY KEY (doc_key, idx))"""
_TRANSLATIONS_V5 = """CREATE TABLE translations_v5 (
        signature TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL, confidence REAL NOT NULL,
        flags TEXT NOT NULL, alignment TEXT NOT NULL, run_id INTEGER NOT NULL DEFAULT 0,
        landed INTEGER NOT NULL DEFAULT 0, terms INTEGER NOT NULL DEFAULT 0, folded TEXT,
        PRIMARY KEY (signature, key))"""


#: Forward migrations: ``MIGRATIONS[v]`` brings a store from version ``v`` to ``v + 1``.
MIGRATIONS: tuple[Any, ...] = (
    f"""
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT, pid INTEGER NOT NULL,
        signature TEXT, settings TEXT, status TEXT NOT NULL);
    CREATE TABLE documents (
        doc_id TEXT PRIMARY KEY, position INTEGER NOT NULL, path TEXT NOT NULL, name TEXT NOT NULL,
        sha256 TEXT NOT NULL, encoding TEXT NOT NULL, format TEXT NOT NULL, matched TEXT NOT NULL,
        sentences INTEGER NOT NULL, status TEXT NOT NULL);
    CREATE TABLE sentences (
        doc_id TEXT NOT NULL REFERENCES documents (doc_id) ON DELETE CASCADE, idx INTEGER NOT NULL,
        ord INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        normalized TEXT NOT NULL, key TEXT NOT NULL, hits TEXT NOT NULL, PRIMARY KEY (doc_id, idx));
    CREATE INDEX sentences_ord ON sentences (ord);
    CREATE TABLE translations (
        signature TEXT NOT NULL, key TEXT NOT NULL, text TEXT NOT NULL, confidence REAL NOT NULL,
        flags TEXT NOT NULL, alignment TEXT NOT NULL, PRIMARY KEY (signature, key)) WITHOUT ROWID;
    CREATE TABLE term_hits (
        signature TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, source TEXT NOT NULL,
        type TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
        target TEXT NOT NULL, status TEXT NOT NULL, target_start INTEGER, target_end INTEGER,
        PRIMARY KEY (signature, key, n)) WITHOUT ROWID;
    CREATE TABLE scores (
        doc_id TEXT NOT NULL, idx INTEGER NOT NULL, scoring TEXT NOT NULL, {_SCORES},
        verdict TEXT NOT NULL, reasons TEXT NOT NULL,
        PRIMARY KEY (doc_id, idx), FOREIGN KEY (doc_id, idx) REFERENCES sentences ON DELETE CASCADE);
    CREATE TABLE edits (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, idx INTEGER NOT NULL, text TEXT NOT NULL,
        author TEXT, created TEXT NOT NULL);
    CREATE TABLE approvals (
        doc_id TEXT NOT NULL, idx INTEGER NOT NULL, state TEXT NOT NULL, author TEXT, created TEXT NOT NULL,
        PRIMARY KEY (doc_id, idx));
    CREATE TABLE history (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, idx INTEGER NOT NULL, action TEXT NOT NULL,
        before TEXT, after TEXT, author TEXT, created TEXT NOT NULL);
    """,
    # 2: the review. ``target`` is the English the person approved, rejected or wrote (``edited``), with
    # the scores re-checked on it; it is not tied to a signature, so a rerun with another model keeps it.
    f"""
    DROP TABLE edits;
    DROP TABLE approvals;
    CREATE TABLE reviews (
        doc_id TEXT NOT NULL, idx INTEGER NOT NULL, key TEXT NOT NULL, target TEXT NOT NULL,
        edited INTEGER NOT NULL, state TEXT NOT NULL, {_SCORES}, verdict TEXT NOT NULL, reasons TEXT NOT NULL,
        term_hits TEXT NOT NULL, author TEXT, updated TEXT NOT NULL, PRIMARY KEY (doc_id, idx));
    CREATE INDEX history_sentence ON history (doc_id, idx);
    """,
    _v3,
    # 4: which tokens normalization joined, per sentence (see :func:`~translate.align.words.joined_tokens`),
    # and a score's reasons in words (see :func:`~translate.qe.explain.explain`), kept so that no
    # output works them out again; NULL where stored before: worked out again when needed
    "ALTER TABLE sentences ADD COLUMN joins TEXT; ALTER TABLE scores ADD COLUMN explained TEXT;",
    # 5: sentences and translations in rowid tables (the same columns and keys). As WITHOUT ROWID tables
    # they kept each row in their key's b-tree, whose cells hold about 1,000 bytes of a 4-KiB page; a
    # row of Persian (two bytes a character, the sentence in three forms) is longer, and each spilled
    # into an overflow page of its own, mostly empty: a store was 2.5 times its data. SQLite's way to
    # rebuild a table others refer to: new table, copy, drop, rename (foreign keys off while migrating).
    _SENTENCES_V5 + """;
    INSERT INTO sentences_v5 (doc_key, idx, start, "end", text, normalized, key, hits, fingerprint, occurrence,
        folded, joins)
        SELECT doc_key, idx, start, "end", text, normalized, key, hits, fingerprint, occurrence, folded, joins
        FROM sentences ORDER BY doc_key, idx;
    DROP TABLE sentences;
    ALTER TABLE sentences_v5 RENAME TO sentences;
    CREATE INDEX sentences_fingerprint ON sentences (doc_key, fingerprint);
    """ + _TRANSLATIONS_V5 + """;
    INSERT INTO translations_v5 (signature, key, text, confidence, flags, alignment, run_id, landed, terms,
        folded)
        SELECT signature, key, text, confidence, flags, alignment, run_id, landed, terms, folded
        FROM translations ORDER BY run_id, signature, key;
    DROP TABLE translations;
    ALTER TABLE translations_v5 RENAME TO translations;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

#: The columns of a review row that describe what a person decided (what undo puts back).
REVIEW_CONTENT = ("target", "edited", "state", *QE_COLUMNS, "verdict", "reasons", "term_hits", "author", "updated")


def _fold(text: Any) -> str:
    from ..text.search import fold

    return fold(text) if isinstance(text, str) else ""


class Prepared(NamedTuple):
    """What a run stores with each sentence besides the sentence: its normalized text (what the model
    reads), its translation memory key, its glossary hits and which of its tokens normalization joined
    (:func:`~translate.align.words.joined_tokens`); its fingerprint and its text folded for search
    (worked out in whichever process reads the sentence: a run's reading helper's work is whole)."""

    normalized: str
    key: str
    hits: list[dict[str, Any]]
    joins: str
    fingerprint: str
    folded: str


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document of a run: where it came from, what it is called in the outputs, what is known of it
    (``doc_key``: its version in the store)."""

    doc_id: str
    position: int
    path: str
    name: str
    sha256: str
    encoding: str
    format: str
    matched: str
    sentences: int
    status: str = "segmented"
    doc_key: int = 0
    cleaned: int = 0


@dataclass(frozen=True, slots=True)
class StoredSentence:
    """A sentence row as the translation stage needs it."""

    doc_id: str
    idx: int
    place: Place
    line: str
    normalized: str
    key: str
    hits: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class RunRef:
    """A run of the store as its readers need it: its id, signature, scoring and settings."""

    run_id: int
    signature: str
    scoring: str
    settings: dict[str, Any]


@dataclass(frozen=True, slots=True)
class SentenceRef:
    """What identifies a sentence of a run's document across runs: the document, the fingerprint of its
    normalized text and its occurrence among equal sentences of the document; ``idx`` is where it is now."""

    doc_id: str
    fingerprint: str
    occurrence: int
    idx: int
    key: str


@dataclass(frozen=True, slots=True)
class PairFilter:
    """Which pairs of a document to read (see :meth:`RunStore.filtered`): ``None`` means either."""

    verdict: str | None = None
    missing_terms: bool = False
    flagged: bool = False
    reviewed: bool | None = None
    edited: bool | None = None
    query: str = ""


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """What a review sets for a sentence: the English, whether a person wrote it, the state, the scores
    and glossary report re-checked on that English."""

    target: str
    edited: bool
    state: str
    score: Score
    terms: tuple[TermHit, ...]


class RunStore:
    """A connection to ``run.sqlite`` (one per process; the run's lock keeps other runs out). ``run_id``
    is the run this connection is writing, once :meth:`start_run` was called."""

    def __init__(self, path: str | Path, *, shared: bool = False) -> None:
        """``shared``: the connection may be used from several threads, one at a time (the review app
        serializes its requests with a lock)."""
        self.path = Path(path)
        self.db = Database(self.path, kind="run store", migrations=MIGRATIONS, shared=shared,
                           functions={"fingerprint": text_fingerprint, "fold": _fold})
        self.run_id = 0
        #: Translations and scores made before this run id are not reused (``--no-resume``).
        self.memory_since = 0
        with self.db.transaction():
            if self.db.value("SELECT value FROM meta WHERE key = 'store_id'") is None:
                self.db.insert("meta", {"key": "store_id", "value": secrets.token_hex(8)})
        self.store_id: str = self.db.value("SELECT value FROM meta WHERE key = 'store_id'")

    def transaction(self) -> Any:
        """One transaction around several changes (re-entrant)."""
        return self.db.transaction()

    # --- runs -------------------------------------------------------------------------------------

    def start_run(self, started: str, pid: int) -> int:
        """A new run, the one this connection writes; runs left unfinished by a killed process are
        marked failed (the output folder's lock says none of them is alive)."""
        with self.db.transaction():
            self.db.execute("UPDATE runs SET status = 'failed' WHERE status = 'running'")
            self.run_id = self.db.insert("runs", {"started": started, "pid": pid, "status": "running"})
        return self.run_id

    def finish_run(self, run: int, finished: str, signature: str, scoring: str, settings: dict[str, Any]) -> None:
        """Make ``run`` the current run, in one transaction: it is marked done, the membership of every
        other run goes, and so do the document versions no run uses and the scores of other scorings.
        (Translations stay: they are the memory. Reviews stay: they belong to documents, not runs.)"""
        with self.db.transaction():
            self.db.execute("UPDATE runs SET finished = ?, signature = ?, scoring = ?, settings = ?, status = 'done' "
                            "WHERE id = ?", [finished, signature, scoring, json.dumps(settings, ensure_ascii=False),
                                             run])
            self.db.execute("UPDATE runs SET status = 'replaced' WHERE status = 'done' AND id != ?", [run])
            self.db.execute("DELETE FROM run_documents WHERE run_id != ?", [run])
            self.db.execute("DELETE FROM document_versions WHERE doc_key NOT IN (SELECT doc_key FROM run_documents)")
            self.db.execute("DELETE FROM scores WHERE scoring != ?", [scoring])

    def current(self) -> RunRef | None:
        """The current run: the last that finished."""
        row = self.db.one("SELECT id, signature, scoring, settings FROM runs WHERE status = 'done' "
                          "ORDER BY id DESC LIMIT 1")
        if row is None:
            return None
        return RunRef(row["id"], row["signature"], row["scoring"] or "", json.loads(row["settings"] or "{}"))

    def active(self, signature: str, scoring: str) -> RunRef:
        """The run this connection is writing, to be read (exported) before it finishes."""
        return RunRef(self.run_id, signature, scoring, {})

    # --- documents and sentences ------------------------------------------------------------------

    def version(self, doc_id: str, sha256: str, matched: str) -> Row | None:
        """The stored version of a document with these bytes, read with this glossary (``doc_key``,
        ``sentences``), or ``None``."""
        return self.db.one("SELECT doc_key, sentences FROM document_versions WHERE doc_id = ? AND sha256 = ? AND "
                           "matched = ? ORDER BY doc_key DESC LIMIT 1", [doc_id, sha256, matched])

    def include(self, doc: StoredDocument) -> None:
        """Make a stored version (``doc.doc_key``) part of this run at ``doc.position``."""
        with self.db.transaction():
            self.db.insert("run_documents", {"run_id": self.run_id, "position": doc.position, "doc_key": doc.doc_key,
                                             "path": doc.path, "name": doc.name}, replace=True)

    def add_document(self, doc: StoredDocument, sentences: Sequence[Sentence], prepared: Iterable[Prepared],
                     source: str | None = None) -> int:
        """Store a new version of a document with its sentences, each with what ``prepared`` gives (taken
        one at a time: a document of 40,000 sentences is not held twice), and ``source`` (the document as written, from which a translated article is
        rebuilt); make it part of this run (one transaction); return its ``doc_key``. Earlier versions
        stay until this run finishes."""
        with self.db.transaction():
            doc_key = self.db.insert("document_versions", {
                "doc_id": doc.doc_id, "sha256": doc.sha256, "encoding": doc.encoding, "format": doc.format,
                "matched": doc.matched, "sentences": len(sentences), "cleaned": doc.cleaned, "run_id": self.run_id,
                "source": source})
            seen: dict[str, int] = {}

            def rows() -> Iterator[dict[str, Any]]:
                for s, (n, k, h, joins, fingerprint, folded) in zip(sentences, prepared):
                    occurrence = seen.get(fingerprint, 0)
                    seen[fingerprint] = occurrence + 1
                    yield {"doc_key": doc_key, "idx": s.index, "start": s.start, "end": s.end, "text": s.text,
                           "normalized": n, "key": k, "hits": json.dumps(h, ensure_ascii=False),
                           "fingerprint": fingerprint, "occurrence": occurrence,
                           "folded": folded, "joins": joins}

            self.db.insert_all("sentences", rows())
            self.include(replace(doc, doc_key=doc_key))
        return doc_key

    def source(self, run: RunRef, doc_id: str) -> str | None:
        """The document ``doc_id`` of ``run`` as written (``None`` where the store kept no source)."""
        return self.db.value(f"SELECT v.source {_BY_DOC} WHERE v.doc_id = ?", [run.run_id, doc_id])

    def documents(self, run: RunRef) -> list[StoredDocument]:
        """The documents of ``run`` in input order."""
        return [StoredDocument(r["doc_id"], r["position"], r["path"], r["name"], r["sha256"], r["encoding"],
                               r["format"], r["matched"], r["sentences"], "segmented", r["doc_key"], r["cleaned"])
                for r in self.db.query(
                    "SELECT v.doc_id, rd.position, rd.path, rd.name, v.sha256, v.encoding, v.format, v.matched, "
                    "v.sentences, v.doc_key, v.cleaned FROM run_documents rd "
                    "JOIN document_versions v ON v.doc_key = rd.doc_key WHERE rd.run_id = ? ORDER BY rd.position",
                    [run.run_id])]

    def count_sentences(self) -> int:
        """Sentences of the run being written."""
        return int(self.db.value("SELECT COALESCE(SUM(v.sentences), 0) FROM run_documents rd JOIN document_versions v "
                                 "ON v.doc_key = rd.doc_key WHERE rd.run_id = ?", [self.run_id]))

    def place_at(self, k: int) -> Place:
        """Where the ``k``-th sentence (from 0, in input order) of the run being written stands (the
        last sentence's place when the run has fewer; :data:`START` when it has none)."""
        last: tuple[int, int] | None = None  # the last document with sentences: (position, doc_key)
        for r in self.db.query("SELECT rd.position, v.doc_key, v.sentences FROM run_documents rd JOIN document_versions v "
                               "ON v.doc_key = rd.doc_key WHERE rd.run_id = ? ORDER BY rd.position", [self.run_id]):
            n = int(r["sentences"])
            if n and k < n:
                idx = self.db.value("SELECT idx FROM sentences WHERE doc_key = ? ORDER BY idx LIMIT 1 OFFSET ?",
                                    [r["doc_key"], k])
                return Place(r["position"], int(idx))
            k -= n
            last = (r["position"], r["doc_key"]) if n else last
        if last is None:
            return START
        return Place(last[0], int(self.db.value("SELECT MAX(idx) FROM sentences WHERE doc_key = ?", [last[1]])))

    def sentences_after(self, place: Place, limit: int) -> list[StoredSentence]:
        """The next ``limit`` sentences of the run being written after ``place``, in input order."""
        rows = self.db.query(
            "SELECT v.doc_id, s.idx, rd.position, s.text, s.normalized, s.key, s.hits FROM run_documents rd "
            "JOIN document_versions v ON v.doc_key = rd.doc_key JOIN sentences s ON s.doc_key = rd.doc_key "
            "WHERE rd.run_id = ? AND (rd.position, s.idx) > (?, ?) ORDER BY rd.position, s.idx LIMIT ?",
            [self.run_id, *place, limit])
        return [StoredSentence(r["doc_id"], r["idx"], Place(r["position"], r["idx"]), one_line(r["text"]),
                               r["normalized"], r["key"], json.loads(r["hits"])) for r in rows]

    # --- translations -----------------------------------------------------------------------------

    def translated(self, signature: str, keys: Iterable[str]) -> set[str]:
        """The keys among ``keys`` that have a translation under ``signature`` (made by run
        :attr:`memory_since` or later)."""
        since = self.memory_since
        unique = list(dict.fromkeys(keys))
        found: set[str] = set()
        for k in range(0, len(unique), 500):  # SQLite limits the number of parameters
            chunk = unique[k:k + 500]
            marks = ",".join("?" * len(chunk))
            found.update(row["key"] for row in self.db.query(
                f"SELECT key FROM translations WHERE signature = ? AND run_id >= ? AND key IN ({marks})",
                [signature, since, *chunk]))
        return found

    def put_translations(self, signature: str, items: Sequence[tuple[str, Translation]]) -> None:
        """Store translations with their term hits (one transaction)."""
        with self.db.transaction():
            self.db.insert_all("translations", ({
                "signature": signature, "key": key, "text": t.text, "confidence": t.confidence,
                "flags": json.dumps(list(t.flags)), "alignment": t.alignment, "run_id": self.run_id,
                "landed": sum(h.landed for h in t.terms), "terms": len(t.terms), "folded": _fold(t.text)}
                for key, t in items), replace=True)
            self.db.executemany("DELETE FROM term_hits WHERE signature = ? AND key = ?",
                                ((signature, k) for k, _ in items))
            self.db.insert_all("term_hits", ({
                "signature": signature, "key": key, "n": n, "source": hit.source, "type": hit.type,
                "start": hit.start, "end": hit.end, "text": hit.text, "target": hit.target, "status": hit.status,
                "target_start": hit.target_start, "target_end": hit.target_end}
                for key, t in items for n, hit in enumerate(t.terms)))

    def translations_after(self, signature: str, place: Place, limit: int) -> list[tuple[Place, Sentence, Translation]]:
        """``(place, sentence, translation)`` of the run being written, after ``place``, for sentences with a
        translation under ``signature`` (terms included), in input order; the translation's word links
        are on the sentence as written (see :func:`original_links`)."""
        rows = self.db.query(
            'SELECT v.doc_id, s.idx, rd.position, s.start, s."end", s.text, s.key, s.joins, t.text AS target, '
            "t.confidence, t.flags, t.alignment FROM run_documents rd JOIN document_versions v ON v.doc_key = rd.doc_key "
            "JOIN sentences s ON s.doc_key = rd.doc_key JOIN translations t ON t.signature = ? AND t.key = s.key "
            "WHERE rd.run_id = ? AND (rd.position, s.idx) > (?, ?) ORDER BY rd.position, s.idx LIMIT ?",
            [signature, self.run_id, *place, limit])
        terms = self._terms(signature, {r["key"] for r in rows})
        return [(Place(r["position"], r["idx"]), Sentence(r["doc_id"], r["idx"], r["start"], r["end"], r["text"]),
                 Translation(r["target"], r["confidence"], original_links(r["text"], r["alignment"], r["key"], r["joins"]),
                             tuple(json.loads(r["flags"])), terms.get(r["key"], ()))) for r in rows]

    def _terms(self, signature: str, keys: set[str]) -> dict[str, tuple[TermHit, ...]]:
        out: dict[str, list[TermHit]] = {}
        unique = sorted(keys)
        for k in range(0, len(unique), 500):
            chunk = unique[k:k + 500]
            marks = ",".join("?" * len(chunk))
            for r in self.db.query(
                    f'SELECT key, source, type, start, "end", text, target, status, target_start, target_end '
                    f"FROM term_hits WHERE signature = ? AND key IN ({marks}) ORDER BY key, n", [signature, *chunk]):
                out.setdefault(r["key"], []).append(TermHit(r["source"], r["type"], r["start"], r["end"], r["text"],
                                                            r["target"], r["status"], r["target_start"],
                                                            r["target_end"]))
        return {key: tuple(hits) for key, hits in out.items()}

    # --- scores -----------------------------------------------------------------------------------

    def scored(self, scoring: str, first: Place, last: Place) -> set[Place]:
        """Places of the run being written, from ``first`` to ``last``, scored by ``scoring`` (by run
        :attr:`memory_since` or later)."""
        since = self.memory_since
        return {Place(r["position"], r["idx"]) for r in self.db.query(
            "SELECT rd.position, c.idx FROM run_documents rd JOIN scores c ON c.doc_key = rd.doc_key "
            "WHERE rd.run_id = ? AND (rd.position, c.idx) BETWEEN (?, ?) AND (?, ?) AND c.scoring = ? "
            "AND c.run_id >= ?", [self.run_id, *first, *last, scoring, since])}

    def put_scores(self, scoring: str, items: Sequence[tuple[Sentence, Score]],
                   links: Sequence[str | None] | None = None,
                   explained: Sequence[Sequence[str] | None] | None = None) -> None:
        """Scores of sentences of the run being written (one transaction), with the word links moved onto
        each sentence as written (``links``: computed once here, not at every reading) and the reasons
        in words (``explained``, likewise)."""
        cols = ", ".join(QE_COLUMNS)
        marks = ", ".join(f":{c}" for c in QE_COLUMNS)
        links = links if links is not None else [None] * len(items)
        words = [None if e is None else json.dumps(list(e), ensure_ascii=False)
                 for e in (explained if explained is not None else [None] * len(items))]
        with self.db.transaction():
            self.db.executemany(
                f"INSERT OR REPLACE INTO scores (doc_key, idx, scoring, {cols}, verdict, reasons, run_id, links, "
                f"explained) SELECT rd.doc_key, :idx, :scoring, {marks}, :verdict, :reasons, :run, :links, :explained "
                "FROM document_versions v "
                "CROSS JOIN run_documents rd ON rd.doc_key = v.doc_key AND rd.run_id = :run WHERE v.doc_id = :doc",
                ({"idx": s.index, "scoring": scoring, "doc": s.doc_id, "run": self.run_id, "verdict": score.verdict,
                  "reasons": json.dumps(list(score.reasons)), "links": link, "explained": said,
                  **{c: score.value(c) for c in QE_COLUMNS}}
                 for (s, score), link, said in zip(items, links, words)))

    # --- pairs ------------------------------------------------------------------------------------

    def _select(self, run: RunRef, where: str) -> str:
        machine = ", ".join(f"c.{c} AS m_{c}" for c in QE_COLUMNS)
        review = ", ".join(f"r.{c} AS r_{c}" for c in QE_COLUMNS)
        return (f'SELECT s.idx, s.start, s."end", s.text, s.key, s.fingerprint, t.text AS target, t.flags, '
                f"t.alignment, c.links AS m_links, c.explained AS m_explained, {machine}, c.verdict AS m_verdict, "
                f"c.reasons AS m_reasons, "
                f"r.rev AS r_rev, "
                f"r.target AS r_target, r.edited AS r_edited, r.state AS r_state, {review}, r.verdict AS r_verdict, "
                f"r.reasons AS r_reasons, r.term_hits AS r_term_hits {_JOINS} WHERE rd.run_id = :run AND rd.doc_key = :doc "
                f"{where}")

    def _params(self, run: RunRef, doc_key: int, **more: Any) -> dict[str, Any]:
        return {"run": run.run_id, "signature": run.signature, "scoring": run.scoring, "doc": doc_key, **more}

    def doc_key(self, run: RunRef, doc_id: str) -> int | None:
        """The version of ``doc_id`` in ``run``."""
        return self.db.value(f"SELECT rd.doc_key {_BY_DOC} WHERE v.doc_id = ?", [run.run_id, doc_id])

    def pairs(self, run: RunRef, doc_id: str, batch: int = 1000, *, after: int = -1,
              until: int | None = None) -> Iterator[SentencePair]:
        """The sentence pairs of a document of ``run`` in order (those with index in ``(after, until]``),
        reviews applied, read ``batch`` at a time (bounded memory)."""
        doc_key = self.doc_key(run, doc_id)
        if doc_key is None:
            return
        last = after
        stop = "AND s.idx <= :until" if until is not None else ""
        while True:
            rows = self.db.query(self._select(run, f"AND s.idx > :last {stop} ORDER BY s.idx LIMIT :batch"),
                                 self._params(run, doc_key, last=last, until=until, batch=batch))
            if not rows:
                return
            yield from self._pairs(run, doc_id, rows)
            last = rows[-1]["idx"]

    def _pairs(self, run: RunRef, doc_id: str, rows: list[Row]) -> list[SentencePair]:
        terms = self._terms(run.signature, {r["key"] for r in rows})
        return [_pair(doc_id, row, terms.get(row["key"], ())) for row in rows]

    def filtered(self, run: RunRef, doc_id: str, which: PairFilter, *, offset: int = 0,
                 limit: int = 200) -> tuple[list[SentencePair], int]:
        """The pairs of a document that pass ``which``, from the ``offset``-th passing pair, at most
        ``limit``, and how many pass in all (computed in SQL over the whole document)."""
        doc_key = self.doc_key(run, doc_id)
        if doc_key is None:
            return [], 0
        condition, params = _condition(which)
        base = self._params(run, doc_key, **params)
        if condition:
            total = int(self.db.value(f"SELECT COUNT(*) {_JOINS} WHERE rd.run_id = :run AND rd.doc_key = :doc "
                                      f"{condition}", base))
        else:  # every sentence of a finished run's document has its pair
            total = int(self.db.value("SELECT sentences FROM document_versions WHERE doc_key = ?", [doc_key]))
        rows = self.db.query(self._select(run, f"{condition} ORDER BY s.idx LIMIT :limit OFFSET :offset"),
                             {**base, "limit": max(0, limit), "offset": max(0, offset)})
        return self._pairs(run, doc_id, rows), total

    def filtered_offset(self, run: RunRef, doc_id: str, which: PairFilter, idx: int) -> int:
        """How many pairs of a document that pass ``which`` come before sentence ``idx``."""
        doc_key = self.doc_key(run, doc_id)
        if doc_key is None:
            return 0
        condition, params = _condition(which)
        return int(self.db.value(f"SELECT COUNT(*) {_JOINS} WHERE rd.run_id = :run AND rd.doc_key = :doc "
                                 f"AND s.idx < :idx {condition}", self._params(run, doc_key, idx=idx, **params)))

    def summaries(self, run: RunRef, doc_id: str | None = None) -> dict[str, tuple[dict[str, int], int, int, int]]:
        """By document of ``run`` (or only ``doc_id``): ``(verdict counts, terms landed, terms total,
        sentences reviewed)``, reviews applied — one pass over the run's sentences."""
        where, params = ("AND v.doc_id = :doc_id", {"doc_id": doc_id}) if doc_id is not None else ("", {})
        landed_review = ("(SELECT COUNT(*) FROM json_each(r.term_hits) j "
                         "WHERE json_extract(j.value, '$.status') != 'missing')")
        out: dict[str, tuple[dict[str, int], int, int, int]] = {}
        for r in self.db.query(
                f"SELECT v.doc_id, SUM({_VERDICT} = 'ok') AS ok, SUM({_VERDICT} = 'review') AS review, "
                f"SUM({_VERDICT} = 'bad') AS bad, "
                f"SUM(CASE WHEN {_MACHINE} THEN t.landed ELSE {landed_review} END) AS landed, "
                f"SUM(CASE WHEN {_MACHINE} THEN t.terms ELSE json_array_length(r.term_hits) END) AS total, "
                f"SUM(COALESCE(r.state, 'machine') != 'machine') AS reviewed "
                f"{_JOINS} WHERE rd.run_id = :run {where} GROUP BY v.doc_id",
                {"run": run.run_id, "signature": run.signature, "scoring": run.scoring, **params}):
            out[r["doc_id"]] = ({"ok": r["ok"], "review": r["review"], "bad": r["bad"]}, int(r["landed"] or 0),
                                int(r["total"] or 0), int(r["reviewed"] or 0))
        return out

    def summary(self, run: RunRef, doc_id: str | None = None) -> tuple[dict[str, int], int, int]:
        """``(verdict counts, terms landed, terms total)`` of one document, or of the run, reviews applied."""
        verdicts = {"ok": 0, "review": 0, "bad": 0}
        landed = total = 0
        for counts, doc_landed, doc_total, _ in self.summaries(run, doc_id).values():
            for verdict, n in counts.items():
                verdicts[verdict] += n
            landed, total = landed + doc_landed, total + doc_total
        return verdicts, landed, total

    # --- review -----------------------------------------------------------------------------------

    def review_counts(self, run: RunRef, doc_id: str | None = None) -> dict[str, int]:
        """How many sentences (of a document, or of the run) are in each review state other than machine."""
        where, params = ("AND v.doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
        return {r["state"]: r["n"] for r in self.db.query(
            "SELECT r.state, COUNT(*) AS n FROM run_documents rd JOIN document_versions v ON v.doc_key = rd.doc_key "
            "JOIN sentences s ON s.doc_key = rd.doc_key JOIN reviews r ON r.doc_id = v.doc_id "
            "AND r.fingerprint = s.fingerprint AND r.occurrence = s.occurrence "
            f"WHERE rd.run_id = ? {where} GROUP BY r.state", [run.run_id, *params]) if r["state"] != "machine"}

    def reviews_kept(self, run: RunRef) -> int:
        """Sentences of ``run`` whose review (approved, edited or rejected) outranks the machine."""
        return sum(self.review_counts(run).values())

    def flagged(self, run: RunRef, flag: str) -> dict[str, int]:
        """How many sentences of each document of ``run`` have a machine translation with ``flag``."""
        return {r["doc_id"]: r["n"] for r in self.db.query(
            "SELECT v.doc_id, COUNT(*) AS n FROM run_documents rd JOIN document_versions v ON v.doc_key = rd.doc_key "
            "JOIN sentences s ON s.doc_key = rd.doc_key JOIN translations t ON t.signature = ? AND t.key = s.key "
            "WHERE rd.run_id = ? AND EXISTS (SELECT 1 FROM json_each(t.flags) f WHERE f.value = ?) "
            "GROUP BY v.doc_id ORDER BY MIN(rd.position)", [run.signature, run.run_id, flag])}

    def sentence(self, run: RunRef, doc_id: str, idx: int) -> SentenceRef | None:
        """What identifies sentence ``idx`` of ``doc_id`` in ``run`` across runs."""
        row = self.db.one(f"SELECT s.fingerprint, s.occurrence, s.key {_BY_DOC} JOIN sentences s ON s.doc_key = rd.doc_key "
                          "WHERE v.doc_id = ? AND s.idx = ?", [run.run_id, doc_id, idx])
        return SentenceRef(doc_id, row["fingerprint"], row["occurrence"], idx, row["key"]) if row else None

    def with_fingerprint(self, run: RunRef, doc_id: str, fingerprint: str) -> list[int]:
        """Indices of the sentences of ``doc_id`` in ``run`` whose fingerprint is ``fingerprint``."""
        return [r["idx"] for r in self.db.query(
            f"SELECT s.idx {_BY_DOC} JOIN sentences s ON s.doc_key = rd.doc_key WHERE v.doc_id = ? AND s.fingerprint = ? "
            "ORDER BY s.idx", [run.run_id, doc_id, fingerprint])]

    def review(self, ref: SentenceRef) -> dict[str, Any] | None:
        """The review row of a sentence, as a dict, or ``None``."""
        row = self.db.one("SELECT * FROM reviews WHERE doc_id = ? AND fingerprint = ? AND occurrence = ?",
                          [ref.doc_id, ref.fingerprint, ref.occurrence])
        return dict(row) if row else None

    def put_review(self, ref: SentenceRef, after: ReviewRow | None, *, action: str, author: str | None,
                   now: str) -> int:
        """Set the review of a sentence (``None``: back to the machine's English) and record the action
        with what it replaced in the history: one transaction, so an action is kept whole or not at all.
        Return the new revision."""
        if after is None:
            content: dict[str, Any] = {"target": None, "edited": 0, "state": "machine",
                                       **{c: None for c in QE_COLUMNS}, "verdict": None, "reasons": None,
                                       "term_hits": None}
        else:
            content = {"target": after.target, "edited": int(after.edited), "state": after.state,
                       **{c: after.score.value(c) for c in QE_COLUMNS}, "verdict": after.score.verdict,
                       "reasons": json.dumps(list(after.score.reasons)),
                       "term_hits": json.dumps([t.to_dict() for t in after.terms], ensure_ascii=False)}
        return self._write_review(ref, content, action=action, author=author, now=now)

    def restore_review(self, ref: SentenceRef, row: dict[str, Any] | None, *, author: str | None, now: str) -> int:
        """Undo: put back a review as the history kept it (``None``: the machine's), recorded as ``undo``."""
        if row is None or row.get("target") is None:
            content: dict[str, Any] = {"target": None, "edited": 0, "state": "machine",
                                       **{c: None for c in QE_COLUMNS}, "verdict": None, "reasons": None,
                                       "term_hits": None}
        else:
            content = {c: row.get(c) for c in REVIEW_CONTENT if c not in ("author", "updated")}
        return self._write_review(ref, content, action="undo", author=author, now=now)

    def _write_review(self, ref: SentenceRef, content: dict[str, Any], *, action: str, author: str | None,
                      now: str) -> int:
        with self.db.transaction():
            before = self.review(ref)
            rev = (before["rev"] if before else 0) + 1
            self.db.insert("reviews", {"doc_id": ref.doc_id, "fingerprint": ref.fingerprint,
                                       "occurrence": ref.occurrence, "rev": rev, **content, "author": author,
                                       "updated": now}, replace=True)
            self.db.insert("history", {
                "doc_id": ref.doc_id, "fingerprint": ref.fingerprint, "occurrence": ref.occurrence, "idx": ref.idx,
                "rev": rev, "action": action, "before": json.dumps(before, ensure_ascii=False),
                "after": json.dumps(self.review(ref), ensure_ascii=False), "author": author, "created": now})
        return rev

    def history(self, ref: SentenceRef) -> list[dict[str, Any]]:
        """Every review action on a sentence, newest first (``before``/``after`` as dicts)."""
        return [{"id": r["id"], "action": r["action"], "rev": r["rev"],
                 "before": json.loads(r["before"]) if r["before"] else None,
                 "after": json.loads(r["after"]) if r["after"] else None, "author": r["author"],
                 "created": r["created"]}
                for r in self.db.query("SELECT id, action, rev, before, after, author, created FROM history "
                                       "WHERE doc_id = ? AND fingerprint = ? AND occurrence = ? ORDER BY id DESC",
                                       [ref.doc_id, ref.fingerprint, ref.occurrence])]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")


def existing_store(outdir: str | Path) -> Path:
    """``OUTDIR/run.sqlite`` of an earlier run; a clear error when there is none."""
    path = Path(outdir) / STORE_NAME
    if not path.is_file():
        raise OutputError(f"{display(str(outdir))}: no run store ({STORE_NAME}) here; 'translate run … -o "
                          f"{display(str(outdir))}' makes one")
    return path


def finished(store: RunStore, outdir: str | Path) -> RunRef:
    """The current (last finished) run of ``store``; a clear error when none finished."""
    last = store.current()
    if last is None:
        raise OutputError(f"{display(str(outdir))}: no run has finished here yet; run the same 'translate run' "
                          "command again to finish it")
    return last


def original_links(text: str, alignment: str, key: str, joins: str | None = None) -> str:
    """A translation's word links (over the normalized sentence the model read) moved onto the tokens
    of the sentence ``text`` as written, by the sentence's ``joins`` where the store has them."""
    if joins is not None:
        return move_links(alignment, joins)
    # the memory key starts with the normalized sentence the model read (see run.ingest.memory_key)
    return links_on_original(one_line(text), alignment, key.partition("\x1f")[0])


_JOINS = ("FROM run_documents rd JOIN document_versions v ON v.doc_key = rd.doc_key "
          "JOIN sentences s ON s.doc_key = rd.doc_key "
          "JOIN translations t ON t.signature = :signature AND t.key = s.key "
          "JOIN scores c ON c.doc_key = s.doc_key AND c.idx = s.idx AND c.scoring = :scoring "
          "LEFT JOIN reviews r ON r.doc_id = v.doc_id AND r.fingerprint = s.fingerprint "
          "AND r.occurrence = s.occurrence ")
#: The pair shows the machine's English (with its scores): no review, or one that kept that English.
_MACHINE = "(r.target IS NULL OR r.target = t.text)"
_VERDICT = f"(CASE WHEN {_MACHINE} THEN c.verdict ELSE r.verdict END)"
_MISSING = (f"(CASE WHEN {_MACHINE} THEN t.landed < t.terms ELSE EXISTS (SELECT 1 FROM json_each(r.term_hits) j "
            "WHERE json_extract(j.value, '$.status') = 'missing') END)")


def _condition(which: PairFilter) -> tuple[str, dict[str, Any]]:
    """SQL conditions (``AND …``) and their parameters for a filter."""
    parts: list[str] = []
    params: dict[str, Any] = {}
    if which.verdict is not None:
        parts.append(f"{_VERDICT} = :verdict")
        params["verdict"] = which.verdict
    if which.missing_terms:
        parts.append(_MISSING)
    if which.flagged:
        parts.append(f"({_MACHINE} AND t.flags != '[]')")
    if which.reviewed is not None:
        parts.append(f"(COALESCE(r.state, 'machine') != 'machine') = {int(which.reviewed)}")
    if which.edited is not None:
        parts.append(f"(COALESCE(r.edited, 0) = 1 AND r.target IS NOT NULL) = {int(which.edited)}")
    query = _fold(which.query).strip()
    if query:
        parts.append("(instr(s.folded, :query) > 0 OR "
                     "instr(CASE WHEN r.target IS NULL THEN t.folded ELSE fold(r.target) END, :query) > 0)")
        params["query"] = query
    return "".join(f" AND {p}" for p in parts), params


def _pair(doc_id: str, row: Row, machine_terms: tuple[TermHit, ...]) -> SentencePair:
    """A pair from a ``pairs`` row: the machine's, or the review's where one applies."""
    score = Score(**{c: row[f"m_{c}"] for c in QE_COLUMNS}, verdict=row["m_verdict"],
                  reasons=tuple(json.loads(row["m_reasons"])))
    sentence = Sentence(doc_id, row["idx"], row["start"], row["end"], row["text"])
    key, target = row["key"], row["target"]
    links = row["m_links"]
    if links is None:  # scored before links were stored: moved onto the sentence as written now
        links = original_links(row["text"], row["alignment"], key)
    rev = row["r_rev"] or 0
    explained = row["m_explained"]
    pair = SentencePair(sentence, target, score, machine_terms, links, frozenset(json.loads(row["flags"])),
                        fingerprint=row["fingerprint"], rev=rev,
                        explained=None if explained is None else tuple(json.loads(explained)))
    r_target = row["r_target"]
    if r_target is None:
        return pair
    if r_target == target:  # the person kept the machine's English: its scores and links still hold
        return replace(pair, state=row["r_state"], edited=bool(row["r_edited"]))
    r_score = Score(**{c: row[f"r_{c}"] for c in QE_COLUMNS}, verdict=row["r_verdict"],
                    reasons=tuple(json.loads(row["r_reasons"])))
    return SentencePair(sentence, r_target, r_score, tuple(TermHit.from_dict(t) for t in json.loads(row["r_term_hits"])),
                        "", frozenset(), row["r_state"], bool(row["r_edited"]), row["fingerprint"], rev)
