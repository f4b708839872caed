"""What the corpus tests share: small real inputs (NTREX: professional translations, CC BY-SA 4.0,
Microsoft Translator's NTREX-128 newstest2019 set, read from ../shared/data) and a stand-in embedder
for tests that check what a build publishes rather than how well it aligns (the e5 embedder takes
seconds to load; test_build.py runs the real one)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from ..conftest import SHARED_DATA

PARALLEL = SHARED_DATA / "parallel"


class DigitsAndLength:
    """Vectors from what a Persian sentence and its English share without translation: its numbers (as
    Latin digits) and its length. Enough for the aligner to keep 1-1 beads on clean parallel text."""

    name = "digits-and-length (test)"

    def encode(self, texts):  # type: ignore[no-untyped-def]
        import numpy as np

        table = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, 0] = 1.0 + len(text) / 100
            for token in text.translate(table).split():
                digits = "".join(ch for ch in token if ch.isdigit())
                if digits:
                    out[i, 1 + zlib.crc32(digits.encode()) % 63] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def need_data() -> None:
    if not PARALLEL.is_dir():
        pytest.skip(f"needs the evaluation data at {SHARED_DATA}")


def ntrex_lines(n: int) -> tuple[list[str], list[str]]:
    need_data()
    fa = (PARALLEL / "ntrex.fa-en.fa").read_text(encoding="utf-8").split("\n")[:n]
    en = (PARALLEL / "ntrex.fa-en.en").read_text(encoding="utf-8").split("\n")[:n]
    return fa, en


def write_moses(folder: Path, n: int, *, stem: str = "news") -> tuple[Path, Path]:
    fa, en = ntrex_lines(n)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.fa").write_text("\n".join(fa) + "\n", encoding="utf-8")
    (folder / f"{stem}.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    return folder / f"{stem}.fa", folder / f"{stem}.en"


def write_folders(root: Path, documents: int) -> tuple[Path, Path]:
    """``documents`` NTREX documents as ``fa/ID.fa.txt`` and ``en/ID.en.txt``, a sentence a line."""
    need_data()
    docs = [json.loads(x) for x in (PARALLEL / "ntrex_fa_en_docs.jsonl").read_text(encoding="utf-8").splitlines()]
    for side in ("fa", "en"):
        (root / side).mkdir(parents=True, exist_ok=True)
    for doc in docs[:documents]:
        (root / "fa" / f"{doc['id']}.fa.txt").write_text("\n".join(doc["src"]) + "\n", encoding="utf-8")
        (root / "en" / f"{doc['id']}.en.txt").write_text("\n".join(doc["tgt"]) + "\n", encoding="utf-8")
    return root / "fa", root / "en"


#: A config for builds that check publishing: no e5 similarity (no embedder for line-aligned input),
#: no rule that depends on the aligner's score.
FAST = "[scoring]\nsimilarity = false\n[filters]\nmin_alignment = false\n"


@pytest.fixture()
def fast_config(tmp_path: Path) -> Path:
    path = tmp_path / "fast.toml"
    path.write_text(FAST, encoding="utf-8")
    return path
