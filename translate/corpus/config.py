"""The rules of a corpus build, from a TOML file (every key optional; defaults below), validated in one
place: every rule object checks its own values when it is made (so a config built in code, changed by a
command-line option or read from a file is held to the same rules), and :func:`load_config` turns what
they find into one line naming the file and the line.

.. code-block:: toml

    [filters]                 # each rule removes pairs and counts them; set a value to false to turn it off
    unaligned = true          # beads with one side empty (a sentence the other side does not translate)
    min_words = 1             # on each side
    max_words = 150
    max_length_deviation = 3.0   # |length| in standard deviations of the fitted ratio (translate.qe.signals)
    min_similarity = 0.75        # e5 similarity of the two sides
    min_numbers = 0.5            # number agreement (translate.qe.numbers)
    max_untranslated = 0.2       # share of the English letters in Persian script
    max_repetition = 0.3
    copied = true                # the English is the Persian (or the same text on both sides)
    min_alignment = -0.5         # the aligner's bead score (1 - its cost; true pairs go down to about -0.4)
    boilerplate = ["(?i)all rights reserved", "انتهای پیام"]

    [dedup]
    exact = true              # the same pair, after normalization; and (sides = true) the same Persian or English
    sides = true
    near = true               # MinHash/LSH over character 5-grams of both sides
    near_threshold = 0.8      # estimated Jaccard similarity
    num_perm = 64

    [split]
    validation = 0.05         # shares of the units: documents, or blocks of consecutive lines
    test = 0.05
    seed = "persian-translate"
    block_lines = 20          # line-aligned input: lines per block (a block stays in one split)

    [dataset]
    name = "persian-english-news"   # one path component: the Moses, JSONL, TSV and TMX file names
    license = "other"               # the Hub's licence id (cc-by-4.0, cc-by-sa-4.0, …)
    description = ""

    [[sources]]               # where the documents come from, for the dataset card (any number)
    name = "NTREX-128"
    url = "https://github.com/MicrosoftTranslator/NTREX"
    license = "cc-by-sa-4.0"
    attribution = "Federmann et al. 2022"

    [scoring]
    similarity = true         # the e5 similarity of each pair (line-aligned input without it needs no embedder)

    [tmx]
    include = []              # the TMX holds kept pairs with the verdict ok; add "review" and/or "bad"

    [pairing]                 # how the inputs become document pairs
    documents = "name"        # "name": two folders paired by file name (or a listing, or Moses files);
                              # "content": two folders paired by what they say (--pair-documents);
                              # "crawl": HTML pages and WARC files read, split by language, paired by content (--crawl)
    threshold = 0.165         # the least confirmed score of a document pair (translate.corpus.pairing)
    head = 10                 # sentences of each document embedded and aligned to pair it
    neighbours = 4            # candidate partners per document and direction

    [crawl]                   # pages of a crawl (pairing documents = "crawl")
    min_confidence = 0.5      # the language identifier's least probability for a page to join a side
    min_characters = 100      # main text shorter than this is not a document (a menu, an error page)
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..errors import ConfigError

DEFAULT_BOILERPLATE = (
    r"(?i)\ball rights reserved\b", r"(?i)^\W*(read more|click here|subscribe|follow us|advertisement)\b",
    r"انتهای پیام", r"(?:تمامی|کلیه) حقوق", r"کپی\s*برداری", r"^\W*(?:بیشتر بخوانید|اشتراک‌?گذاری)",
)

#: Names of earlier versions, suggested when they are met (``dev`` is ``validation`` everywhere now).
RENAMED = {"dev": "validation"}


class _Invalid(ValueError):
    """A value out of its rules: ``key`` and what was expected (made a ConfigError with the section)."""

    def __init__(self, key: str, problem: str) -> None:
        super().__init__(problem)
        self.key, self.problem = key, problem


def toml_value(value: Any) -> str:
    """``value`` as TOML writes it (``true``, ``"text"``, ``[1, 2]``), for messages and the written config."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _rule(kind: str, *, low: float | None = None, high: float | None = None, low_open: bool = False,
          high_open: bool = False, off: bool = False, choices: tuple[str, ...] = ()) -> dict[str, Any]:
    """What a key takes: ``bool``, ``int``, ``number``, ``string``, ``name``, ``patterns``, ``choices``
    (a list of them) or ``choice`` (one of them); a range; whether ``false`` turns the rule off."""
    return {"kind": kind, "low": low, "high": high, "low_open": low_open, "high_open": high_open, "off": off,
            "choices": choices}


def _range(rule: dict[str, Any]) -> str:
    low, high = rule["low"], rule["high"]
    left = "" if low is None else f"{'above' if rule['low_open'] else 'from'} {low:g}"
    right = "" if high is None else f"{'below' if rule['high_open'] else 'to'} {high:g}"
    return " ".join(x for x in (left, right) if x)


