"""What every translation engine offers, and the options they share."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..errors import ConfigError
from ..records import Hypothesis


#: Output-layer values one batch may hold per decoding step. Memory grows with it (about 15 MB per
#: batch row for NLLB-600M on CTranslate2, with two workers in flight), speed hardly does past it.
LOGITS_BUDGET = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class DecodeOptions:
    """Decoding options, the same for every engine.

    The decoding length limit of a batch is ``min(max_length, max_length_ratio * longest source + 10)``
    target tokens: with ``no_repeat_ngram_size`` it is the guard against repetition loops.
    ``min_length`` forces a minimum output length (benchmarks use it: random weights never stop).
    ``batch_tokens`` is the padded token budget of one batch and ``max_batch`` its most sentences:
    the decoder's output layer costs ``max_batch × beam × vocabulary`` floats a step (256k entries for
    NLLB), so the sentence cap is what bounds memory.
    """

    beam_size: int = 4
    num_hypotheses: int = 1
    max_length: int = 256
    max_length_ratio: float = 3.0
    min_length: int = 0
    no_repeat_ngram_size: int = 0
    return_attention: bool = False
    batch_tokens: int = 4096
    max_batch: int = 32

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise ConfigError(f"beam size must be at least 1, not {self.beam_size}")
        if not 1 <= self.num_hypotheses <= self.beam_size:
            raise ConfigError(
                f"number of hypotheses ({self.num_hypotheses}) must be between 1 and the beam size ({self.beam_size})"
            )
        if (self.max_length < 1 or self.max_length_ratio <= 0 or self.batch_tokens < 1 or self.min_length < 0
                or self.max_batch < 1):
            raise ConfigError("max length, length ratio and batch tokens must be positive")

    def batch_cap(self, vocabulary: int) -> int:
        """Most sentences in one batch for a model with this output vocabulary: ``max_batch``, lowered
        so that ``sentences × beam × vocabulary`` stays within :data:`LOGITS_BUDGET` (NLLB's 256k
        vocabulary then decodes 16 sentences greedily or 4 with beam 4 per batch; Marian keeps 32/16)."""
        return max(1, min(self.max_batch, LOGITS_BUDGET // max(1, vocabulary * self.beam_size)))

    def length_limit(self, longest_source: int) -> int:
        limit = min(self.max_length, int(self.max_length_ratio * longest_source) + 10)
        return max(limit, self.min_length)


@runtime_checkable
class Engine(Protocol):
    """A loaded model that translates lists of sentences."""

    name: str
    model_id: str
    max_input_tokens: int

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source length of each text in the model's subword tokens (special tokens included)."""
        ...

    def translate(self, texts: Sequence[str], options: DecodeOptions,
                  constraints: Sequence[Sequence[str]] | None = None) -> list[Hypothesis]:
        """One hypothesis per text, in the input order (n-best alternatives inside it when asked).
        ``constraints`` are English terms each output should contain, for engines that can steer
        decoding (others ignore them)."""
        ...


def pick_device(device: str) -> str:
    """``auto`` → ``cuda`` when a GPU is usable, else ``cpu``."""
    if device not in ("auto", "cpu", "cuda"):
        raise ConfigError(f"device must be cpu, cuda or auto, not {device!r}")
    if device != "auto":
        return device
    try:
        import ctranslate2

        if ctranslate2.get_cuda_device_count() > 0:
            return "cuda"
    except ImportError:  # pragma: no cover - ctranslate2 is a dependency
        pass
    return "cpu"


def default_threads() -> int:
    """CPU cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def model_vocabulary(model: object) -> int:
    """The output vocabulary size in the model's ``config.json`` (0 when it does not say)."""
    import json

    try:
        config = json.loads((model.path / "config.json").read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    except (OSError, ValueError):
        return 0
    return int(config.get("vocab_size") or 0)
