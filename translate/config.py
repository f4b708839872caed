"""Every option type of the library: frozen, validated on construction, shared by the CLI and Python users.

Bottom floor: imports only :mod:`translate.errors`. The CLI parses its options into these and passes
them down; stages read them and never change them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import ConfigError

def cache_root() -> Path:
    """This tool's cache: ``$TRANSLATE_CACHE``, else ``$XDG_CACHE_HOME/persian-translate``
    (``~/.cache/persian-translate``). Read when called, never at import."""
    if os.environ.get("TRANSLATE_CACHE"):
        return Path(os.environ["TRANSLATE_CACHE"]).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser() / "persian-translate"


#: The default translation model (an alias of :data:`translate.mt.models.ALIASES`).
DEFAULT_MODEL = "nllb-600m"

#: Output-layer values one batch may hold per decoding step. Memory grows with it (about 15 MB per
#: batch row for NLLB-600M on CTranslate2, with two workers in flight), speed hardly does past it.
LOGITS_BUDGET = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class EngineConfig:
    """Which model, through which engine, where. ``model`` is an alias, a Hugging Face id or a local
    folder; ``engine`` a name registered in :data:`translate.mt.ENGINES`; ``device`` ``cpu``, ``cuda``
    or ``auto``; ``threads`` CPU threads (``None``: every core this process may use);
    ``quantization`` the CTranslate2 weight type (``None``: int8 on CPU, int8_float16 on CUDA);
    ``offline`` never downloads a missing model (otherwise it is downloaded once on first use);
    ``full_vocabulary`` turns off the English output vocabulary of NLLB models on CTranslate2 (see
    :mod:`translate.mt.vocabmap`)."""

    model: str = DEFAULT_MODEL
    engine: str = "ct2"
    device: str = "auto"
    threads: int | None = None
    quantization: str | None = None
    offline: bool = False
    full_vocabulary: bool = False

    def __post_init__(self) -> None:
        if self.device not in ("auto", "cpu", "cuda"):
            raise ConfigError(f"device must be cpu, cuda or auto, not {self.device!r}")
        if self.threads is not None and self.threads < 1:
            raise ConfigError(f"threads must be at least 1, not {self.threads}")


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


#: Source-side glossary layers (at most one runs: the model reads either targets or placeholders).
SOURCE_LAYERS = ("replace", "placeholder")
#: The glossary layers the library and the CLI use unless told otherwise (see
#: :mod:`translate.terms.layers` for what each does and how each was measured).
DEFAULT_LAYERS = ("nbest", "force", "repair")


@dataclass(frozen=True, slots=True)
class EnforceOptions:
    """Which glossary enforcement layers run, in the order they apply (names registered in
    :data:`translate.terms.layers.LAYERS`). The check and the report always run; no layer at all
    (:data:`OFF`) only checks."""

    layers: tuple[str, ...] = DEFAULT_LAYERS

    def __post_init__(self) -> None:
        if len(set(self.layers)) != len(self.layers):
            raise ConfigError(f"glossary layers repeat: {', '.join(self.layers)}")
        if sum(name in SOURCE_LAYERS for name in self.layers) > 1:
            raise ConfigError(f"choose one source-side glossary layer of {', '.join(SOURCE_LAYERS)}, not both")

    @classmethod
    def of(cls, source: str = "none", *, strict: bool = False,
           layers: tuple[str, ...] = DEFAULT_LAYERS) -> EnforceOptions:
        """The CLI's shortcuts: ``source`` (``none``, ``replace`` or ``placeholder``) goes first, ``strict``
        last, around ``layers``."""
        if source != "none" and source not in SOURCE_LAYERS:
            raise ConfigError(f"source mode must be one of none, {', '.join(SOURCE_LAYERS)}, not {source!r}")
        head = (source,) if source != "none" else ()
        head += tuple(x for x in layers if x in SOURCE_LAYERS and x != source)
        return cls(head + tuple(x for x in layers if x not in SOURCE_LAYERS + ("strict",))
                   + (("strict",) if strict or "strict" in layers else ()))

    @property
    def source(self) -> str:
        """The source-side layer, or ``none``."""
        return next((name for name in self.layers if name in SOURCE_LAYERS), "none")

    @property
    def strict(self) -> bool:
        return "strict" in self.layers


#: Only check: no layer changes anything.
OFF = EnforceOptions(layers=())

#: Sentence-alignment beads: (Persian sentences, English sentences).
BEADS = ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1))
MORE_BEADS = ((2, 2), (1, 3), (3, 1))


@dataclass(frozen=True, slots=True)
class AlignOptions:
    """Weights of the sentence aligner's cost (see :func:`translate.align.sentences.align_sentences`).
    ``embed_spans`` embeds each joined span (Vecalign); by default a span's vector is the normalized
    sum of its sentences' vectors, which needs one embedding per sentence: 3× faster, F1 within 0.005
    on the dev sets."""

    beads: tuple[tuple[int, int], ...] = BEADS
    skip: float = 0.55
    merge: float = 0.1
    length_weight: float = 0.25
    number_weight: float = 0.25
    latin_weight: float = 0.15
    glossary_weight: float = 0.15
    band: int = 30
    embed_spans: bool = False

    def __post_init__(self) -> None:
        if self.band < 1 or not self.beads:
            raise ConfigError("the alignment band must be positive and at least one bead type allowed")


#: Where a run's translation stage runs: in this process, or on a Ray cluster (``pip install -e ".[ray]"``).
EXECUTORS = ("local", "ray")


@dataclass(frozen=True, slots=True)
class ClusterOptions:
    """How a run uses a Ray cluster (:mod:`translate.run.cluster`). ``address``: the cluster's
    (``auto`` finds one started with ``ray start``; ``None`` starts a private one on this machine);
    ``actors_per_node``: engine replicas on each node (``None``: one per node on CPUs — the engine
    runs a worker per core inside it, as locally, and the model is loaded once per node —, one per
    ``gpus_per_actor`` GPUs on GPU nodes); ``cpus_per_actor``: CPU threads of each replica (``None``:
    the node's CPUs shared among its replicas); ``gpus_per_actor``: GPUs each replica holds (0: CPU);
    ``object_store_memory``: bytes for a private cluster's object store; ``in_flight``: windows queued
    per replica (a window is :attr:`RunConfig.window` sentences, as for the local executor, so replicas
    decode the same batches)."""

    address: str | None = None
    actors_per_node: int | None = None
    cpus_per_actor: int | None = None
    gpus_per_actor: float = 0.0
    object_store_memory: int | None = None
    in_flight: int = 2

    def __post_init__(self) -> None:
        if self.actors_per_node is not None and self.actors_per_node < 1:
            raise ConfigError(f"actors per node must be at least 1, not {self.actors_per_node}")
        if (self.cpus_per_actor is not None and self.cpus_per_actor < 1) or self.gpus_per_actor < 0 or self.in_flight < 1:
            raise ConfigError("CPUs per actor and in-flight windows must be positive; GPUs per actor not negative")


#: What a run's TMX may take beyond approved, edited and ``ok`` pairs.
INCLUDABLE = ("review", "bad", "rejected")


def check_include(values: tuple[str, ...]) -> tuple[str, ...]:
    """``values`` when the TMX can include each (:data:`INCLUDABLE`); else a :class:`ConfigError`."""
    unknown = [v for v in values if v not in INCLUDABLE]
    if unknown:
        raise ConfigError(f"the TMX cannot include {unknown}: choose from {', '.join(INCLUDABLE)}")
    return values


#: Sentences a run translates (batched, stored) together, on either executor.
WINDOW = 1000


@dataclass(frozen=True, slots=True)
class RunConfig:
    """Everything a run needs: inputs, outputs, model, decoding, glossary, scoring.

    ``formats`` are exporter names (:data:`translate.export.FORMATS`); ``resume`` reuses the
    translation memory in ``outdir``; ``similarity`` adds the e5 cross-lingual similarity (slow on
    CPU); ``src_lang``/``tgt_lang`` are the language codes written into TMX and XLIFF; ``include``
    widens the TMX beyond approved, edited and ``ok`` pairs (``review``, ``bad``, ``rejected``);
    ``executor`` ``local`` or ``ray`` (the translation stage on a Ray cluster, ``cluster``'s options);
    ``window`` the sentences translated (batched, stored) together, on either executor; ``processes``
    how many processes read, score and write (default: one a core for 5,000 sentences or more, or 1 MB
    of inputs to read, else one; reading and scoring take two at most; 1: all in this one).
    """

    inputs: tuple[str, ...]
    outdir: str
    engine: EngineConfig = EngineConfig()
    decode: DecodeOptions = DecodeOptions(return_attention=True)
    glossaries: tuple[str, ...] = ()
    enforce: EnforceOptions = EnforceOptions()
    similarity: bool = False
    formats: tuple[str, ...] = ("moses", "tsv", "jsonl", "tmx", "xliff", "xliff12", "omegat", "html")
    include: tuple[str, ...] = ()
    resume: bool = True
    src_lang: str = "fa"
    tgt_lang: str = "en"
    encoding: str | None = None
    strict: bool = False
    title: str = field(default="persian-translate review")
    executor: str = "local"
    cluster: ClusterOptions = ClusterOptions()
    window: int = WINDOW
    processes: int | None = None

    def __post_init__(self) -> None:
        # A run's word links (in every output and the review) come from the model's attention: asked
        # for here, so a Python caller gets exactly what the command does.
        if not self.decode.return_attention:
            object.__setattr__(self, "decode", replace(self.decode, return_attention=True))
        check_include(self.include)
        if self.window < 1:
            raise ConfigError(f"the translation window must be at least 1 sentence, not {self.window}")
        if self.processes is not None and self.processes < 1:
            raise ConfigError(f"a run reads, scores and writes in at least 1 process, not {self.processes}")
        if self.executor not in EXECUTORS:
            raise ConfigError(f"unknown executor {self.executor!r}: choose one of {', '.join(EXECUTORS)}")
        if not self.inputs:
            raise ConfigError("a run needs at least one input (a file, a folder or - for stdin)")
