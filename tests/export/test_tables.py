"""TSV tables through the csv module: hostile cells are quoted and read back as one cell each."""

from __future__ import annotations

import csv
import io

from translate.export.tables import Table, number


def test_hostile_cells_round_trip() -> None:
    rows = [['"Today, there\'s neither."', "a\tb", "two\nlines", "plain"], ["", "«گفت»", '"', "x"]]
    out = io.StringIO()
    table = Table(out, ["a", "b", "c", "d"])
    table.rows(rows)
    assert out.getvalue().split("\n")[0] == "a\tb\tc\td"
    back = list(csv.reader(io.StringIO(out.getvalue(), newline=""), delimiter="\t"))
    assert back == [["a", "b", "c", "d"], *rows]


def test_number_cells() -> None:
    assert number(0.91) == "0.9100" and number(None) == "" and number(-3.14159, 2) == "-3.14"