def _expected(rule: dict[str, Any]) -> str:
    kind = rule["kind"]
    what = {"bool": "true or false", "int": "a whole number", "number": "a number", "string": "a string",
            "name": "a name", "patterns": "a list of regular expressions",
            "choices": f"a list of {', '.join(map(repr, rule['choices']))}",
            "choice": f"one of {', '.join(map(toml_value, rule['choices']))}"}[kind]
    if kind in ("int", "number") and (rule["low"] is not None or rule["high"] is not None):
        what += " " + _range(rule)
    return what + (" (or false to turn the rule off)" if rule["off"] else "")


def _check(key: str, value: Any, rule: dict[str, Any]) -> Any:
    """``value`` if it follows ``rule`` (ints given for numbers become floats, lists tuples), else _Invalid."""
    kind = rule["kind"]
    bad = _Invalid(key, f"{key} = {toml_value(value)}: expected {_expected(rule)}")
    if rule["off"] and value is False:
        return False
    if kind == "bool":
        if not isinstance(value, bool):
            raise bad
        return value
    if kind in ("int", "number"):
        # booleans are ints to Python, never numbers here: max_words = true once kept 0 pairs
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind == "int" and isinstance(value, float)):
            raise bad
        if isinstance(value, float) and not math.isfinite(value):
            raise bad
        low, high = rule["low"], rule["high"]
        if low is not None and (value <= low if rule["low_open"] else value < low):
            raise bad
        if high is not None and (value >= high if rule["high_open"] else value > high):
            raise bad
        return float(value) if kind == "number" else value
    if kind == "choice":
        if not isinstance(value, str) or value not in rule["choices"]:
            raise bad
        return value
    if kind in ("string", "name"):
        if not isinstance(value, str) or "\n" in value or "\r" in value:
            raise bad
        if kind == "name":
            _check_name(key, value)
        return value
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise bad
    if kind == "patterns":
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise _Invalid(key, f"{key}: {toml_value(pattern)} is not a regular expression ({exc})") from None
    else:
        wrong = [v for v in value if v not in rule["choices"]]
        if wrong:
            raise _Invalid(key, f"{key} = {toml_value(value)}: {toml_value(wrong[0])} is not one of "
                                f"{', '.join(map(toml_value, rule['choices']))}")
    return tuple(value)


_NOT_IN_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|\u2028\u2029]")


def _check_name(key: str, name: str) -> None:
    """A dataset name is one path component (the Moses, JSONL, TSV and TMX files are named by it):
    refused, never cleaned up, when it could name a file outside the output folder or none at all."""
    if not name.strip() or name in (".", "..") or name != name.strip() or name.startswith(".") \
            or _NOT_IN_NAME.search(name) or len(name.encode()) > 200:
        raise _Invalid(key, f"{key} = {toml_value(name)}: expected one file name (letters, digits, '-', '_', "
                            "'.'; no '/', '\\', ':' or control characters, not starting with '.')")


class _Rules:
    """A section of the config: each field's ``metadata["rule"]`` is checked when the object is made."""

    SECTION = ""

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type]
            rule = f.metadata.get("rule")
            if rule is None:
                continue
            try:
                value = _check(f.name, getattr(self, f.name), rule)
            except _Invalid as exc:
                raise ConfigError(f"[{self.SECTION}] {exc.problem}") from None
            object.__setattr__(self, f.name, value)
        self._check_together()

    def _check_together(self) -> None:
        pass


def _key(default: Any, rule: dict[str, Any]) -> Any:
    return field(default=default, metadata={"rule": rule})


@dataclass(frozen=True)
class FilterRules(_Rules):
    SECTION = "filters"
    unaligned: bool = _key(True, _rule("bool"))
    min_words: int | bool = _key(1, _rule("int", low=0, high=10_000, off=True))
    max_words: int | bool = _key(150, _rule("int", low=1, high=100_000, off=True))
    max_length_deviation: float | bool = _key(3.0, _rule("number", low=0, low_open=True, off=True))
    min_similarity: float | bool = _key(0.75, _rule("number", low=-1, high=1, off=True))
    min_numbers: float | bool = _key(0.5, _rule("number", low=0, high=1, off=True))
    max_untranslated: float | bool = _key(0.2, _rule("number", low=0, high=1, off=True))
    max_repetition: float | bool = _key(0.3, _rule("number", low=0, high=1, off=True))
    copied: bool = _key(True, _rule("bool"))
    min_alignment: float | bool = _key(-0.5, _rule("number", low=-10, high=1, off=True))
    boilerplate: tuple[str, ...] = _key(DEFAULT_BOILERPLATE, _rule("patterns"))

    def _check_together(self) -> None:
        if self.min_words is not False and self.max_words is not False and self.min_words > self.max_words:
            raise ConfigError(f"[filters] min_words = {self.min_words} is above max_words = {self.max_words}: "
                              "no pair could stay")


