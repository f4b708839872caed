"""Both real engines (CTranslate2 and transformers) on tiny random-weight models with real tokenizers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from translate.config import DecodeOptions
from translate.mt import open_engine as load_engine
from translate.errors import ConfigError
from translate.mt.models import ct2_cache_dir, resolve
from translate.mt.stream import translate_stream

ENGINES = [("ct2", "marian"), ("ct2", "nllb"), ("hf", "marian"), ("hf", "nllb")]
_engines: dict[tuple[str, str], object] = {}


@pytest.fixture
def engine(request: pytest.FixtureRequest, tiny_models: dict[str, Path]):
    name, arch = request.param
    if (name, arch) not in _engines:
        _engines[(name, arch)] = load_engine(name, resolve(str(tiny_models[arch])), device="cpu", threads=1)
    return _engines[(name, arch)]


SHORT = DecodeOptions(beam_size=1, max_length=12)


@pytest.mark.parametrize("engine", ENGINES, indirect=True, ids=lambda p: "-".join(p))
def test_hypotheses_carry_score_tokens_and_attention(engine) -> None:
    texts = ["رئیس جمهور ایران گفت.", "همکاری دو کشور ادامه دارد و گسترش می‌یابد."]
    hyps = engine.translate(texts, DecodeOptions(beam_size=2, num_hypotheses=2, max_length=8, return_attention=True))
    assert len(hyps) == 2
    for text, hyp in zip(texts, hyps):
        assert math.isfinite(hyp.score) and hyp.score < 0
        assert 0 < len(hyp.tokens) <= 8
        assert "eng_Latn" not in hyp.tokens and "</s>" not in hyp.tokens
        assert list(hyp.source_tokens) == engine.tokenizer.source_pieces([text])[0]
        assert hyp.attention is not None and len(hyp.attention) == len(hyp.tokens)
        assert all(len(row) == len(hyp.source_tokens) for row in hyp.attention)
        assert all(abs(sum(row) - 1) < 1e-3 for row in hyp.attention)
        assert len(hyp.alternatives) == 1


@pytest.mark.parametrize("engine", ENGINES, indirect=True, ids=lambda p: "-".join(p))
def test_order_is_restored_after_length_sorting(engine) -> None:
    texts = [" ".join(["کلمه"] * n) + "." for n in (3, 20, 1, 9, 14, 2)]
    hyps = engine.translate(texts, DecodeOptions(beam_size=1, max_length=4, batch_tokens=40))
    for text, hyp in zip(texts, hyps):
        assert list(hyp.source_tokens) == engine.tokenizer.source_pieces([text])[0]


@pytest.mark.parametrize("engine", ENGINES, indirect=True, ids=lambda p: "-".join(p))
def test_nothing_is_lost_long_empty_and_other_scripts(engine) -> None:
    long = "، ".join(f"بخش شماره {i} از این جمله بسیار بلند" for i in range(40))
    texts = ["", long, "Hello world, this is English.", "你好世界", "   ", "سلام."]
    hyps = list(translate_stream(engine, texts, SHORT, max_input_tokens=30))
    assert len(hyps) == len(texts)
    assert hyps[0].text == "" and hyps[4].text == ""
    assert "split" in hyps[1].flags
    assert len(hyps[1].source_tokens) >= engine.count_tokens([long])[0]  # every part was read
    assert all("split" not in h.flags for i, h in enumerate(hyps) if i != 1)


def test_ct2_conversion_is_cached_and_reused(tiny_models: dict[str, Path]) -> None:
    model = resolve(str(tiny_models["marian"]))
    first = load_engine("ct2", model, device="cpu", threads=1)
    stamp = (first.path / "model.bin").stat().st_mtime_ns
    second = load_engine("ct2", model, device="cpu", threads=1)
    assert second.path == first.path == ct2_cache_dir(model, "int8")
    assert (second.path / "model.bin").stat().st_mtime_ns == stamp
    assert not str(second.path).startswith(str(tiny_models["marian"]))  # the model folder is never written


def test_unknown_engine_and_bad_device(tiny_models: dict[str, Path]) -> None:
    model = resolve(str(tiny_models["marian"]))
    with pytest.raises(ConfigError, match="unknown engine 'onnx': choose one of ct2, hf"):
        load_engine("onnx", model)
    with pytest.raises(ConfigError, match="device must be cpu, cuda or auto"):
        load_engine("ct2", model, device="tpu")


def test_attention_rows_cut_to_the_source_whole_or_one_by_one() -> None:
    """Rows of one length are converted whole and cut; rows of different lengths are cut one by one;
    both give the same matrix, and each row is renormalized over the source."""
    import numpy as np

    from translate.mt.attention import as_matrix as _matrix, normalized as _normalized

    rows = [[0.2, 0.2, 0.1, 0.5], [0.0, 0.0, 0.0, 1.0], [0.5, 0.25, 0.25, 0.0]]
    whole, one_by_one = _matrix(rows, 3), _matrix([rows[0], rows[1][:3], rows[2] + [0.1]], 3)
    assert np.array_equal(whole, one_by_one) and whole.shape == (3, 3)
    normalized = _normalized(whole)
    assert np.allclose(normalized[0], [0.4, 0.4, 0.2]) and np.array_equal(normalized[1], [0.0, 0.0, 0.0])
    assert _normalized(_matrix([], 3)) == ()


@pytest.mark.parametrize("engine", ENGINES, indirect=True, ids=lambda p: "-".join(p))
def test_strongest_source_piece_is_the_attention_matrix_maximum(engine) -> None:
    """What word links read (each target piece's strongest source piece, special pieces never, the last
    of equals) is the maximum of the renormalized matrix the glossary's repair reads, for both engines
    and both architectures (NLLB's source starts with a language code); and it survives pickling (a
    Ray worker's results), as the matrix."""
    import pickle

    import numpy as np

    from translate.mt.attention import Attention, strongest

    texts = ["رئیس جمهور ایران گفت.", "همکاری دو کشور ادامه دارد و گسترش می‌یابد.", "سلام"]
    special = set(engine.tokenizer.special)
    hyps = engine.translate(texts, DecodeOptions(beam_size=1, max_length=10, return_attention=True))
    for hyp in hyps:
        matrix = np.asarray(hyp.attention, dtype=np.float64)
        assert matrix.shape == (len(hyp.tokens), len(hyp.source_tokens))
        masked = np.where([p in special for p in hyp.source_tokens], -np.inf, matrix)
        expected = (masked.shape[1] - 1 - np.argmax(masked[:, ::-1], axis=1)).tolist()
        assert all(hyp.source_tokens[j] not in special for j in expected)
        got = (hyp.attention.strongest(special) if isinstance(hyp.attention, Attention)
               else strongest(hyp.attention, hyp.source_tokens, special))
        assert got == expected
        again = pickle.loads(pickle.dumps(hyp))
        assert np.array_equal(np.asarray(again.attention), matrix)


def test_strongest_takes_the_last_of_equals_and_never_a_special_piece() -> None:
    import numpy as np

    from translate.mt.attention import strongest

    source = ["fas_Arab", "▁سلام", "▁دنیا", "</s>"]
    special = {"fas_Arab", "</s>"}
    rows = [[0.9, 0.05, 0.05, 0.0, 0.7],  # the language code and a padding column are ignored
            [0.1, 0.3, 0.3, 0.3, 0.0],  # equals: the last plain one
            [0.0, 0.0, 0.0, 0.0, 0.0]]
    assert strongest(rows, source, special) == [2, 2, 2]
    assert strongest(np.asarray(rows), source, special) == [2, 2, 2]
    assert strongest([tuple(r) for r in rows], source, special) == [2, 2, 2]
    # a special piece between plain ones, and rows shorter than the source
    assert strongest([[0.1, 0.5, 0.9, 0.2], [0.4, 0.9]], ["▁a", "<unk>", "▁b", "▁c"], {"<unk>"}) == [2, 0]
    assert strongest([[0.3, 0.3]], ["</s>", "</s>"], {"</s>"}) == [-1]
