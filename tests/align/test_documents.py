"""Pairing documents of two folders by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.align.documents import document_pairs
from translate.errors import InputError


def test_files_pair_by_name_without_language_and_format_suffixes(tmp_path: Path) -> None:
    fa, en = tmp_path / "fa", tmp_path / "en"
    fa.mkdir()
    en.mkdir()
    for name in ("news1.fa.txt", "b_fa.md", "same.html", "lonely.fa", ".hidden.fa"):
        (fa / name).write_text("x", encoding="utf-8")
    for name in ("news1.en.txt", "b_en.md", "same.html", "orphan.en"):
        (en / name).write_text("x", encoding="utf-8")
    pairs, unpaired = document_pairs(str(fa), str(en))
    assert [(Path(a).name, Path(b).name) for a, b in pairs] == [
        ("b_fa.md", "b_en.md"), ("news1.fa.txt", "news1.en.txt"), ("same.html", "same.html")]
    assert unpaired == ["lonely", "orphan"]
    with pytest.raises(InputError, match="two files or two directories"):
        document_pairs(str(fa), str(en / "b_en.md"))
