"""A small glossary for the terms tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from translate.terms.glossary import load_glossary

HEADER = "source\ttarget\ttype\tnote\tshort\n"


@pytest.fixture
def glossary(tmp_path: Path):
    path = tmp_path / "g.tsv"
    path.write_text(HEADER + "\n".join([
        "فیلیپ لازارینی\tPhilippe Lazzarini\tperson\t\t",
        "طوفان الاقصی\tAl-Aqsa Flood\tevent\t\t",
        "ولادیمیر پوتین\tVladimir Putin\tperson\t\t",
        "غزه\tGaza\tplace\t\t",
    ]) + "\n", encoding="utf-8")
    return load_glossary(path)
