"""``translate align`` on real files: directories paired by name, every output format, the row schema."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from translate.cli import main

from ..export.test_schemas import assert_valid
from ..test_row_schema import read_jsonl, read_tsv, same_rows, validate


@pytest.mark.slow  # the e5 embedder
def test_align_command_on_directories_writes_every_format(tmp_path: Path, tiny_models) -> None:
    fa_dir, en_dir, out = tmp_path / "fa", tmp_path / "en", tmp_path / "out"
    fa_dir.mkdir()
    en_dir.mkdir()
    (fa_dir / "news1.fa.txt").write_text("رئیس جمهور به مسکو رفت. او ۳ روز آنجا ماند.\n", encoding="utf-8")
    (en_dir / "news1.en.txt").write_text("The president went to Moscow. He stayed there for 3 days.\n", encoding="utf-8")
    (en_dir / "orphan.en.txt").write_text("No partner.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["align", str(fa_dir), str(en_dir), "-o", str(out), "--tmx-include", "review",
                                       "--model", str(tiny_models["marian"]), "--engine", "hf"])
    assert result.exit_code == 0, result.output
    assert "no partner for 1 documents: orphan" in result.stderr
    assert (out / "news1.fa").read_text(encoding="utf-8").count("\n") == (out / "news1.en").read_text(
        encoding="utf-8").count("\n") == 2
    assert (out / "news1.beads").read_text(encoding="utf-8").splitlines()[0].startswith("[0]:[0]:")
    rows = read_jsonl(out / "news1.jsonl")
    validate(rows)
    same_rows(rows, read_tsv(out / "news1.tsv"))
    assert [(r["bead_source"], r["bead_target"]) for r in rows] == [([0], [0]), ([1], [1])]
    assert [r["id"] for r in rows] == ["news1:0", "news1:1"] and all(r["state"] == "aligned" for r in rows)
    # the model's confidence and word links (random weights: low confidence), the aligner's score, the
    # e5 similarity of each pair: scored as corpus build scores
    assert all(r["scores"]["confidence"] < 0 and r["alignment"] for r in rows)
    assert all(r["alignment_score"] is not None and r["scores"]["similarity"] > 0.5 for r in rows)
    assert rows[0]["provenance"] == f"{fa_dir / 'news1.fa.txt'} | {en_dir / 'news1.en.txt'}"
    # the TMX holds the ok pairs and (--tmx-include) the review ones, the verdict in a prop
    tmx = assert_valid(out / "news1.tmx").getroot()
    kept = {tu.get("tuid"): tu.find("prop[@type='x-verdict']").text for tu in tmx.iter("tu")}
    assert kept == {r["id"]: r["verdict"] for r in rows if r["verdict"] in ("ok", "review")}
    assert not list(out.glob(".*translate-tmp"))


def test_the_tmx_of_an_alignment_holds_only_ok_pairs_by_default(tmp_path: Path) -> None:
    from translate.align.documents import AlignedDocument, AlignedRow
    from translate.align.sentences import Bead
    from translate.export.alignment import write_aligned
    from translate.export.rows import row_of_bead
    from translate.records import Score

    beads = (AlignedRow(Bead((0,), (0,), 0.8), "او ۳ روز ماند.", "He stayed 3 days."),
             AlignedRow(Bead((1,), (1,), 0.2), "او ۵ روز ماند.", "He stayed 7 days."),
             AlignedRow(Bead((2,), (), 0.0), "تنها.", ""))
    doc = AlignedDocument("news", 3, 2, beads)
    scores = (Score(numbers=1.0, verdict="ok"), Score(numbers=0.0, verdict="bad", reasons=("numbers",)), None)
    rows = [row_of_bead("news", k, b, s, "fa.txt | en.txt") for k, (b, s) in enumerate(zip(beads, scores))]
    base = write_aligned(doc, rows, str(tmp_path))
    tmx = assert_valid(Path(f"{base}.tmx")).getroot()
    assert [tu.get("tuid") for tu in tmx.iter("tu")] == ["news:0"]
    jsonl = read_jsonl(Path(f"{base}.jsonl"))
    validate(jsonl)
    assert [r["verdict"] for r in jsonl] == ["ok", "bad", "bad"]
    assert jsonl[1]["reasons"] == ["numbers differ: ۵ vs 7"] and jsonl[2]["reasons"] == [
        "not aligned to a sentence of the other side"]
    assert Path(f"{base}.fa").read_text(encoding="utf-8").count("\n") == 2  # the linked pairs only
    write_aligned(doc, rows, str(tmp_path), ("bad",))
    assert len(list(ET.parse(f"{base}.tmx").getroot().iter("tu"))) == 2
