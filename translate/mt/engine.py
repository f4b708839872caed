"""What every translation engine offers: the :class:`Engine` protocol that callers outside ``mt/``
rely on, and the helpers engines share (device choice, thread count, vocabulary size)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Protocol, runtime_checkable

from ..config import DecodeOptions
from ..errors import ConfigError
from ..records import Hypothesis


class EngineTokenizer(Protocol):
    """What callers may ask of an engine's tokenizer."""

    #: Pieces that are not text: ``</s>``, padding, language codes. Word alignment skips them.
    special: set[str]

    def source_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """Source pieces of each text, special tokens included (what the model reads)."""
        ...

    def target_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """Target-side pieces of English texts, without special tokens."""
        ...

    @property
    def target_prefix(self) -> list[str] | None:
        """The pieces every target starts with (NLLB's ``eng_Latn``), if any."""
        ...


class EngineFacts(Protocol):
    """What a run records of an engine (its signature and manifest): an open :class:`Engine`, or the
    description of engine replicas running elsewhere."""

    name: str
    device: str
    quantization: str | None
    vocabulary: int

    @property
    def vocabulary_map(self) -> str | None: ...


@runtime_checkable
class Engine(Protocol):
    """A loaded model that translates lists of sentences and scores given translations.

    ``name`` is the registry name (``ct2``, ``hf``); ``device`` is ``cpu`` or ``cuda``;
    ``quantization`` the weight type when it is not the model's own (``None`` for plain fp32);
    ``vocabulary`` the size of the output layer (of the vocabulary map when one is in use);
    ``vocabulary_map`` the name of that map (``None``: the whole vocabulary); ``max_input_tokens`` the
    longest source the model was trained on (longer ones are split by the translation stage).
    """

    name: str
    model_id: str
    device: str
    quantization: str | None
    vocabulary: int
    max_input_tokens: int
    tokenizer: EngineTokenizer

    @property
    def vocabulary_map(self) -> str | None: ...

    def unreachable(self, texts: Sequence[str]) -> set[str]:
        """Target pieces of the English ``texts`` that the output vocabulary in use cannot produce."""
        ...

    def use_full_vocabulary(self) -> None:
        """Decode over the model's whole output vocabulary from now on."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source length of each text in the model's subword tokens (special tokens included)."""
        ...

    def translate(self, texts: Sequence[str], options: DecodeOptions,
                  constraints: Sequence[Sequence[str]] | None = None,
                  progress: Callable[[int], None] | None = None) -> list[Hypothesis]:
        """One hypothesis per text, in the input order (n-best alternatives inside it when asked).
        ``constraints`` are English terms each output should contain, for engines that can steer
        decoding (others ignore them). ``progress`` is told how many texts each finished batch held."""
        ...

    def score(self, sources: Sequence[str], targets: Sequence[str], *,
              attention: bool = False) -> list[Hypothesis]:
        """Force the given English ``targets`` through the model: one hypothesis per pair with the
        mean token log-probability (model confidence) and, where the engine can, the attention."""
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
