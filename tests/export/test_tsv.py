"""The pairs TSV: exact header and row bytes, and csv parses it back."""

from __future__ import annotations

import csv
from pathlib import Path

from translate.export.tsv import write_tsv

from .samples import PAIRS


def test_tsv_header_and_rows(tmp_path: Path) -> None:
    write_tsv(PAIRS, tmp_path / "doc.tsv")
    text = (tmp_path / "doc.tsv").read_text(encoding="utf-8")
    assert text.split("\n")[0] == ("id\tdoc_id\tindex\tstart\tend\tsource\ttarget\tsimilarity\tlength\tnumbers\t"
                                   "persian\trepetition\tconfidence\tterms\tverdict\treasons\tstate\tterm_hits\talignment")
    assert text.split("\n")[1] == ("doc:0\tdoc\t0\t0\t14\tسفر به غزه ادامه\tThe trip to Gaza continued\t0.9100\t0.2000\t"
                                   "1.0000\t\t\t\t\tok\t\tmachine\tغزه=Gaza:found\t0-0 1-2")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    assert len(rows) == 3 and all(len(r) == len(rows[0]) for r in rows)


def test_reasons_in_words(tmp_path: Path) -> None:
    from translate.records import Score, Sentence, SentencePair

    pair = SentencePair(Sentence("d", 0, 0, 20, "بارندگی ۲۵ تا ۱۰۰ میلیمتر"), "Rain of 1 to 40 inches",
                        scores=Score(numbers=0.5, verdict="review", reasons=("numbers",)))
    write_tsv([pair], tmp_path / "d.tsv")
    rows = list(csv.reader((tmp_path / "d.tsv").read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    assert dict(zip(rows[0], rows[1]))["reasons"] == "numbers differ: ۱۰۰ vs 40"
