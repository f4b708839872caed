"""The model's own tokenizer (transformers), shared by both engines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from ..errors import ModelError


class Tokenizer:
    """Encodes Persian sources and decodes English targets with a model's tokenizer files.

    NLLB needs the source language set (``pes_Arab``) so encoding adds its code; its target side
    starts with the forced target code (``eng_Latn``), which :meth:`decode` drops.
    """

    def __init__(self, model: Any) -> None:
        from transformers import AutoTokenizer

        try:
            # trust_remote_code stays off: a model folder is untrusted input.
            self.hf = AutoTokenizer.from_pretrained(str(model.path), trust_remote_code=False)
        except Exception as exc:  # transformers raises many kinds for a broken folder
            raise ModelError(f"{model.path}: cannot load the tokenizer ({exc})") from None
        self.src_lang: str | None = model.spec.src_lang
        self.tgt_lang: str | None = model.spec.tgt_lang
        if self.src_lang:
            if self.hf.convert_tokens_to_ids(self.src_lang) == self.hf.unk_token_id:
                raise ModelError(f"{model.path}: the tokenizer has no language code {self.src_lang!r}")
            self.hf.src_lang = self.src_lang
        self.special = set(self.hf.all_special_tokens)

    @property
    def target_prefix(self) -> list[str] | None:
        """The tokens a target must start with (NLLB's language code), if any."""
        return [self.tgt_lang] if self.tgt_lang else None

    @property
    def forced_bos_id(self) -> int | None:
        return self.hf.convert_tokens_to_ids(self.tgt_lang) if self.tgt_lang else None

    def encode(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids with the model's special tokens (language code, ``</s>``); never truncated."""
        return self.hf(list(texts), truncation=False, add_special_tokens=True)["input_ids"]

    def source_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """Source pieces of each text, special tokens included (what CTranslate2 reads)."""
        return [self.pieces(ids) for ids in self.encode(texts)]

    def target_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """Target-side pieces of English texts, without special tokens."""
        ids = self.hf(text_target=list(texts), add_special_tokens=False)["input_ids"]
        return [self.pieces(row) for row in ids]

    def pieces(self, ids: Sequence[int]) -> list[str]:
        return self.hf.convert_ids_to_tokens(list(ids))

    def ids(self, pieces: Sequence[str]) -> list[int]:
        return self.hf.convert_tokens_to_ids(list(pieces))

    def content(self, pieces: Sequence[str]) -> list[str]:
        """The pieces without special tokens (language codes, ``</s>``, padding)."""
        return [p for p in pieces if p not in self.special]

    def decode(self, pieces: Sequence[str]) -> str:
        return self.hf.decode(self.ids(self.content(pieces)), skip_special_tokens=True).strip()


_LANG_CODE = re.compile(r"^[a-z]{3}_[A-Z][a-z]{3}$")
_SPECIAL = {"<s>", "</s>", "<pad>", "<unk>", "<mask>"}


class PieceTokenizer:
    """The same pieces as :class:`Tokenizer` for Marian and NLLB, straight from the model's
    SentencePiece files — without importing transformers and PyTorch, which would add about 2 s of
    start-up and 350 MB of memory to every CTranslate2 run.

    Marian: ``source.spm`` pieces + ``</s>``; NLLB: ``[src_lang]`` + ``sentencepiece.bpe.model``
    pieces + ``</s>`` (transformers' non-legacy NLLB layout), target starting with ``eng_Latn``.
    """

    def __init__(self, model: Any) -> None:
        import sentencepiece as spm

        path = model.path
        self.src_lang: str | None = model.spec.src_lang
        self.tgt_lang: str | None = model.spec.tgt_lang
        source = path / ("sentencepiece.bpe.model" if self.src_lang else "source.spm")
        try:
            self.sp = spm.SentencePieceProcessor(model_file=str(source))
        except (OSError, RuntimeError) as exc:
            raise ModelError(f"{source}: cannot load the SentencePiece model ({exc})") from None
        self.special = set(_SPECIAL) | {code for code in (self.src_lang, self.tgt_lang) if code}
        target = path / "target.spm"
        self._target = spm.SentencePieceProcessor(model_file=str(target)) if target.is_file() else self.sp

    @classmethod
    def usable(cls, model: Any) -> bool:
        """Whether this model's layout is one this class reproduces exactly (Marian or NLLB)."""
        if model.spec.arch == "nllb":
            return (model.path / "sentencepiece.bpe.model").is_file()
        return model.spec.arch == "marian" and (model.path / "source.spm").is_file()

    @property
    def target_prefix(self) -> list[str] | None:
        return [self.tgt_lang] if self.tgt_lang else None

    def source_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        pieces = self.sp.encode(list(texts), out_type=str)
        head = [self.src_lang] if self.src_lang else []
        return [head + p + ["</s>"] for p in pieces]

    def target_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """Target-side pieces of English texts (Marian has its own target SentencePiece model)."""
        return self._target.encode(list(texts), out_type=str)

    def target_vocabulary_pieces(self, texts: Sequence[str]) -> list[list[str]]:
        """What the model would emit for English texts: :meth:`target_pieces`, with a character the
        vocabulary lacks as ``<unk>``."""
        ids = self._target.encode(list(texts))
        return [[self._target.id_to_piece(i) for i in row] for row in ids]

    def content(self, pieces: Sequence[str]) -> list[str]:
        return [p for p in pieces if p not in self.special and not _LANG_CODE.match(p)]

    def decode(self, pieces: Sequence[str]) -> str:
        return "".join(self.content(pieces)).replace("▁", " ").strip()
