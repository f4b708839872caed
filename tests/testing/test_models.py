"""Tests for translate.testmodels: random-weight Marian/NLLB models with real tokenizer files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from translate.errors import ConfigError, OutputError
from translate.testing import models as testmodels
from translate.testing.models import TEST_MODEL_MARKER, build_test_model, is_test_model, read_test_model_info

ARCHS = ["marian", "nllb"]
PERSIAN = "قیمت نفت در بازارهای جهانی افزایش یافت."


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One tiny model of each arch, built once for the whole session."""
    return {arch: build_test_model(tmp_path_factory.mktemp(f"tiny-{arch}") / "model", arch) for arch in ARCHS}


@pytest.fixture(scope="session")
def loaded(tiny_models: dict[str, Path]) -> dict[str, tuple[object, object]]:
    """(tokenizer, model) of each tiny model, loaded through the Auto classes."""
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

    return {
        arch: (AutoTokenizer.from_pretrained(str(path)), AutoModelForSeq2SeqLM.from_pretrained(str(path)))
        for arch, path in tiny_models.items()
    }


def _encode(tokenizer, arch: str, text: str = PERSIAN):
    if arch == "nllb":
        tokenizer.src_lang = "pes_Arab"
    return tokenizer([text], return_tensors="pt")


def _files(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@pytest.mark.parametrize("arch", ARCHS)
def test_loads_with_auto_classes(loaded, tiny_models, arch: str) -> None:
    tokenizer, model = loaded[arch]
    expected = {
        "marian": ("MarianTokenizer", "MarianMTModel"),
        "nllb": ("NllbTokenizer", "M2M100ForConditionalGeneration"),
    }
    assert (type(tokenizer).__name__, type(model).__name__) == expected[arch]
    assert len(tokenizer) == model.config.vocab_size
    assert model.get_input_embeddings().weight.shape[0] == model.config.vocab_size
    assert 100 < model.config.vocab_size < 2000
    assert model.config.d_model == 32 and model.config.encoder_layers == model.config.decoder_layers == 2
    assert model.config.max_position_embeddings >= (512 if arch == "marian" else 1024)


@pytest.mark.parametrize("arch", ARCHS)
def test_tokenizes_persian_into_known_pieces(loaded, arch: str) -> None:
    tokenizer, _ = loaded[arch]
    ids = _encode(tokenizer, arch)["input_ids"][0].tolist()
    pieces = tokenizer.convert_ids_to_tokens(ids)
    assert tokenizer.unk_token_id not in ids
    words = [p for p in pieces if p not in tokenizer.all_special_tokens]
    assert "\u2581در" in words and len(words) < len(PERSIAN) / 2  # real subwords, not characters
    assert "".join(words).replace("\u2581", " ").strip() == PERSIAN
    assert ids[-1] == tokenizer.eos_token_id
    if arch == "nllb":
        assert pieces[0] == "pes_Arab"
    # Latin names and numbers in the source, and English on the target side, are known too.
    assert tokenizer.unk_token_id not in _encode(tokenizer, arch, "نشست OPEC در سال 2024.")["input_ids"][0]
    english = tokenizer(text_target="Oil prices rose on world markets.")["input_ids"]
    assert tokenizer.unk_token_id not in english


@pytest.mark.parametrize("arch", ARCHS)
def test_generate(loaded, arch: str) -> None:
    import torch

    tokenizer, model = loaded[arch]
    kwargs = {}
    if arch == "nllb":
        kwargs["forced_bos_token_id"] = tokenizer.convert_tokens_to_ids("eng_Latn")
    with torch.no_grad():
        out = model.generate(**_encode(tokenizer, arch), max_new_tokens=5, **kwargs)[0].tolist()
    assert 2 <= len(out) <= 6
    assert out[0] == model.config.decoder_start_token_id
    assert all(0 <= i < model.config.vocab_size for i in out)
    if arch == "nllb":
        assert out[1] == tokenizer.convert_tokens_to_ids("eng_Latn")
    else:
        assert tokenizer.pad_token_id not in out[1:]  # bad_words_ids keeps <pad> out


@pytest.mark.parametrize("arch", ARCHS)
def test_ctranslate2_int8(loaded, tiny_models, tmp_path: Path, arch: str) -> None:
    import ctranslate2

    tokenizer, _ = loaded[arch]
    out = tmp_path / "ct2"
    ctranslate2.converters.TransformersConverter(str(tiny_models[arch])).convert(str(out), quantization="int8")
    vocab = json.loads((out / "shared_vocabulary.json").read_text(encoding="utf-8"))
    # CTranslate2 drops Marian's trailing <pad>; NLLB keeps every entry.
    assert len(vocab) == len(tokenizer) - (1 if arch == "marian" else 0)

    translator = ctranslate2.Translator(str(out), device="cpu", compute_type="int8")
    source = tokenizer.convert_ids_to_tokens(_encode(tokenizer, arch)["input_ids"][0].tolist())
    prefix = [["eng_Latn"]] if arch == "nllb" else None
    result = translator.translate_batch([source], target_prefix=prefix, beam_size=1, max_decoding_length=5)
    hypothesis = result[0].hypotheses[0]
    assert 1 <= len(hypothesis) <= 5
    assert set(hypothesis) <= set(vocab)
    if arch == "nllb":
        assert hypothesis[0] == "eng_Latn"


def test_builds_are_byte_identical(tiny_models, tmp_path: Path) -> None:
    import torch

    for arch, first in tiny_models.items():
        torch.manual_seed(7)
        expected = torch.rand(3)
        torch.manual_seed(7)
        again = build_test_model(tmp_path / arch, arch, seed=0)
        assert torch.equal(torch.rand(3), expected)  # the caller's RNG state is untouched
        assert _files(again) == _files(first), arch
        other = _files(build_test_model(tmp_path / f"{arch}-seed1", arch, seed=1))
        differing = {name for name, data in other.items() if data != _files(first)[name]}
        # Tokenizers do not depend on the seed; weights (and the marker naming the seed) do.
        assert differing == {"model.safetensors", TEST_MODEL_MARKER}, arch


def test_marian_layout(tiny_models) -> None:
    path = tiny_models["marian"]
    names = {p.name for p in path.iterdir()}
    assert {"source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "config.json",
            "generation_config.json", "model.safetensors", TEST_MODEL_MARKER} == names
    vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    assert sorted(vocab.values()) == list(range(len(vocab)))
    assert vocab["</s>"] == 0 and vocab["<unk>"] == 1
    assert vocab["<pad>"] == len(vocab) - 1 == max(vocab.values())
    config = json.loads((path / "config.json").read_text(encoding="utf-8"))
    assert config["pad_token_id"] == config["decoder_start_token_id"] == len(vocab) - 1
    assert config["eos_token_id"] == 0 and config["vocab_size"] == len(vocab)
    generation = json.loads((path / "generation_config.json").read_text(encoding="utf-8"))
    assert generation["bad_words_ids"] == [[len(vocab) - 1]] and generation["num_beams"] == 1


def test_nllb_layout(tiny_models, loaded) -> None:
    import sentencepiece as spm
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

    path = tiny_models["nllb"]
    names = {p.name for p in path.iterdir()}
    assert {"sentencepiece.bpe.model", "tokenizer.json", "tokenizer_config.json"} <= names
    tokenizer, model = loaded["nllb"]
    ids = tokenizer.convert_tokens_to_ids(["<s>", "<pad>", "</s>", "<unk>"])
    assert ids == [0, 1, 2, 3]
    assert len(FAIRSEQ_LANGUAGE_CODES) == 202
    codes = tokenizer.convert_tokens_to_ids(list(FAIRSEQ_LANGUAGE_CODES))
    sp = spm.SentencePieceProcessor(model_file=str(path / "sentencepiece.bpe.model"))
    first = sp.get_piece_size() + 1  # fairseq offset: spm pieces shift by one
    assert codes == list(range(first, first + 202))
    assert tokenizer.convert_tokens_to_ids("<mask>") == len(tokenizer) - 1 == model.config.vocab_size - 1
    config = model.config
    special = (config.bos_token_id, config.pad_token_id, config.eos_token_id, config.decoder_start_token_id)
    assert special == (0, 1, 2, 2)
    # The SentencePiece file and tokenizer.json segment text the same way.
    for text in [PERSIAN, "The weather will improve from tomorrow."]:
        hf = tokenizer(text, add_special_tokens=False)["input_ids"]
        assert hf == [i + 1 for i in sp.encode(text)]


def test_real_size_vocab_padding(monkeypatch: pytest.MonkeyPatch, loaded, tmp_path: Path) -> None:
    """The real-size path (filler pieces) on tiny dimensions: exact vocab size, same segmentation."""
    import ctranslate2
    import sentencepiece as spm
    from transformers import AutoTokenizer

    texts = [PERSIAN, "نشست OPEC در سال 2024 و x000001.", "The weather will improve from tomorrow."]
    for arch in ARCHS:
        tiny = testmodels._SIZES[(arch, "tiny")]
        monkeypatch.setitem(testmodels._SIZES, (arch, "tiny"), testmodels._Dims(tiny.d_model, 1, 2, 64, 3000))
        path = build_test_model(tmp_path / arch, arch)
        tokenizer = AutoTokenizer.from_pretrained(str(path))
        config = json.loads((path / "config.json").read_text(encoding="utf-8"))
        assert len(tokenizer) == config["vocab_size"] == 3000
        last = "<pad>" if arch == "marian" else "<mask>"
        assert tokenizer.convert_tokens_to_ids(last) == 2999
        # Text is segmented exactly as by the tiny model without the filler pieces.
        small = loaded[arch][0]
        for text in texts:
            assert tokenizer.tokenize(text) == small.tokenize(text)
        # The SentencePiece files hold the filler pieces too.
        for name in ["source.spm", "target.spm"] if arch == "marian" else ["sentencepiece.bpe.model"]:
            sp = spm.SentencePieceProcessor(model_file=str(path / name))
            assert sp.piece_to_id("\u2581<x000000>") > 0
            # NLLB's fillers are Latin and Cyrillic in a real multilingual vocabulary's proportion.
            assert sp.id_to_piece(sp.get_piece_size() - 1).startswith("\u2581<x" if arch == "marian" else "\u2581<ж")
        ctranslate2.converters.TransformersConverter(str(path)).convert(str(tmp_path / f"{arch}-ct2"),
                                                                        quantization="int8")


@pytest.mark.parametrize(
    ("arch", "size", "seed"),
    [
        ("transformer", "tiny", 0),
        ("marian", "huge", 0),
        ("marian", "nllb-600m", 0),
        ("nllb", "marian-base", 0),
        ("nllb", "tiny", -1),
        ("marian", "tiny", 1.5),
    ],
)
def test_rejects_bad_arguments(tmp_path: Path, arch: str, size: str, seed) -> None:
    with pytest.raises(ConfigError):
        build_test_model(tmp_path / "model", arch, size, seed)
    assert not (tmp_path / "model").exists()


def test_marker_and_output_directory(tiny_models, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = read_test_model_info(tiny_models["nllb"])
    assert info is not None and info["random_weights"] is True
    assert (info["arch"], info["size"], info["seed"]) == ("nllb", "tiny", 0)
    assert set(info["files"]) == {p.name for p in tiny_models["nllb"].iterdir()}
    assert is_test_model(tiny_models["marian"]) and not is_test_model(tmp_path)

    unrelated = tmp_path / "unrelated"
    unrelated.mkdir()
    (unrelated / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="not empty and not a test model"):
        build_test_model(unrelated, "marian")
    assert [p.name for p in unrelated.iterdir()] == ["notes.txt"]

    # Rebuilding over an earlier test model replaces its files, even across archs.
    reused = build_test_model(tmp_path / "reused", "marian")
    build_test_model(reused, "nllb")
    assert not (reused / "vocab.json").exists()
    assert read_test_model_info(reused)["arch"] == "nllb"

    # A build that fails half-way leaves an incomplete test model that can be rebuilt over.
    def broken(out: Path, *args):
        (out / "vocab.json").write_text("{}", encoding="utf-8")
        raise RuntimeError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(testmodels, "_build_marian", broken)
        with pytest.raises(RuntimeError):
            build_test_model(tmp_path / "failed", "marian")
    assert not is_test_model(tmp_path / "failed")
    assert is_test_model(build_test_model(tmp_path / "failed", "marian"))
