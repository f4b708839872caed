"""OpusFilter on the same aligned pairs as ``translate eval corpus``, judged the same way. Runs in
OpusFilter's own environment (it is not a dependency of this project):

    translate eval corpus ../shared/data/parallel/ntrex_fa_en_docs.jsonl -w /tmp/eval-corpus
    python3 -m venv /tmp/ofvenv && /tmp/ofvenv/bin/pip install opusfilter
    /tmp/ofvenv/bin/python bench/opusfilter_compare.py /tmp/eval-corpus

``translate eval corpus`` leaves every aligned pair of its build in WORKDIR/aligned.{fa,en} with a label
per line (1: a true pair); OpusFilter removes duplicates and filters them with two configurations a
user would write for Persian–English (its documented filters: lengths, ratio, scripts, HTML, long
words, repetition; then also numerals and terminal punctuation). Precision and recall are of the kept
pairs against the true pairs (recall over all true pairs, as for the build).
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

BASIC = [
    {"LengthFilter": {"unit": "word", "min_length": 1, "max_length": 150}},
    {"LengthRatioFilter": {"unit": "char", "threshold": 3}},
    {"LongWordFilter": {"threshold": 40}},
    {"HtmlTagFilter": {}},
    {"CharacterScoreFilter": {"scripts": ["Arabic", "Latin"], "thresholds": [0.9, 0.9]}},
    {"RepetitionFilter": {}},
]
MORE = BASIC + [{"NonZeroNumeralsFilter": {"threshold": 0.5}}, {"TerminalPunctuationFilter": {"threshold": -2}}]


def run(workdir: Path, name: str, filters: list[dict]) -> tuple[int, float, float, int]:
    from opusfilter.opusfilter import OpusFilter

    out = workdir / f"opusfilter-{name}"
    out.mkdir(exist_ok=True)
    for side in ("fa", "en"):
        shutil.copy(workdir / f"aligned.{side}", out / f"aligned.{side}")
    config = {"common": {"output_directory": str(out)}, "steps": [
        {"type": "remove_duplicates", "parameters": {"inputs": ["aligned.fa", "aligned.en"],
                                                     "outputs": ["dedup.fa", "dedup.en"]}},
        {"type": "filter", "parameters": {"inputs": ["dedup.fa", "dedup.en"], "outputs": ["kept.fa", "kept.en"],
                                          "filters": filters}}]}
    OpusFilter(config).execute_steps(overwrite=True)
    fa = (workdir / "aligned.fa").read_text(encoding="utf-8").splitlines()
    en = (workdir / "aligned.en").read_text(encoding="utf-8").splitlines()
    lines = (workdir / "aligned.labels").read_text(encoding="utf-8").splitlines()
    label = {(f, e): int(line.split("\t")[0]) for f, e, line in zip(fa, en, lines)}
    truth = int(lines[0].split("\t")[1])
    kept = list(zip((out / "kept.fa").read_text(encoding="utf-8").splitlines(),
                    (out / "kept.en").read_text(encoding="utf-8").splitlines()))
    true_kept = {k for k in kept if label.get(k)}
    dups = sum(n - 1 for n in Counter(kept).values())
    return len(kept), sum(bool(label.get(k)) for k in kept) / max(1, len(kept)), len(true_kept) / truth, dups


def main() -> None:
    workdir = Path(sys.argv[1])
    print(f"{'method':<26} {'kept':>6} {'precision':>9} {'recall':>7} {'dups left':>9}")
    for name, filters in (("basic", BASIC), ("+numerals,punct", MORE)):
        kept, precision, recall, dups = run(workdir, name, filters)
        print(f"{'OpusFilter ' + name:<26} {kept:>6} {precision:>9.3f} {recall:>7.3f} {dups:>9}")


if __name__ == "__main__":
    main()
