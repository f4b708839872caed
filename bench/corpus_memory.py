"""Peak memory of ``translate corpus build`` as the corpus grows: line-aligned Persian–English files
of N unique pairs (each pair joins two NTREX sentence pairs, so no two are alike), built in a fresh
process each (``[scoring] similarity = false``: the e5 model's own memory is constant and its cache
bounded — :class:`translate.align.embed._Cached` — while embedding 100,000 texts would take an hour
on 2 cores). Prints time and peak RSS per size and the ratio.

    python bench/corpus_memory.py [--sizes 5000,50000]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "parallel"


def make_input(folder: Path, n: int) -> tuple[Path, Path]:
    fa = (DATA / "ntrex.fa-en.fa").read_text(encoding="utf-8").splitlines()
    en = (DATA / "ntrex.fa-en.en").read_text(encoding="utf-8").splitlines()
    m = len(fa)
    with open(folder / "big.fa", "w", encoding="utf-8") as out_fa, open(folder / "big.en", "w", encoding="utf-8") as out_en:
        for i in range(n):
            a, b = i % m, (i // m * 7 + i * 13 + 1) % m
            out_fa.write(f"{fa[a]} {fa[b]}\n")
            out_en.write(f"{en[a]} {en[b]}\n")
    return folder / "big.fa", folder / "big.en"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,50000")
    args = parser.parse_args()
    peaks = {}
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            fa, en = make_input(folder, n)
            (folder / "c.toml").write_text("[scoring]\nsimilarity = false\n", encoding="utf-8")
            t0 = time.perf_counter()
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            subprocess.run([sys.executable, "-m", "translate", "-q", "corpus", "build", str(fa), str(en), "-o",
                            str(folder / "out"), "-c", str(folder / "c.toml")], check=True)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if peak <= before:
                print("note: an earlier, larger child set the peak; run one size per call for exact figures")
            peaks[n] = peak / 1024
            print(f"{n} pairs: {time.perf_counter() - t0:.1f} s, peak RSS {peaks[n]:.0f} MB")
    sizes = sorted(peaks)
    if len(sizes) > 1:
        print(f"ratio {sizes[-1]} / {sizes[0]}: {peaks[sizes[-1]] / peaks[sizes[0]]:.2f}x")


if __name__ == "__main__":
    main()
