"""The SentencePiece-only tokenizer of the CTranslate2 engine against the model's transformers tokenizer."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.mt.models import resolve
from translate.mt.tokenizer import PieceTokenizer, Tokenizer
from translate.text.segment import segment_text


@pytest.mark.parametrize("arch", ["marian", "nllb"])
def test_ct2_pieces_match_the_transformers_tokenizer(tiny_models: dict[str, Path], arch: str,
                                                     example_text: str) -> None:
    """The CTranslate2 engine tokenizes with SentencePiece directly (no transformers import); it
    must give exactly the pieces the model's transformers tokenizer gives."""
    model = resolve(str(tiny_models[arch]))
    assert PieceTokenizer.usable(model)
    light, full = PieceTokenizer(model), Tokenizer(model)
    texts = [s.line() for s in segment_text(example_text)] + ["Hello 2024, «غزه»!", "۱۲٬۳۴۵ نفر"]
    vocab = full.hf.get_vocab()

    def known(rows: list[list[str]]) -> list[list[str]]:  # CTranslate2 reads unknown pieces as <unk>
        return [[p if p in vocab else "<unk>" for p in row] for row in rows]

    assert known(light.source_pieces(texts)) == known(full.source_pieces(texts))
    target = full.source_pieces(["Hello world"])[0] if arch == "nllb" else None
    if target:
        assert light.decode(["eng_Latn", "▁Hello", "▁world", "</s>"]) == "Hello world"
