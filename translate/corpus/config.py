"""The rules of a corpus build, from a TOML file (every key optional; defaults below), validated.

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
    dev = 0.05                # shares of documents, by a hash of the document id
    test = 0.05
    seed = "persian-translate"

    [dataset]
    name = "persian-english-news"
    license = "other"

    [scoring]
    similarity = true         # the e5 similarity of each pair (line-aligned input without it needs no embedder)
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import ConfigError

DEFAULT_BOILERPLATE = (
    r"(?i)\ball rights reserved\b", r"(?i)^\W*(read more|click here|subscribe|follow us|advertisement)\b",
    r"انتهای پیام", r"(?:تمامی|کلیه) حقوق", r"کپی\s*برداری", r"^\W*(?:بیشتر بخوانید|اشتراک‌?گذاری)",
)


@dataclass(frozen=True, slots=True)
class FilterRules:
    unaligned: bool = True
    min_words: int | bool = 1
    max_words: int | bool = 150
    max_length_deviation: float | bool = 3.0
    min_similarity: float | bool = 0.75
    min_numbers: float | bool = 0.5
    max_untranslated: float | bool = 0.2
    max_repetition: float | bool = 0.3
    copied: bool = True
    min_alignment: float | bool = -0.5
    boilerplate: tuple[str, ...] = DEFAULT_BOILERPLATE


@dataclass(frozen=True, slots=True)
class DedupRules:
    exact: bool = True
    sides: bool = True
    near: bool = True
    near_threshold: float = 0.8
    num_perm: int = 64


@dataclass(frozen=True, slots=True)
class SplitRules:
    dev: float = 0.05
    test: float = 0.05
    seed: str = "persian-translate"


@dataclass(frozen=True, slots=True)
class DatasetInfo:
    name: str = "persian-english-news"
    license: str = "other"


@dataclass(frozen=True, slots=True)
class ScoringRules:
    similarity: bool = True


@dataclass(frozen=True, slots=True)
class CorpusConfig:
    """Everything a corpus build needs besides its inputs and output folder."""

    filters: FilterRules = field(default_factory=FilterRules)
    dedup: DedupRules = field(default_factory=DedupRules)
    split: SplitRules = field(default_factory=SplitRules)
    dataset: DatasetInfo = field(default_factory=DatasetInfo)
    scoring: ScoringRules = field(default_factory=ScoringRules)

    def to_dict(self) -> dict[str, Any]:
        return {f.name: {g.name: getattr(getattr(self, f.name), g.name) for g in fields(getattr(self, f.name))}
                for f in fields(self)}


def _section(cls: type, values: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(cls)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ConfigError(f"{where}: unknown keys {unknown}; known: {', '.join(known)}")
    default = cls()
    for key, value in values.items():
        expected = getattr(default, key)
        if isinstance(expected, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}.{key}: a list of strings, not {value!r}")
            for pattern in value:
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ConfigError(f"{where}.{key}: {pattern!r} is not a regular expression ({exc})") from None
            values[key] = tuple(value)
        elif isinstance(expected, bool) and not isinstance(value, bool):
            raise ConfigError(f"{where}.{key}: true or false, not {value!r}")
        elif isinstance(expected, (int, float)) and not isinstance(value, (int, float)):
            raise ConfigError(f"{where}.{key}: a number (or false to turn the rule off), not {value!r}")
        elif isinstance(expected, str) and not isinstance(value, str):
            raise ConfigError(f"{where}.{key}: a string, not {value!r}")
    return replace(default, **values)


def load_config(path: str | Path | None) -> CorpusConfig:
    """The rules of ``path`` (TOML) over the defaults; the defaults alone for ``None``."""
    if path is None:
        return CorpusConfig()
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the corpus config ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    sections = {"filters": FilterRules, "dedup": DedupRules, "split": SplitRules, "dataset": DatasetInfo,
                "scoring": ScoringRules}
    unknown = sorted(set(data) - set(sections))
    if unknown:
        raise ConfigError(f"{path}: unknown sections {unknown}; known: {', '.join(sections)}")
    config = CorpusConfig(**{name: _section(cls, dict(data.get(name, {})), f"{path} [{name}]")
                             for name, cls in sections.items()})
    if not 0 <= config.split.dev + config.split.test < 1:
        raise ConfigError(f"{path} [split]: dev + test must be a share below 1")
    return config
