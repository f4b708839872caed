"""Quality signals, the verdict, and the QE evaluation's corruptions and ROC-AUC, with literal pairs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main
from translate.evaluate import corrupt_pairs, roc_auc
from translate.score import (
    PairScore,
    length_score,
    number_score,
    persian_share,
    repetition_share,
    score_pairs,
    verdict,
)

FA = "قیمت نفت به ۸۵ دلار و ۱٬۲۰۰ بشکه رسید."
EN = "The oil price reached 85 dollars and 1,200 barrels."


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [(FA, EN, 1.0), (FA, "The oil price reached 86 dollars and 1,200 barrels.", 0.5),
     ("سلام", "Hello", 1.0), (FA, "The oil price rose.", 0.0), ("۲٫۵ درصد", "2.5 percent", 1.0)],
)
def test_number_consistency_across_digit_sets(source: str, target: str, expected: float) -> None:
    assert number_score(source, target) == expected


def test_length_persian_and_repetition_signals() -> None:
    assert 0 < length_score(FA, EN) < 1.8  # 51 English characters for 38 Persian: longer, not suspicious
    assert length_score(FA, "Oil.") < -3
    assert persian_share("The price of نفت rose") == pytest.approx(3 / 17)
    assert persian_share("All English") == 0.0
    assert repetition_share("in the city in the city in the city") == pytest.approx(4 / 7)  # 4 of 7 trigrams repeat
    assert repetition_share("a perfectly ordinary sentence here") == 0.0


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (PairScore(similarity=0.9), ("ok", [])),
        (PairScore(similarity=0.82), ("review", ["similarity"])),
        (PairScore(similarity=0.7, numbers=0.0), ("bad", ["similarity", "numbers"])),
        (PairScore(length=-3.5), ("bad", ["length"])),
        (PairScore(persian=0.9), ("bad", ["untranslated"])),
        (PairScore(repetition=0.2), ("review", ["repetition"])),
        (PairScore(confidence=-2.5), ("review", ["confidence"])),
        (PairScore(terms=0.5), ("review", ["terms"])),
    ],
)
def test_verdict(score: PairScore, expected: tuple[str, list[str]]) -> None:
    assert verdict(score) == expected


def test_reference_metrics() -> None:
    (s,) = score_pairs([FA], [EN], references=[EN])
    assert (s.bleu, s.chrf, s.ter) == pytest.approx((100.0, 100.0, 0.0))
    with pytest.raises(ValueError, match="same number of lines"):
        score_pairs([FA], [EN, EN])


def test_corruptions_and_auc() -> None:
    sources = [f"جمله شماره {i} با عدد {i * 7}" for i in range(20)]
    targets = [f"Sentence number {i} with the number {i * 7} in it" for i in range(20)]
    rows = corrupt_pairs(sources, targets, per_type=5)
    labels = {label for label, _, _ in rows}
    assert labels == {"true", "true-2", "shuffled", "truncated", "copied", "number changed", "repeated", "dropped"}
    copied = [r for r in rows if r[0] == "copied"]
    assert all(src == tgt for _, src, tgt in copied)
    changed = [r for r in rows if r[0] == "number changed"]
    assert all(number_score(src, tgt) < 1 for _, src, tgt in changed)
    assert roc_auc([3, 4, 5], [0, 1, 2]) == 1.0
    assert roc_auc([1, 1], [1, 1]) == 0.5
    assert roc_auc([0], [1]) == 0.0


def test_score_command_without_similarity(tmp_path: Path) -> None:
    fa, en, ref = tmp_path / "a.fa", tmp_path / "a.en", tmp_path / "a.ref"
    fa.write_text(f"{FA}\nسلام دنیا\n", encoding="utf-8")
    en.write_text(f"{EN}\nسلام دنیا\n", encoding="utf-8")
    ref.write_text(f"{EN}\nHello world\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--src", str(fa), "--hyp", str(en), "--ref", str(ref),
                                       "--no-similarity"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split("\t")[-3:] == ["verdict", "reasons", "alignment"]
    assert lines[1].endswith("\tok\t\t") and lines[2].endswith("\tbad\tuntranslated\t")
    assert result.stderr.startswith("confidence skipped: no --model given\n2 pairs: ok 1, review 0, bad 1\nBLEU ")
    assert "chrF++" in result.stderr and "nrefs:1" in result.stderr


@pytest.mark.parametrize("engine", ["ct2", "hf"])
def test_score_with_a_model_adds_confidence(tiny_models, tmp_path: Path, engine: str) -> None:
    fa, en = tmp_path / "a.fa", tmp_path / "a.en"
    fa.write_text("رئیس جمهور گفت.\nهوا سرد است.\n", encoding="utf-8")
    en.write_text("The president said.\nThe weather is cold.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--src", str(fa), "--hyp", str(en), "--no-similarity", "-f", "jsonl",
                                       "--model", str(tiny_models["marian"]), "--engine", engine])
    assert result.exit_code == 0, result.output
    import json

    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert all(r["confidence"] < 0 for r in rows)
    if engine == "hf":  # attention word links over whitespace tokens of both sides
        assert all(r["alignment"] and all("-" in link for link in r["alignment"].split()) for r in rows)
    else:
        assert all(r["alignment"] == "" for r in rows)


def test_score_with_a_glossary_fills_the_terms_column(tmp_path: Path) -> None:
    import json

    fa, en, g = tmp_path / "a.fa", tmp_path / "a.en", tmp_path / "g.tsv"
    fa.write_text("پوتین و مکرون دیدار کردند.\nهوا سرد است.\n", encoding="utf-8")
    en.write_text("Putin and Makron met.\nThe weather is cold.\n", encoding="utf-8")
    g.write_text("source\ttarget\ttype\nپوتین\tPutin\tperson\nمکرون\tMacron\tperson\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", "--src", str(fa), "--hyp", str(en), "--no-similarity",
                                       "-f", "jsonl", "-g", str(g)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in result.stdout.splitlines()]
    assert [r["terms"] for r in rows] == [0.5, None]
    assert rows[0]["verdict"] == "review" and "terms" in rows[0]["reasons"]
