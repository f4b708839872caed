"""``translate score`` on real files: columns, verdicts, the model's confidence, the glossary column."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main

FA = "قیمت نفت به ۸۵ دلار و ۱٬۲۰۰ بشکه رسید."
EN = "The oil price reached 85 dollars and 1,200 barrels."


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