@dataclass(frozen=True)
class DedupRules(_Rules):
    SECTION = "dedup"
    exact: bool = _key(True, _rule("bool"))
    sides: bool = _key(True, _rule("bool"))
    near: bool = _key(True, _rule("bool"))
    near_threshold: float = _key(0.8, _rule("number", low=0, high=1, low_open=True))
    # MinHash permutations, in LSH bands of 4 (translate.corpus.dedup)
    num_perm: int = _key(64, _rule("int", low=4, high=1024))


@dataclass(frozen=True)
class SplitRules(_Rules):
    SECTION = "split"
    validation: float = _key(0.05, _rule("number", low=0, high=1, high_open=True))
    test: float = _key(0.05, _rule("number", low=0, high=1, high_open=True))
    seed: str = _key("persian-translate", _rule("string"))
    block_lines: int = _key(20, _rule("int", low=1, high=100))

    def _check_together(self) -> None:
        if self.validation + self.test >= 1:
            raise ConfigError(f"[split] validation + test = {self.validation + self.test:g}: the two must leave a "
                              "share for train (below 1 together)")

    def requested(self) -> tuple[str, ...]:
        """The splits this config asks for, train first."""
        return ("train", *(s for s in ("validation", "test") if getattr(self, s) > 0))


@dataclass(frozen=True)
class DatasetInfo(_Rules):
    SECTION = "dataset"
    name: str = _key("persian-english-news", _rule("name"))
    license: str = _key("other", _rule("string"))
    description: str = _key("", _rule("string"))

    def _check_together(self) -> None:
        if not self.license.strip():
            raise ConfigError('[dataset] license = "": name a licence (the Hub\'s id, such as cc-by-4.0) or "other"')


@dataclass(frozen=True)
class Source(_Rules):
    SECTION = "sources"
    name: str = _key("", _rule("string"))
    url: str = _key("", _rule("string"))
    license: str = _key("", _rule("string"))
    attribution: str = _key("", _rule("string"))

    def _check_together(self) -> None:
        if not self.name.strip():
            raise ConfigError("[[sources]] name: every source needs a name")


@dataclass(frozen=True)
class ScoringRules(_Rules):
    SECTION = "scoring"
    similarity: bool = _key(True, _rule("bool"))


@dataclass(frozen=True)
class TmxRules(_Rules):
    SECTION = "tmx"
    include: tuple[str, ...] = _key((), _rule("choices", choices=("review", "bad")))


#: How the inputs become document pairs (``[pairing] documents``).
PAIRINGS = ("name", "content", "crawl")


@dataclass(frozen=True)
class PairingRules(_Rules):
    """``documents``: ``name`` (folders paired by file name, a listing, or Moses files), ``content``
    (two folders paired by what the documents say: :mod:`translate.corpus.pairing`) or ``crawl``
    (HTML pages and WARC files: :mod:`translate.corpus.crawl`, then paired by content); the pairing's
    options (:class:`~translate.corpus.pairing.PairingOptions`)."""

    SECTION = "pairing"
    documents: str = _key("name", _rule("choice", choices=PAIRINGS))
    threshold: float = _key(0.165, _rule("number", low=0, high=1))
    head: int = _key(10, _rule("int", low=1, high=100))
    neighbours: int = _key(4, _rule("int", low=1, high=100))

    @property
    def by_content(self) -> bool:
        return self.documents != "name"


@dataclass(frozen=True)
class CrawlRules(_Rules):
    """Pages of a crawl (``[pairing] documents = "crawl"``): the least probability of the language
    identified for a page to join a side, and the least main text of a document."""

    SECTION = "crawl"
    min_confidence: float = _key(0.5, _rule("number", low=0, high=1))
    min_characters: int = _key(100, _rule("int", low=0, high=100_000))


#: The sections of a config file: name, rules (``sources`` is an array of tables).
SECTIONS: dict[str, type[_Rules]] = {"filters": FilterRules, "dedup": DedupRules, "split": SplitRules,
                                     "dataset": DatasetInfo, "sources": Source, "scoring": ScoringRules,
                                     "tmx": TmxRules, "pairing": PairingRules, "crawl": CrawlRules}


