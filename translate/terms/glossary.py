"""Glossaries of names and titles: reading (TSV, CSV, TBX), checking, and matching in Persian text.

Matching runs on a *key* form of the text — normalized (Persian letters, no diacritics or kashida),
zero-width non-joiners read as spaces, Latin lower-cased — with an offset map, so hits are reported
as spans of the original. One Aho-Corasick automaton holds every surface variant of every entry,
including each variant with its word joints closed up (``آیت الله`` also as ``آیتالله``), so the
cost does not grow with the glossary size.

Persian morphology at the edges of a match: a term may carry attached endings (``ها``, ``های``,
``‌ی``, ``‌ای``, ``‌اش`` — with a ZWNJ, which the key reads as a space, or glued plurals ``ها``/``های``);
it never matches inside a longer word (``فلسطین`` is not in ``فلسطینی``, Palestinian).
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GlossaryError
from ..text.normalize import ZWNJ, Normalized, normalize

__all__ = [
    "TYPES",
    "Glossary",
    "GlossaryEntry",
    "Hit",
    "Problem",
    "check_glossaries",
    "load_glossary",
    "match_key",
]

TYPES = ("person", "org", "place", "title", "event", "term")
COLUMNS = ("source", "target", "type", "note", "short")
# Endings that may be glued to a term without a ZWNJ (plural and its forms; the possessive اش).
GLUED_ENDINGS = ("هایشان", "هایش", "هایی", "های", "ها", "اش")
MAX_CLOSED_JOINTS = 3  # entries with more word joints are matched only with their joints open


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One concept: its Persian surface variants and the English a desk wants for it.

    ``short`` holds short forms (``رئیسی`` → ``Raisi``) that refer to the same entity; they match after
    the entity was introduced in the document, or everywhere when marked with a leading ``*``.
    """

    source: str
    target: str
    type: str = "term"
    note: str = ""
    variants: tuple[str, ...] = ()
    short: tuple[tuple[str, str, bool], ...] = ()  # (persian, english, everywhere)
    origin: str = ""  # "file:line"

    @property
    def surfaces(self) -> tuple[str, ...]:
        return self.variants or (self.source,)


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding of ``glossary check``: ``level`` is ``error`` (the glossary is refused), ``warning``
    (a person should fix it) or ``info`` (expected behaviour worth knowing, such as an entry found
    inside a longer one)."""

    origin: str
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.level}: {self.message}"


@dataclass(frozen=True, slots=True)
class Hit:
    """A glossary term found in a text: ``start``/``end`` index the original text."""

    entry: GlossaryEntry
    start: int
    end: int
    text: str
    target: str
    short: bool = False


def match_key(text: str) -> Normalized:
    """The form both glossary sources and texts are compared in (same length map as
    :func:`~translate.normalize.normalize`): normalized letters, ZWNJ as space, Latin lower-cased."""
    norm = normalize(text, zwnj=False)
    key = norm.text.replace(ZWNJ, " ").lower()
    # lower() can change the length of a few non-Persian characters (İ); keep the map valid then.
    if len(key) != len(norm.text):
        key = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in norm.text.replace(ZWNJ, " "))
    return Normalized(key, norm.origin)


def _key(text: str) -> str:
    return " ".join(match_key(text).text.split())


def _is_word_char(ch: str) -> bool:
    return ch.isalnum()


# --- reading --------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Read:
    entries: list[GlossaryEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _parse_short(value: str, origin: str, read: _Read) -> tuple[tuple[str, str, bool], ...]:
    shorts = []
    for item in filter(None, (s.strip() for s in value.split("|"))):
        everywhere = item.startswith("*")
        fa, sep, en = item.lstrip("*").partition("=")
        if not sep or not fa.strip() or not en.strip():
            read.problems.append(Problem(origin, "error", f"short form {item!r} is not PERSIAN=English"))
            continue
        shorts.append((fa.strip(), en.strip(), everywhere))
    return tuple(shorts)


# Characters no term may hold: controls (tabs and line breaks among them: they break every one-line
# output), the Unicode line separators, and the bidi overrides and isolates, which reorder what a
# reviewer sees around them.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _forbidden(values: dict[str, str], origin: str, read: _Read) -> bool:
    for column in ("source", "target", "short"):
        m = _FORBIDDEN.search((values.get(column) or "").strip())
        if m:
            read.problems.append(Problem(origin, "error", f"the {column} holds U+{ord(m.group()):04X} (a tab, line "
                                         "break, control or bidi-override character); remove it"))
            return True
    return False


def _add_row(values: dict[str, str], origin: str, read: _Read) -> None:
    if _forbidden(values, origin, read):
        return
    source = values.get("source", "").strip()
    target = values.get("target", "").strip()
    kind = (values.get("type") or "term").strip().lower()
    missing = [name for name, value in (("source", source), ("target", target)) if not value]
    if missing:
        read.problems.append(Problem(origin, "error", f"empty {' and '.join(missing)}"))
        return
    if kind not in TYPES:
        read.problems.append(Problem(origin, "error", f"type {kind!r} is not one of {', '.join(TYPES)}"))
        return
    variants = tuple(dict.fromkeys(v.strip() for v in source.split("|") if v.strip()))
    if not variants:
        read.problems.append(Problem(origin, "error", "empty source"))
        return
    read.entries.append(GlossaryEntry(
        source=variants[0], target=target, type=kind, note=(values.get("note") or "").strip(),
        variants=variants, short=_parse_short(values.get("short") or "", origin, read), origin=origin,
    ))


def _read_delimited(text: str, name: str, delimiter: str, read: _Read) -> None:
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter,
                      quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    header: list[str] | None = None
    kind = "tab-separated" if delimiter == "\t" else "comma-separated"
    for row in rows:
        number = rows.line_num
        origin = f"{name}:{number}"
        if not any(cell.strip() for cell in row) or (row and row[0].lstrip().startswith("#")):
            continue
        row = [cell.strip("\r") for cell in row]
        if header is None:
            header = [c.strip().lower() for c in row]
            if "source" not in header or "target" not in header:
                read.problems.append(Problem(origin, "error",
                                             f"the first line must be a header naming the columns "
                                             f"({', '.join(COLUMNS)}); found {row!r}"))
                return
            unknown = [c for c in header if c not in COLUMNS]
            if unknown:
                read.problems.append(Problem(origin, "warning", f"unknown columns ignored: {', '.join(unknown)}"))
            continue
        if not 2 <= len(row) <= len(header):
            read.problems.append(Problem(
                origin, "error", f"expected 2–{len(header)} {kind} fields, found {len(row)}"))
            continue
        _add_row(dict(zip(header, row)), origin, read)


def _read_tbx(data: bytes, name: str, read: _Read) -> None:
    """TBX (ISO 30042, the exchange format of terminology tools): one ``termEntry``/``conceptEntry``
    per concept, ``langSet``s with ``term``s; the first English term is the target."""
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        read.problems.append(Problem(name, "error", f"not well-formed TBX/XML ({exc})"))
        return

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    for number, concept in enumerate(el for el in root.iter() if local(el.tag) in ("termEntry", "conceptEntry")):
        origin = f"{name}:entry {concept.get('id') or number + 1}"
        fa: list[str] = []
        en: list[str] = []
        kind, note = "term", ""
        for el in concept.iter():
            tag = local(el.tag)
            if tag == "descrip" and (el.get("type") or "").lower() in ("type", "entitytype", "subjectfield"):
                value = (el.text or "").strip().lower()
                kind = value if value in TYPES else kind
            elif tag == "note" and el.text:
                note = el.text.strip()
        for lang_set in (el for el in concept.iter() if local(el.tag) == "langSet"):
            lang = (lang_set.get(lang_attr) or lang_set.get("lang") or "").lower()
            terms = [t.text.strip() for t in lang_set.iter() if local(t.tag) == "term" and t.text and t.text.strip()]
            if lang.startswith(("fa", "pes", "per")):
                fa.extend(terms)
            elif lang.startswith("en"):
                en.extend(terms)
        _add_row({"source": "|".join(fa), "target": en[0] if en else "", "type": kind, "note": note}, origin, read)


def _read_file(path: Path, read: _Read) -> None:
    name = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        read.problems.append(Problem(name, "error", f"cannot be read ({exc.strerror})"))
        return
    suffix = path.suffix.lower()
    if suffix in (".tbx", ".xml"):
        _read_tbx(data, name, read)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        read.problems.append(Problem(name, "error", f"is not UTF-8 (byte {exc.start}); re-save it as UTF-8"))
        return
    _read_delimited(text, name, "," if suffix == ".csv" else "\t", read)


def _closed_variants(key: str) -> list[str]:
    """``key`` with every subset of its word joints closed up, when it has few joints."""
    words = key.split(" ")
    joints = len(words) - 1
    if joints == 0 or joints > MAX_CLOSED_JOINTS:
        return [key]
    out = []
    for closed in itertools.product((" ", ""), repeat=joints):
        out.append(words[0] + "".join(sep + w for sep, w in zip(closed, words[1:])))
    return out


def _consistency(entries: Sequence[GlossaryEntry], problems: list[Problem], containment: bool = True) -> None:
    """Duplicates, conflicting targets, keys shared between entries, entries inside other entries."""
    seen: dict[str, tuple[GlossaryEntry, str]] = {}
    for entry in entries:
        forms = [(v, entry.target) for v in entry.surfaces] + [(fa, en) for fa, en, _ in entry.short]
        for surface, target in forms:
            key = _key(surface)
            if not key:
                problems.append(Problem(entry.origin, "error", f"{surface!r} is empty after normalization"))
                continue
            if key in seen:
                other, other_target = seen[key]
                if other is entry and other_target == target:
                    continue
                if other_target.casefold() != target.casefold():
                    problems.append(Problem(entry.origin, "error",
                                            f"{surface!r} → {target!r} conflicts with {other.origin} "
                                            f"({other.source!r} → {other_target!r})"))
                elif surface == other.source or surface in other.surfaces:
                    problems.append(Problem(entry.origin, "error", f"duplicate of {other.origin} ({surface!r})"))
                else:
                    problems.append(Problem(entry.origin, "warning",
                                            f"{surface!r} normalizes to the same key as {other.origin} "
                                            f"({other.source!r}); keep one"))
                continue
            seen[key] = (entry, target)
    if not containment:
        return
    # Entries that match inside other entries (ایران inside جمهوری اسلامی ایران): nothing to fix, the
    # longest match wins at run time; information, not a warning, so a real warning does not drown.
    keys = {key: owner for key, (owner, _) in seen.items()}
    automaton = _build_automaton({k: [(owner, k, False, owner.target)] for k, owner in keys.items()})
    for key, owner in keys.items():
        for inner in _scan(automaton, key):
            if inner.entry is not owner and (inner.start, inner.end) != (0, len(key)):
                problems.append(Problem(owner.origin, "info",
                                        f"contains {inner.entry.source!r} ({inner.entry.origin}); the longer "
                                        "entry wins where both match"))


@dataclass(slots=True)
class Glossary:
    """Entries from one or more files, with a fingerprint for caches and manifests."""

    entries: list[GlossaryEntry]
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, sha1)

    @property
    def sha1(self) -> str:
        digest = hashlib.sha1()
        for _, sha in self.files:
            digest.update(sha.encode())
        if not self.files:
            for e in self.entries:
                digest.update(f"{e.surfaces}|{e.target}|{e.short}\n".encode())
        return digest.hexdigest()

    def matcher(self) -> Matcher:
        return Matcher(self.entries)


def read_glossaries(paths: Iterable[str | Path]) -> tuple[list[GlossaryEntry], list[Problem], list[tuple[str, str]]]:
    read = _Read()
    files = []
    for path in paths:
        p = Path(path)
        _read_file(p, read)
        if p.is_file():
            files.append((str(p), hashlib.sha1(p.read_bytes()).hexdigest()))
    return read.entries, read.problems, files


def check_glossaries(paths: Iterable[str | Path]) -> tuple[list[GlossaryEntry], list[Problem]]:
    """Everything ``glossary check`` reports, in file order: errors, warnings and information."""
    entries, problems, _ = read_glossaries(paths)
    _consistency(entries, problems)
    return entries, problems


def load_glossary(paths: str | Path | Iterable[str | Path]) -> Glossary:
    """Read glossary files; raise :class:`GlossaryError` listing the errors if there are any."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    entries, problems, files = read_glossaries(paths)
    _consistency(entries, problems, containment=False)  # warnings only; 'glossary check' shows them
    errors = [p for p in problems if p.level == "error"]
    if errors:
        shown = "\n".join(f"  {p.origin}: {p.message}" for p in errors[:10])
        more = f"\n  … and {len(errors) - 10} more" if len(errors) > 10 else ""
        raise GlossaryError(f"{len(errors)} errors in the glossary (run 'translate glossary check'):\n{shown}{more}")
    return Glossary(entries, files)


