"""The English output vocabulary of NLLB models on CTranslate2 (vocabulary map)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from translate.config import DecodeOptions
from translate.mt import open_engine
from translate.mt.models import ResolvedModel, ct2_cache_dir, resolve
from translate.mt.tokenizer import PieceTokenizer
from translate.mt.vocabmap import applies, english_map, model_vocabulary, piece_class
from translate.terms.enforce import fit_vocabulary
from translate.terms.glossary import load_glossary

from ..conftest import ROOT, SHARED_DATA

GLOSSARY = ROOT / "glossaries" / "news-fa-en.tsv"
NTREX_EN = SHARED_DATA / "parallel" / "ntrex.fa-en.en"
GREEDY = DecodeOptions(beam_size=1, max_length=24, min_length=24)
PERSIAN = ["رئیس جمهور ایران گفت.", "همکاری دو کشور ادامه دارد و گسترش می‌یابد.", "مجلس امروز تشکیل جلسه داد."]


@pytest.mark.parametrize(("piece", "why"), [
    ("▁Erdoğan", "latin"), ("▁Müller", "latin"), ("Nguyễn", "latin"), ("e\u0301", "latin"), ("▁U.S.", "latin"),
    ("▁1403", "digits"), ("’", "punctuation"), ("▁—", "punctuation"), ("...", "punctuation"),
    ("▁€", "symbols"), ("°C", "latin"), ("½", "symbols"), ("▁%", "punctuation"), ("▁", "boundary"),
    ("eng_Latn", "special"), ("pes_Arab", "special"), ("</s>", "special"),
    ("▁۱۴۰۳", None), ("▁مجلس", None), ("▁Москва", None), ("北京", None), ("▁x\u0600", None), ("", None),
])
def test_piece_classes(piece: str, why: str | None) -> None:
    assert piece_class(piece) == why


def _emitted(engine, texts: list[str]) -> list[str]:
    return [p for hyp in engine.translate(texts, GREEDY) for p in hyp.tokens]


def test_the_map_of_the_nllb_test_model(tiny_models) -> None:
    vocabulary = model_vocabulary(tiny_models["nllb"], "eng_Latn")
    vmap = english_map(vocabulary)
    assert "eng_Latn" in vmap.pieces and "pes_Arab" in vmap.pieces and "</s>" in vmap.pieces
    assert all(piece_class(p) for p in vmap.pieces)
    left_out = [p for p in vocabulary if p not in set(vmap.pieces)]
    assert left_out and all(piece_class(p) is None for p in left_out)
    assert sum(vmap.classes.values()) == len(vmap.pieces) < len(vocabulary)
    # The map file: one line, an empty source, the pieces always candidates.
    text = vmap.text()
    assert text.startswith("\t") and text.count("\n") == 1 and text.split() == list(vmap.pieces)


@pytest.mark.skipif(not NTREX_EN.is_file(), reason="needs ../shared/data beside the project")
def test_english_news_and_glossary_targets_tokenize_inside_the_map(tiny_models) -> None:
    model = resolve(str(tiny_models["nllb"]))
    vmap = english_map(model_vocabulary(model.path, "eng_Latn"))
    tokenizer = PieceTokenizer(model)
    english = NTREX_EN.read_text(encoding="utf-8").splitlines()
    glossary = load_glossary([GLOSSARY])
    targets = [e.target for e in glossary.entries] + [en for e in glossary.entries for _, en, _ in e.short]
    pieces = [p for row in tokenizer.target_vocabulary_pieces(english + targets) for p in row]
    assert len(english) == 1025 and len(pieces) > 30_000
    assert vmap.missing(pieces) == set()


def test_with_the_map_the_engine_emits_only_mapped_pieces(tiny_models) -> None:
    model = resolve(str(tiny_models["nllb"]))
    mapped = open_engine("ct2", model, device="cpu", threads=1)
    full = open_engine("ct2", model, device="cpu", threads=1, full_vocabulary=True)
    vmap = set(english_map(model_vocabulary(model.path, "eng_Latn")).pieces)
    assert mapped.vocabulary_map and mapped.vocabulary == len(vmap) and full.vocabulary_map is None
    assert full.vocabulary == json.loads((model.path / "config.json").read_text())["vocab_size"]
    assert mapped.path == full.path and (mapped.path / "vmap.txt").is_file()  # one conversion serves both
    out = _emitted(mapped, PERSIAN)
    assert len(out) >= 60 and set(out) <= vmap
    # Random weights over the whole vocabulary write other scripts: the map is what keeps them out.
    assert set(_emitted(full, PERSIAN)) - vmap


def test_marian_and_non_english_targets_are_left_alone(tiny_models) -> None:
    marian = resolve(str(tiny_models["marian"]))
    engine = open_engine("ct2", marian, device="cpu", threads=1)
    assert engine.vocabulary_map is None and not (engine.path / "vmap.txt").exists()
    assert engine.path == ct2_cache_dir(marian, "int8")
    nllb = resolve(str(tiny_models["nllb"]))
    german = ResolvedModel(replace(nllb.spec, tgt_lang="deu_Latn"), nllb.path)
    assert not applies("nllb", "deu_Latn", nllb.path) and applies("nllb", "eng_Latn", nllb.path)
    engine = open_engine("ct2", german, device="cpu", threads=1)
    assert engine.vocabulary_map is None and engine.path == ct2_cache_dir(german, "int8")


def test_a_glossary_target_outside_the_map_falls_back_to_the_whole_vocabulary(tiny_models, tmp_path: Path) -> None:
    model = resolve(str(tiny_models["nllb"]))
    engine = open_engine("ct2", model, device="cpu", threads=1)
    assert fit_vocabulary(engine, load_glossary([GLOSSARY]).entries) == set()
    assert engine.vocabulary_map
    odd = tmp_path / "odd.tsv"
    odd.write_text("source\ttarget\nمجلس\tMajlis (مجلس)\n", encoding="utf-8")
    missing = fit_vocabulary(engine, load_glossary([odd]).entries)
    assert missing and all(piece_class(p) is None for p in missing)
    assert engine.vocabulary_map is None
    assert engine.vocabulary == json.loads((model.path / "config.json").read_text())["vocab_size"]
