"""Inputs of any size through `translate run`: time, peak RSS and time by stage, each run a fresh child.

    python bench/long_inputs.py --model TINY unpunctuated      # a 500-KB article with and without punctuation
    python bench/long_inputs.py --model TINY huge --mb 3        # one 3-MB line without punctuation
    python bench/long_inputs.py --model TINY folder --mb 50     # a 50-MB folder of articles
    python bench/long_inputs.py --model TINY folder --before /tmp/old-checkout   # and an earlier version's run

The text is NTREX-128 Persian news (../shared/data/parallel/ntrex.fa-en.fa), each sentence tagged with a
running number so that the translation memory serves no repeat. ``unpunctuated`` writes the same words
twice, once as sentences and once with every full stop, comma and question mark removed and no line
break (a scraped page, an OCR dump): the run splits the long "sentences" for the engine. ``huge`` runs
one line of the given size. ``folder`` writes articles of 20 sentences until the folder holds the given
size. Every run is greedy with length ratio 0.3 and writes every default format. Use a tiny test model
(`translate models make-test-model DIR`): what is measured is the pipeline, not the model.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run_overhead import timed_command  # noqa: E402

NTREX = ROOT.parent / "shared" / "data" / "parallel" / "ntrex.fa-en.fa"
DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_PUNCT = re.compile(r"[.،,؟?!؛;:]")


def sentences(size: int) -> list[str]:
    """Distinct news sentences until their UTF-8 size reaches ``size`` bytes."""
    lines = [s.strip().rstrip(".") for s in NTREX.read_text(encoding="utf-8").splitlines() if s.strip()]
    out, total, k = [], 0, 0
    while total < size:
        s = f"{lines[k % len(lines)]} (شماره {str(k + 1).translate(DIGITS)})."
        out.append(s)
        total += len(s.encode("utf-8")) + 1
        k += 1
    return out


def run(inputs: Path, out: Path, model: str, code: str | None = None) -> dict:
    result = timed_command(["run", str(inputs), "-o", str(out), "--model", model, "--beam", "1",
                            "--max-length-ratio", "0.3", "--no-resume"], code)
    stages = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["stages"]
    result["peaks"] = {name: s["peak_rss_mb"] for name, s in stages.items() if "peak_rss_mb" in s}
    result["store_mb"] = (out / "run.sqlite").stat().st_size / 1e6
    shutil.rmtree(out, ignore_errors=True)
    return result


def show(name: str, size: int, result: dict) -> None:
    print(f"{name}: {size / 1e6:.1f} MB, {result['seconds']:.1f} s, peak RSS {result['peak_mb']:.0f} MB, "
          f"store {result['store_mb']:.0f} MB; by stage: "
          + ", ".join(f"{k} {v:.1f} s" for k, v in result["stages"].items() if k != "time")
          + "; peak by stage: " + ", ".join(f"{k} {v:.0f} MB" for k, v in result["peaks"].items()), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("what", choices=("unpunctuated", "huge", "folder"))
    parser.add_argument("--mb", type=float, default=None, help="Size in MB (default: 0.5, 3, 50 by kind).")
    parser.add_argument("--before", default=None, help="folder: a checkout of an earlier version, run on the same "
                        "folder after this one.")
    args = parser.parse_args()
    size = int((args.mb or {"unpunctuated": 0.5, "huge": 3, "folder": 50}[args.what]) * 1e6)
    work = Path(tempfile.mkdtemp(prefix="long-inputs-"))
    try:
        text = sentences(size)
        if args.what == "unpunctuated":
            punctuated = work / "punctuated.txt"
            punctuated.write_text("\n".join(" ".join(text[k:k + 5]) for k in range(0, len(text), 5)) + "\n",
                                  encoding="utf-8")
            bare = work / "bare.txt"
            bare.write_text(re.sub(r"\s+", " ", _PUNCT.sub(" ", " ".join(text))).strip() + "\n", encoding="utf-8")
            with_marks = run(punctuated, work / "out", args.model)
            without = run(bare, work / "out", args.model)
            show("punctuated", punctuated.stat().st_size, with_marks)
            show("no punctuation, one line", bare.stat().st_size, without)
            print(f"ratio without / with punctuation: {without['seconds'] / with_marks['seconds']:.2f}")
        elif args.what == "huge":
            page = work / "page.txt"
            page.write_text(re.sub(r"\s+", " ", _PUNCT.sub(" ", " ".join(text))).strip() + "\n", encoding="utf-8")
            show("one line, no punctuation", page.stat().st_size, run(page, work / "out", args.model))
        else:
            folder = work / "in"
            folder.mkdir()
            for k in range(0, len(text), 20):
                (folder / f"article-{k // 20:05d}.txt").write_text("\n".join(text[k:k + 20]) + "\n", encoding="utf-8")
            files = len(text[::20])
            size = sum(p.stat().st_size for p in folder.iterdir())
            show(f"folder of {files} articles, {len(text)} sentences", size, run(folder, work / "out", args.model))
            if args.before:
                show(f"the same, {args.before}", size, run(folder, work / "out", args.model, args.before))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
