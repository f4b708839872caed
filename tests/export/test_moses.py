"""Moses: one sentence a line, line-aligned, line breaks inside a sentence flattened."""

from __future__ import annotations

from pathlib import Path

from translate.export.moses import write_moses

from .samples import PAIRS


def test_moses_is_line_aligned(tmp_path: Path) -> None:
    write_moses(PAIRS, tmp_path / "doc")
    assert (tmp_path / "doc.fa").read_bytes().decode() == (
        "سفر به غزه ادامه\nاو نوشت: <script>alert(1)</script> &  تمام\n")  # the bell (\x07) removed
    assert (tmp_path / "doc.en").read_bytes().decode() == (
        "The trip to Gaza continued\nHe wrote: <script>alert(1)</script> &  done\n")