# --- matching -------------------------------------------------------------------------------------

def _build_automaton(keys: dict[str, list[tuple[GlossaryEntry, str, bool, str]]]) -> object:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for key, values in keys.items():
        automaton.add_word(key, (len(key), values))
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True, slots=True)
class _Candidate:
    entry: GlossaryEntry
    start: int  # key offsets
    end: int
    short: bool
    target: str
    rank: int


def _ending_ok(key: str, end: int) -> bool:
    """Whether a match may end at ``end``: a non-letter follows, or a glued plural ending does."""
    if end >= len(key) or not _is_word_char(key[end]):
        return True
    for ending in GLUED_ENDINGS:
        stop = end + len(ending)
        if key.startswith(ending, end) and (stop >= len(key) or not _is_word_char(key[stop])):
            return True
    return False


def _scan(automaton: object, key: str) -> Iterator[_Candidate]:
    if not key:
        return
    for end_index, (length, values) in automaton.iter(key):  # type: ignore[attr-defined]
        end = end_index + 1
        start = end - length
        if start > 0 and _is_word_char(key[start - 1]):
            continue
        if not _ending_ok(key, end):
            continue
        for rank, (entry, _surface, short, target) in enumerate(values):
            yield _Candidate(entry, start, end, short, target, rank)


class Matcher:
    """Finds glossary terms in Persian text (see the module docstring for the rules)."""

    def __init__(self, entries: Sequence[GlossaryEntry]) -> None:
        self.entries = list(entries)
        self._order = {id(e): i for i, e in enumerate(self.entries)}
        keys: dict[str, list[tuple[GlossaryEntry, str, bool, str]]] = {}
        self._everywhere: set[tuple[int, str]] = set()
        for entry in self.entries:
            forms = [(v, False, entry.target, False) for v in entry.surfaces]
            forms += [(fa, True, en, everywhere) for fa, en, everywhere in entry.short]
            for surface, short, target, everywhere in forms:
                base = _key(surface)
                if not base:
                    continue
                if everywhere:
                    self._everywhere.add((id(entry), base))
                for variant in _closed_variants(base):
                    bucket = keys.setdefault(variant, [])
                    if not any(e is entry and s == short for e, _, s, _ in bucket):
                        bucket.append((entry, base, short, target))
        self._automaton = _build_automaton(keys) if keys else None

    def find(self, text: str, introduced: set[int] | None = None) -> list[Hit]:
        """Hits in ``text``, in order, non-overlapping: the longest match wins, then the earlier
        one, then the entry listed first. ``introduced`` (ids of entries already seen in this
        document) enables short forms and is updated with this text's full matches."""
        if self._automaton is None or not text:
            return []
        norm = match_key(text)
        key = norm.text
        seen = introduced if introduced is not None else set()
        candidates = sorted(
            _scan(self._automaton, key),
            key=lambda c: (-(c.end - c.start), c.start, c.short, self._order[id(c.entry)], c.rank),
        )
        taken: list[_Candidate] = []
        occupied: list[tuple[int, int]] = []
        full_starts = {id(c.entry): c.start for c in sorted(candidates, key=lambda c: c.start) if not c.short}
        for cand in candidates:
            if any(cand.start < e and s < cand.end for s, e in occupied):
                continue
            if cand.short:
                allowed = (id(cand.entry), " ".join(key[cand.start:cand.end].split())) in self._everywhere
                introduced_here = full_starts.get(id(cand.entry), len(key) + 1) < cand.start
                if not (allowed or id(cand.entry) in seen or introduced_here):
                    continue
            taken.append(cand)
            occupied.append((cand.start, cand.end))
        hits = []
        for cand in sorted(taken, key=lambda c: c.start):
            start, end = norm.span(cand.start, cand.end)
            hits.append(Hit(cand.entry, start, end, text[start:end], cand.target, cand.short))
            if not cand.short:
                seen.add(id(cand.entry))
        return hits

    def to_dict(self, hit: Hit) -> dict[str, object]:
        """A hit as a JSON object (its entry by position in this matcher's glossary)."""
        return {"entry": self._order[id(hit.entry)], "start": hit.start, "end": hit.end, "text": hit.text,
                "target": hit.target, "short": hit.short}

    def from_dict(self, data: dict[str, object]) -> Hit:
        return Hit(self.entries[int(data["entry"])], int(data["start"]), int(data["end"]),  # type: ignore[call-overload]
                   str(data["text"]), str(data["target"]), bool(data["short"]))

    def find_in_document(self, texts: Iterable[str]) -> Iterator[list[Hit]]:
        """Hits for each text of one document, in order; short forms count an entity introduced in
        an earlier text of the same document."""
        introduced: set[int] = set()
        for text in texts:
            yield self.find(text, introduced)
