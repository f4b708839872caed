"""Both real engines (CTranslate2 and transformers) on tiny random-weight models with real tokenizers."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.backends import DecodeOptions, load_engine
from translate.cli import main
from translate.errors import ConfigError
from translate.models import ct2_cache_dir, resolve
from translate.translation import translate_stream

from .conftest import EXAMPLE

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


@pytest.mark.parametrize(("engine_name", "arch"), ENGINES)
def test_cli_output_is_line_aligned_with_the_example(tiny_models: dict[str, Path], engine_name: str, arch: str,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "out.en"
    result = CliRunner().invoke(main, ["translate", str(EXAMPLE), "-o", str(out), "--model", str(tiny_models[arch]),
                                       "--engine", engine_name, "--beam", "1", "--max-length-ratio", "0.2"])
    assert result.exit_code == 0, result.output
    source_lines = EXAMPLE.read_text(encoding="utf-8").split("\n")
    out_lines = out.read_text(encoding="utf-8").split("\n")
    assert out_lines[-1] == "" and len(out_lines) - 1 == len(source_lines)
    for fa, en in zip(source_lines, out_lines):
        assert (fa.strip() == "") == (en.strip() == "")


def test_cli_sentence_unit_gives_one_line_per_sentence(tiny_models: dict[str, Path]) -> None:
    result = CliRunner().invoke(main, ["translate", str(EXAMPLE), "--unit", "sentence", "--model",
                                       str(tiny_models["marian"]), "--beam", "1", "--max-length-ratio", "0.2"])
    assert result.exit_code == 0
    assert len(result.output.split("\n")) - 1 == 15


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


@pytest.mark.parametrize("arch", ["marian", "nllb"])
def test_ct2_pieces_match_the_transformers_tokenizer(tiny_models: dict[str, Path], arch: str,
                                                     example_text: str) -> None:
    """The CTranslate2 engine tokenizes with SentencePiece directly (no transformers import); it
    must give exactly the pieces the model's transformers tokenizer gives."""
    from translate.backends.tokenizer import PieceTokenizer, Tokenizer
    from translate.segment import segment_text

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
