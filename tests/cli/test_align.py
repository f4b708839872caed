"""``translate align`` on real files: directories paired by name, every output format."""

from __future__ import annotations

def test_align_command_on_directories_writes_every_format(tmp_path, tiny_models) -> None:
    import json

    from click.testing import CliRunner

    from translate.cli import main

    fa_dir, en_dir, out = tmp_path / "fa", tmp_path / "en", tmp_path / "out"
    fa_dir.mkdir()
    en_dir.mkdir()
    (fa_dir / "news1.fa.txt").write_text("رئیس جمهور به مسکو رفت. او ۳ روز آنجا ماند.\n", encoding="utf-8")
    (en_dir / "news1.en.txt").write_text("The president went to Moscow. He stayed there for 3 days.\n", encoding="utf-8")
    (en_dir / "orphan.en.txt").write_text("No partner.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["align", str(fa_dir), str(en_dir), "-o", str(out),
                                       "--model", str(tiny_models["marian"]), "--engine", "hf"])
    assert result.exit_code == 0, result.output
    assert "no partner for 1 documents: orphan" in result.stderr
    assert (out / "news1.fa").read_text(encoding="utf-8").count("\n") == (out / "news1.en").read_text(
        encoding="utf-8").count("\n") == 2
    assert (out / "news1.beads").read_text(encoding="utf-8").splitlines()[0].startswith("[0]:[0]:")
    rows = [json.loads(x) for x in (out / "news1.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(r["bead_source"], r["bead_target"]) for r in rows] == [([0], [0]), ([1], [1])]
    assert all(r["confidence"] < 0 and r["alignment"] for r in rows)