@dataclass(frozen=True)
class CorpusConfig:
    """Everything a corpus build needs besides its inputs and output folder."""

    filters: FilterRules = field(default_factory=FilterRules)
    dedup: DedupRules = field(default_factory=DedupRules)
    split: SplitRules = field(default_factory=SplitRules)
    dataset: DatasetInfo = field(default_factory=DatasetInfo)
    sources: tuple[Source, ...] = ()
    scoring: ScoringRules = field(default_factory=ScoringRules)
    tmx: TmxRules = field(default_factory=TmxRules)
    pairing: PairingRules = field(default_factory=PairingRules)
    crawl: CrawlRules = field(default_factory=CrawlRules)

    def to_dict(self) -> dict[str, Any]:
        def section(obj: Any) -> dict[str, Any]:
            return {f.name: (list(v) if isinstance(v := getattr(obj, f.name), tuple) else v) for f in fields(obj)}

        return {f.name: ([section(s) for s in self.sources] if f.name == "sources" else section(getattr(self, f.name)))
                for f in fields(self)}

    def fingerprint(self) -> str:
        """SHA-256 of the rules (the same config, however written, has the same fingerprint)."""
        return hashlib.sha256(json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def to_toml(self) -> str:
        """The config as a TOML file :func:`load_config` reads back to an equal config."""
        out = []
        for name, values in self.to_dict().items():
            if name == "sources":
                for source in values:
                    out.append("[[sources]]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in source.items()))
                continue
            out.append(f"[{name}]\n" + "".join(f"{k} = {toml_value(v)}\n" for k, v in values.items()))
        return "\n".join(out)


def _nearest(key: str, known: list[str]) -> str:
    guess = RENAMED.get(key) if RENAMED.get(key) in known else None
    guess = guess or next(iter(difflib.get_close_matches(key, known, n=1, cutoff=0.6)), None)
    return f"did you mean {guess!r}?" if guess else f"known: {', '.join(known)}"


_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\"' ]+?)\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(r"^\s*[\"']?([A-Za-z0-9_\-]+)[\"']?\s*=")


def _line_of(text: str, section: str | None, key: str | None = None, occurrence: int = 0) -> int:
    """The line (1-based) of ``key`` in ``section`` (its ``occurrence``-th table, for ``[[sources]]``), or
    of the section's header, or 1 (tomllib gives values without their lines)."""
    current, seen, header_line = None, -1, 0
    for number, raw in enumerate(text.split("\n"), 1):
        header = _HEADER.match(raw)
        if header:
            current = header.group(1).strip("\"' ")
            if current == section:
                seen += 1
                if seen == occurrence:
                    header_line = number
            continue
        assign = _ASSIGN.match(raw)
        if assign and key is not None:
            if section is None and current is None and assign.group(1) == key:
                return number
            if current == section and seen == occurrence and assign.group(1) == key:
                return number
            if current is None and section is not None and assign.group(1) == section and key == section:
                return number
    return header_line or 1


def _table(cls: type[_Rules], values: Any, where: str, text: str, name: str, occurrence: int = 0) -> Any:
    """The rules object of one table of the file, every problem one ConfigError naming file:line."""
    header = f"[[{name}]]" if name == "sources" else f"[{name}]"
    if not isinstance(values, dict):
        raise ConfigError(f"{where}:{_line_of(text, None, name)}: {name} must be a table ({header} and its "
                          f"keys), not {toml_value(values)}")
    known = [f.name for f in fields(cls)]  # type: ignore[arg-type]
    for key in values:
        if key not in known:
            raise ConfigError(f"{where}:{_line_of(text, name, key, occurrence)}: {header} unknown key {key!r}; "
                              f"{_nearest(key, known)}")
    try:
        return cls(**values)
    except ConfigError as exc:
        message = str(exc)
        key = next((k for k in values if f"] {k} " in message or f"] {k}:" in message), None)
        raise ConfigError(f"{where}:{_line_of(text, name, key, occurrence)}: {message}") from None


def load_config(path: str | Path | None) -> CorpusConfig:
    """The rules of ``path`` (TOML) over the defaults; the defaults alone for ``None``. Every problem is
    a :class:`ConfigError` of one line, ``FILE:LINE: what, and what was expected``."""
    if path is None:
        return CorpusConfig()
    where = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read the corpus config ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{where}: the corpus config is not UTF-8 (byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = found.group(1) if found else "1"
        reason = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise ConfigError(f"{where}:{line}: not valid TOML ({reason})") from None
    known = list(SECTIONS)
    for name in data:
        if name not in SECTIONS:
            line = _line_of(text, name) if isinstance(data[name], dict) else _line_of(text, None, name)
            raise ConfigError(f"{where}:{line}: unknown section [{name}]; {_nearest(name, known)}")
    sources = data.get("sources", [])
    if not isinstance(sources, list):
        raise ConfigError(f"{where}:{_line_of(text, 'sources')}: sources must be tables written [[sources]], "
                          f"not {toml_value(sources)}")
    return CorpusConfig(
        **{name: _table(cls, data.get(name, {}), where, text, name) for name, cls in SECTIONS.items()
           if name != "sources"},
        sources=tuple(_table(Source, s, where, text, "sources", k) for k, s in enumerate(sources)))
