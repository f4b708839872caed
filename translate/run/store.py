"""The run store: ``OUTDIR/run.sqlite``, the source of truth of a run.

Documents (path, id, output name, SHA-256, encoding, format, status), their sentences (offsets, the
original text, the normalized text, the memory key, the glossary hits), translations under a
signature (text, confidence, flags, word links — the translation memory: any sentence with the same
key is served from it), their glossary term hits and each sentence's scores, all with named columns;
and the review (``reviews``: a person's state and English for a sentence, with its re-checked scores;
``history``: every review action with what it replaced).

A review outranks the machine: :meth:`RunStore.pairs` gives the reviewed English, state and scores
wherever a review exists for the same sentence (same document, index and memory key), whatever model
translated the run since.

SQLite in WAL mode, committed after each document read and each translation window, so a ``kill -9``
loses at most the window in flight. The schema carries a version (``PRAGMA user_version``) and is
brought forward by :data:`MIGRATIONS`; a store written by a newer version is refused.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..align.words import links_on_original
from ..errors import OutputError
from ..records import QE_COLUMNS, Score, Sentence, SentencePair, TermHit, Translation, one_line
from ..text.io import display

#: The store's file name in a run's output folder.
STORE_NAME = "run.sqlite"
_SCORES = ", ".join(f"{c} REAL" for c in QE_COLUMNS)

#: Forward migrations: ``MIGRATIONS[v]`` brings a store from version ``v`` to ``v + 1``.
MIGRATIONS: tuple[str, ...] = (
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
)
SCHEMA_VERSION = len(MIGRATIONS)

#: Sentences of one document are ordered ``position * ORD_STRIDE + index`` across the run.
ORD_STRIDE = 1 << 32


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document row: where it came from, what it is called in the outputs, what is known of it."""

    doc_id: str
    position: int
    path: str
    name: str
    sha256: str
    encoding: str
    format: str
    matched: str
    sentences: int
    status: str


@dataclass(frozen=True, slots=True)
class StoredSentence:
    """A sentence row as the translation stage needs it."""

    doc_id: str
    idx: int
    ord: int
    line: str
    normalized: str
    key: str
    hits: list[dict[str, Any]]


