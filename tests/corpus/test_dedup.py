"""Exact and near duplicates, in the store's temporary tables; each group keeps its best-formed member
(verdict, then spacing, then quality score). The real pairs are NTREX's (Microsoft Translator's
NTREX-128, CC BY-SA 4.0), read from ../shared/data."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from translate.corpus.build import CorpusBuild
from translate.corpus.config import load_config
from translate.corpus.dedup import Deduplicator, english_key, form_defects, persian_key, rank
from translate.corpus.store import CorpusStore

from .conftest import DigitsAndLength, ntrex_lines


def test_keys_ignore_what_does_not_change_the_text() -> None:
    assert persian_key("كتاب‌ها ۲۵ «خوب»!") == persian_key("کتابها 25 خوب")
    assert english_key("The  Books, 25!") == english_key("the books 25")


def _run(pairs: list[tuple[str, str]], verdicts: list[str] | None = None, **options: object
         ) -> list[tuple[str, int, int]]:
    """Deduplicate ``pairs`` visited in order, as by quality score (each a little below the one before)."""
    settings = {"exact": True, "sides": True, "near": True, "threshold": 0.8, "num_perm": 64, **options}
    verdicts = verdicts or ["ok"] * len(pairs)
    with tempfile.TemporaryDirectory() as folder, CorpusStore(Path(folder) / "corpus.sqlite") as store:
        dedup = Deduplicator(store, **settings)  # type: ignore[arg-type]
        return list(dedup.run(SimpleNamespace(id=k, fa=fa, en=en, verdict=v, quality=3.5 - k / 100)
                              for k, ((fa, en), v) in enumerate(zip(pairs, verdicts))))


FA = "رئیس جمهور روسیه در تماس تلفنی با رئیس جمهور ایران درباره بحران غزه و آینده منطقه گفتگو کرد"
EN = "The Russian president discussed the Gaza crisis and the future of the region with Iran's president by phone"


def test_exact_side_and_near_duplicates() -> None:
    found = _run([(FA, EN), (FA + "!", EN.upper()), (FA, "Something else entirely."), ("جمله دیگر", EN),
                  (FA.replace("آینده", "آینده‌ی"), EN.replace("future", "futures")), ("سلام", "Hello")])
    assert found == [("pair", 0, 1), ("persian", 0, 2), ("english", 0, 3), ("near", 0, 4)]


def test_options_turn_kinds_off() -> None:
    pairs = [(FA, EN), (FA, "Something else entirely."), (FA.replace("آینده", "آینده‌ی"), EN.replace("future", "futures"))]
    assert _run(pairs, sides=False, near=False) == []
    assert _run(pairs, sides=False) == [("near", 0, 2)]


def _twin(fa: str, en: str) -> tuple[str, str]:
    """The noisier twin ``translate eval corpus`` injects: ``word .`` in Persian, the English without
    its commas and ending with ``!``."""
    return fa.rstrip(".") + " .", en.replace(",", "").rstrip(".") + "!"


@pytest.mark.parametrize(("fa", "en", "defects"), [
    ("رئیس جمهور گفت.", "The president said.", 0),
    ("رئیس جمهور گفت .", "The president said .", 2),
    ("او گفت: «بله»، و رفت.", 'He said: "Yes," and left.', 0),
    ("او گفت: « بله » ، و رفت.", "He said ( yes ) and left.", 5),
    ("ایران،روسیه و چین", "Iran,Russia and China", 2),
    ("۱٬۰۰۰ نفر در ۳.۵ ساعت", "1,000 people in the U.S. in 3.5 hours at www.example.com", 0),
    ("دو  فاصله", " Two  spaces ", 3),
])
def test_form_defects(fa: str, en: str, defects: int) -> None:
    assert form_defects(fa, en) == defects


def test_the_best_formed_twin_is_kept_though_scored_lower() -> None:
    fa_lines, en_lines = ntrex_lines(3)
    clean = (fa_lines[1], en_lines[1])
    # visited first (a higher quality score, as the noisier twin often gets), then the clean pair
    found = _run([_twin(*clean), clean, (fa_lines[2], en_lines[2])])
    assert found == [("pair", 1, 0)]
    assert rank("ok", *clean, 3.0) < rank("ok", *_twin(*clean), 3.9)


def test_the_verdict_comes_before_the_form() -> None:
    fa_lines, en_lines = ntrex_lines(2)
    clean = (fa_lines[1], en_lines[1])
    assert _run([_twin(*clean), clean], ["ok", "review"]) == [("pair", 0, 1)]
    assert _run([_twin(*clean), clean], ["review", "ok"]) == [("pair", 1, 0)]


def test_a_group_points_at_the_member_it_keeps() -> None:
    # a near-duplicate found through the first kept pair, which a better member replaced later
    noisy = (FA + " .", EN + " .")
    near = (FA.replace("آینده", "آینده‌ی") + " .", EN.replace("future", "futures") + " .")
    found = _run([noisy, near, (FA + ".", EN + "."),
                  (FA.replace("روسیه", "روسیه‌ی") + " .", EN.replace("Russian", "Russia's") + " .")])
    assert found == [("pair", 2, 0), ("near", 2, 1), ("near", 2, 3)]


def test_a_build_keeps_the_clean_twin(tmp_path: Path, fast_config: Path) -> None:
    """Through ``corpus build`` on line-aligned input: the twin comes first and scores the same."""
    fa_lines, en_lines = ntrex_lines(60)
    k = 3  # its English has no comma, and both twins are within 1 σ of the usual length: the same score
    twin = _twin(fa_lines[k], en_lines[k])
    fa_lines, en_lines = [twin[0], *fa_lines], [twin[1], *en_lines]
    (tmp_path / "x.fa").write_text("\n".join(fa_lines) + "\n", encoding="utf-8")
    (tmp_path / "x.en").write_text("\n".join(en_lines) + "\n", encoding="utf-8")
    CorpusBuild([str(tmp_path / "x.fa"), str(tmp_path / "x.en")], str(tmp_path / "out"), load_config(fast_config),
                embedder=DigitsAndLength()).execute()
    lines = (tmp_path / "out" / "rejected.jsonl").read_text(encoding="utf-8").splitlines()
    rejected = [json.loads(line) for line in lines]
    removed = {r["translation"]["fa"]: r["removed_by"] for r in rejected if "translation" in r}
    assert removed[twin[0]].startswith("duplicate of pair ")
    assert fa_lines[k + 1] not in removed