class RunStore:
    """A connection to ``run.sqlite`` (one per process; the run's lock keeps other runs out)."""

    def __init__(self, path: str | Path, *, shared: bool = False) -> None:
        """``shared``: the connection may be used from several threads, one at a time (the review app
        serializes its requests with a lock)."""
        self.path = Path(path)
        try:
            self._db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=not shared)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    def error(self, exc: sqlite3.Error) -> OutputError:
        """A library error for a SQLite failure, saying what to do."""
        if "full" in str(exc):
            return OutputError(f"{self.path}: the disk is full ({exc}); free some space and run the same command "
                               "again: finished sentences are kept")
        return OutputError(f"{self.path}: the run store cannot be used ({exc}); move it away to start afresh")

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise OutputError(f"{self.path} was written by a newer persian-translate (store version {version}; this "
                              f"one reads up to {SCHEMA_VERSION}): upgrade, or choose another output folder")
        for number in range(version, SCHEMA_VERSION):
            self._db.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[number]}; PRAGMA user_version = {number + 1}; COMMIT;")

    # --- transactions ---------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        return self._db.in_transaction

    def transaction(self) -> _Transaction:
        return _Transaction(self)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        try:
            return self._db.execute(sql, params)
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        try:
            self._db.executemany(sql, rows)
        except sqlite3.Error as exc:
            raise self.error(exc) from None

    # --- runs -------------------------------------------------------------------------------------

    def start_run(self, started: str, pid: int) -> int:
        with self.transaction():
            return int(self.execute("INSERT INTO runs (started, pid, status) VALUES (?, ?, 'running')",
                                    [started, pid]).lastrowid or 0)

    def finish_run(self, run: int, finished: str, signature: str, settings: dict[str, Any]) -> None:
        """Record a finished run: its signature and what exporting it again needs (languages, title)."""
        with self.transaction():
            self.execute("UPDATE runs SET finished = ?, signature = ?, settings = ?, status = 'done' WHERE id = ?",
                         [finished, signature, json.dumps(settings, ensure_ascii=False), run])

    def last_run(self) -> tuple[str, dict[str, Any]] | None:
        """``(signature, settings)`` of the last finished run."""
        row = self.execute("SELECT signature, settings FROM runs WHERE status = 'done' ORDER BY id DESC LIMIT 1"
                           ).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    # --- documents and sentences ------------------------------------------------------------------

    def document(self, doc_id: str) -> StoredDocument | None:
        row = self.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
        return StoredDocument(*row) if row else None

    def put_document(self, doc: StoredDocument, sentences: Sequence[Sentence], normalized: Sequence[str],
                     keys: Sequence[str], hits: Sequence[list[dict[str, Any]]]) -> None:
        """Store a document and its sentences, replacing what the store held for its id (one transaction)."""
        base = doc.position * ORD_STRIDE
        with self.transaction():
            self.execute("DELETE FROM documents WHERE doc_id = ?", [doc.doc_id])
            self.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(_fields(doc)))
            self.executemany(
                "INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((doc.doc_id, s.index, base + s.index, s.start, s.end, s.text, n, k, json.dumps(h, ensure_ascii=False))
                 for s, n, k, h in zip(sentences, normalized, keys, hits)))

    def keep_document(self, doc_id: str, position: int, path: str, name: str) -> None:
        """An unchanged document keeps its sentences; its place in this run may have moved."""
        with self.transaction():
            self.execute("UPDATE documents SET position = ?, path = ?, name = ? WHERE doc_id = ?",
                         [position, path, name, doc_id])
            self.execute("UPDATE sentences SET ord = ? * ? + idx WHERE doc_id = ?", [position, ORD_STRIDE, doc_id])

    def keep_only(self, doc_ids: Sequence[str]) -> None:
        """Forget documents that are not part of this run."""
        with self.transaction():
            self.execute("CREATE TEMP TABLE IF NOT EXISTS kept (doc_id TEXT PRIMARY KEY)")
            self.execute("DELETE FROM temp.kept")
            self.executemany("INSERT INTO temp.kept VALUES (?)", ((d,) for d in doc_ids))
            self.execute("DELETE FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM temp.kept)")

    def documents(self) -> list[StoredDocument]:
        return [StoredDocument(*row) for row in self.execute("SELECT * FROM documents ORDER BY position")]

    def count_sentences(self) -> int:
        return int(self.execute("SELECT COUNT(*) FROM sentences").fetchone()[0])

    def sentences_after(self, ord_: int, limit: int) -> list[StoredSentence]:
        """The next ``limit`` sentences of the run after ``ord_``, in input order."""
        rows = self.execute("SELECT doc_id, idx, ord, text, normalized, key, hits FROM sentences WHERE ord > ? "
                            "ORDER BY ord LIMIT ?", [ord_, limit])
        return [StoredSentence(d, i, o, one_line(t), n, k, json.loads(h)) for d, i, o, t, n, k, h in rows]

    # --- translations -----------------------------------------------------------------------------

    def translated(self, signature: str, keys: Iterable[str]) -> set[str]:
        """The keys among ``keys`` that have a translation under ``signature``."""
        unique = list(dict.fromkeys(keys))
        found: set[str] = set()
        for k in range(0, len(unique), 500):  # SQLite limits the number of parameters
            chunk = unique[k:k + 500]
            marks = ",".join("?" * len(chunk))
            found.update(key for (key,) in self.execute(
                f"SELECT key FROM translations WHERE signature = ? AND key IN ({marks})", [signature, *chunk]))
        return found

    def put_translations(self, signature: str, items: Sequence[tuple[str, Translation]]) -> None:
        """Store translations with their term hits (one transaction)."""
        with self.transaction():
            self.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?, ?)",
                             ((signature, key, t.text, t.confidence, json.dumps(list(t.flags)), t.alignment)
                              for key, t in items))
            self.executemany("DELETE FROM term_hits WHERE signature = ? AND key = ?", ((signature, k) for k, _ in items))
            self.executemany("INSERT INTO term_hits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             ((signature, key, n, *_fields(hit)) for key, t in items for n, hit in enumerate(t.terms)))

    def forget_translations(self) -> None:
        """``--no-resume``: drop every stored translation and score (the review state stays)."""
        with self.transaction():
            self.execute("DELETE FROM translations")
            self.execute("DELETE FROM term_hits")
            self.execute("DELETE FROM scores")

    def translations_after(self, signature: str, ord_: int, limit: int) -> list[tuple[int, Sentence, Translation]]:
        """``(ord, sentence, translation)`` of the sentences after ``ord_`` with a translation under
        ``signature`` (terms included), in input order."""
        rows = list(self.execute(
            'SELECT s.doc_id, s.idx, s.ord, s.start, s."end", s.text, s.key, t.text, t.confidence, t.flags, '
            "t.alignment FROM sentences s JOIN translations t ON t.signature = ? AND t.key = s.key "
            "WHERE s.ord > ? ORDER BY s.ord LIMIT ?", [signature, ord_, limit]))
        terms = self._terms(signature, {r[6] for r in rows})
        return [(o, Sentence(d, i, a, b, text), Translation(tt, conf, align, tuple(json.loads(flags)), terms.get(key, ())))
                for d, i, o, a, b, text, key, tt, conf, flags, align in rows]

    def _terms(self, signature: str, keys: set[str]) -> dict[str, tuple[TermHit, ...]]:
        out: dict[str, list[TermHit]] = {}
        unique = sorted(keys)
        for k in range(0, len(unique), 500):
            chunk = unique[k:k + 500]
            marks = ",".join("?" * len(chunk))
            for key, _, *values in self.execute(
                    f'SELECT key, n, source, type, start, "end", text, target, status, target_start, target_end '
                    f"FROM term_hits WHERE signature = ? AND key IN ({marks}) ORDER BY key, n", [signature, *chunk]):
                out.setdefault(key, []).append(TermHit(*values))
        return {key: tuple(hits) for key, hits in out.items()}

    # --- scores -----------------------------------------------------------------------------------

    def scored(self, scoring: str, first: int, last: int) -> set[int]:
        """Ords from ``first`` to ``last`` whose scores were made by ``scoring``."""
        return {o for (o,) in self.execute(
            "SELECT s.ord FROM sentences s JOIN scores c ON c.doc_id = s.doc_id AND c.idx = s.idx "
            "WHERE s.ord BETWEEN ? AND ? AND c.scoring = ?", [first, last, scoring])}

    def put_scores(self, scoring: str, items: Sequence[tuple[Sentence, Score]]) -> None:
        marks = ", ".join("?" * (len(QE_COLUMNS) + 5))
        with self.transaction():
            self.executemany(f"INSERT OR REPLACE INTO scores VALUES ({marks})",
                             ((s.doc_id, s.index, scoring, *(score.value(c) for c in QE_COLUMNS), score.verdict,
                               json.dumps(list(score.reasons))) for s, score in items))

    def pairs(self, signature: str, doc_id: str, batch: int = 1000, *, after: int = -1,
              until: int | None = None) -> Iterator[SentencePair]:
        """The sentence pairs of a document in order (those with index in ``(after, until]``), reviews
        applied, read ``batch`` at a time (bounded memory)."""
        last = after
        machine, review = (", ".join(f"{t}.{c}" for c in QE_COLUMNS) for t in ("c", "r"))
        stop = "AND s.idx <= ?" if until is not None else ""
        while True:
            rows = list(self.execute(
                f'SELECT s.idx, s.start, s."end", s.text, s.key, t.text, t.flags, t.alignment, {machine}, c.verdict, '
                f"c.reasons, r.target, r.edited, r.state, {review}, r.verdict, r.reasons, r.term_hits "
                "FROM sentences s JOIN translations t ON t.signature = ? AND t.key = s.key "
                "JOIN scores c ON c.doc_id = s.doc_id AND c.idx = s.idx "
                "LEFT JOIN reviews r ON r.doc_id = s.doc_id AND r.idx = s.idx AND r.key = s.key "
                f"WHERE s.doc_id = ? AND s.idx > ? {stop} ORDER BY s.idx LIMIT ?",
                [signature, doc_id, last, *([until] if until is not None else []), batch]))
            if not rows:
                return
            terms = self._terms(signature, {r[4] for r in rows})
            for row in rows:
                yield _pair(doc_id, row, terms.get(row[4], ()))
            last = rows[-1][0]

    def summary(self, signature: str, doc_id: str | None = None) -> tuple[dict[str, int], int, int]:
        """``(verdict counts, terms landed, terms total)`` of one document, or of the run, reviews applied."""
        where, params = ("AND s.doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
        joins = ("FROM sentences s JOIN translations t ON t.signature = ? AND t.key = s.key "
                 "LEFT JOIN reviews r ON r.doc_id = s.doc_id AND r.idx = s.idx AND r.key = s.key ")
        machine = "(r.target IS NULL OR r.target = t.text)"
        verdicts = {"ok": 0, "review": 0, "bad": 0}
        for verdict, n in self.execute(
                f"SELECT CASE WHEN {machine} THEN c.verdict ELSE r.verdict END AS v, COUNT(*) {joins}"
                f"JOIN scores c ON c.doc_id = s.doc_id AND c.idx = s.idx WHERE 1 {where} GROUP BY v",
                [signature, *params]):
            verdicts[verdict] = n
        landed_review = ("(SELECT COUNT(*) FROM json_each(r.term_hits) j "
                         "WHERE json_extract(j.value, '$.status') != 'missing')")
        landed, total = self.execute(
            f"SELECT COALESCE(SUM(CASE WHEN {machine} THEN COALESCE(m.landed, 0) ELSE {landed_review} END), 0), "
            f"COALESCE(SUM(CASE WHEN {machine} THEN COALESCE(m.total, 0) ELSE json_array_length(r.term_hits) END), 0) "
            f"{joins}LEFT JOIN (SELECT key, SUM(status != 'missing') AS landed, COUNT(*) AS total FROM term_hits "
            f"WHERE signature = ? GROUP BY key) m ON m.key = s.key WHERE 1 {where}",
            [signature, signature, *params]).fetchone()
        return verdicts, int(landed), int(total)

    # --- review -----------------------------------------------------------------------------------

    def review_counts(self, doc_id: str | None = None) -> dict[str, int]:
        """How many sentences (of a document, or of the run) are in each review state other than machine."""
        where, params = ("WHERE s.doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
        return {state: n for state, n in self.execute(
            "SELECT r.state, COUNT(*) FROM reviews r JOIN sentences s ON s.doc_id = r.doc_id AND s.idx = r.idx "
            f"AND s.key = r.key {where} GROUP BY r.state", params) if state != "machine"}

    def sentence_key(self, doc_id: str, idx: int) -> str | None:
        row = self.execute("SELECT key FROM sentences WHERE doc_id = ? AND idx = ?", [doc_id, idx]).fetchone()
        return row[0] if row else None

    def review(self, doc_id: str, idx: int) -> dict[str, Any] | None:
        """The review row of a sentence (whatever its key), as a dict, or ``None``."""
        cursor = self.execute("SELECT * FROM reviews WHERE doc_id = ? AND idx = ?", [doc_id, idx])
        row = cursor.fetchone()
        return dict(zip([c[0] for c in cursor.description], row)) if row else None

    def put_review(self, doc_id: str, idx: int, after: ReviewRow | None, *, action: str, author: str | None,
                   now: str) -> None:
        """Set (or, with ``None``, remove) the review of a sentence and record the action with what it
        replaced in the history: one transaction, so an edit is either kept whole or not at all."""
        with self.transaction():
            before = self.review(doc_id, idx)
            if after is None:
                self.execute("DELETE FROM reviews WHERE doc_id = ? AND idx = ?", [doc_id, idx])
            else:
                marks = ", ".join("?" * (len(QE_COLUMNS) + 11))
                self.execute(f"INSERT OR REPLACE INTO reviews VALUES ({marks})", [
                    doc_id, idx, after.key, after.target, int(after.edited), after.state,
                    *(after.score.value(c) for c in QE_COLUMNS), after.score.verdict,
                    json.dumps(list(after.score.reasons)), json.dumps([t.to_dict() for t in after.terms],
                                                                      ensure_ascii=False), author, now])
            self.execute("INSERT INTO history (doc_id, idx, action, before, after, author, created) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?)",
                         [doc_id, idx, action, json.dumps(before, ensure_ascii=False),
                          json.dumps(self.review(doc_id, idx), ensure_ascii=False), author, now])

    def restore_review(self, doc_id: str, idx: int, row: dict[str, Any] | None, *, author: str | None,
                       now: str) -> None:
        """Undo: put back a review row as the history kept it (``None``: the machine's), recorded as ``undo``."""
        with self.transaction():
            before = self.review(doc_id, idx)
            self.execute("DELETE FROM reviews WHERE doc_id = ? AND idx = ?", [doc_id, idx])
            if row is not None:
                self.execute(f"INSERT INTO reviews ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                             list(row.values()))
            self.execute("INSERT INTO history (doc_id, idx, action, before, after, author, created) "
                         "VALUES (?, ?, 'undo', ?, ?, ?, ?)",
                         [doc_id, idx, json.dumps(before, ensure_ascii=False), json.dumps(row, ensure_ascii=False),
                          author, now])

    def history(self, doc_id: str, idx: int) -> list[dict[str, Any]]:
        """Every review action on a sentence, newest first (``before``/``after`` as dicts)."""
        cursor = self.execute("SELECT id, action, before, after, author, created FROM history "
                              "WHERE doc_id = ? AND idx = ? ORDER BY id DESC", [doc_id, idx])
        return [{"id": i, "action": a, "before": json.loads(b) if b else None, "after": json.loads(f) if f else None,
                 "author": who, "created": when} for i, a, b, f, who, when in cursor]

    def reviews_kept(self) -> int:
        """Sentences of the run whose review (approved, edited or rejected) outranks the machine."""
        return int(self.execute(
            "SELECT COUNT(*) FROM reviews r JOIN sentences s ON s.doc_id = r.doc_id AND s.idx = r.idx "
            "AND s.key = r.key WHERE r.state != 'machine'").fetchone()[0])

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def existing_store(outdir: str | Path) -> Path:
    """``OUTDIR/run.sqlite`` of an earlier run; a clear error when there is none."""
    path = Path(outdir) / STORE_NAME
    if not path.is_file():
        raise OutputError(f"{display(str(outdir))}: no run store ({STORE_NAME}) here; 'translate run … -o "
                          f"{display(str(outdir))}' makes one")
    return path


def finished(store: RunStore, outdir: str | Path) -> tuple[str, dict[str, Any]]:
    """``(signature, settings)`` of the last finished run in ``store``; a clear error when none finished."""
    last = store.last_run()
    if last is None:
        raise OutputError(f"{display(str(outdir))}: no run has finished here yet; run the same 'translate run' "
                          "command again to finish it")
    return last


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (or ``ROLLBACK`` on an exception)."""

    def __init__(self, store: RunStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, *_: object) -> None:
        if not kind:
            self.store.execute("COMMIT")
        elif self.store.in_transaction:  # SQLite may have rolled back already (a full disk does)
            self.store.execute("ROLLBACK")


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """What a review sets for a sentence: the English, whether a person wrote it, the state, the scores
    and glossary report re-checked on that English."""

    key: str
    target: str
    edited: bool
    state: str
    score: Score
    terms: tuple[TermHit, ...]


def _pair(doc_id: str, row: Sequence[Any], machine_terms: tuple[TermHit, ...]) -> SentencePair:
    """A pair from a ``pairs`` row: the machine's, or the review's where one applies."""
    n = len(QE_COLUMNS)
    idx, start, end, text, key, target, flags, alignment = row[:8]
    score = Score(**dict(zip(QE_COLUMNS, row[8:8 + n])), verdict=row[8 + n], reasons=tuple(json.loads(row[9 + n])))
    sentence = Sentence(doc_id, idx, start, end, text)
    r_target, r_edited, r_state = row[10 + n:13 + n]
    # the memory key starts with the normalized sentence the model read (see run.ingest.memory_key)
    links = links_on_original(one_line(text), alignment, key.partition("\x1f")[0])
    pair = SentencePair(sentence, target, score, machine_terms, links, frozenset(json.loads(flags)))
    if r_target is None:
        return pair
    if r_target == target:  # the person kept the machine's English: its scores and links still hold
        return replace(pair, state=r_state, edited=bool(r_edited))
    r_verdict, r_reasons, r_terms = row[13 + 2 * n:]
    r_score = Score(**dict(zip(QE_COLUMNS, row[13 + n:13 + 2 * n])), verdict=r_verdict,
                    reasons=tuple(json.loads(r_reasons)))
    return SentencePair(sentence, r_target, r_score, tuple(TermHit.from_dict(t) for t in json.loads(r_terms)),
                        "", frozenset(), r_state, bool(r_edited))


def _fields(record: Any) -> Iterator[Any]:
    from dataclasses import fields

    return (getattr(record, f.name) for f in fields(record))
