"""Does `translate run` stay in bounded memory? Peak RSS on a small and a ten times larger input, as
many documents and as one document.

    python bench/run_memory.py --model /tmp/tiny-marian            # 5,000 and 50,000 sentences
    python bench/run_memory.py --model … --sizes 5000,50000 --documents 50,500

Sentences are the NTREX Persian sentences (`../shared/data/parallel/ntrex.fa-en.fa`), each made unique
by a running number so the translation memory cannot serve repeats. Each run is a fresh process (`-q
run`, greedy, length ratio 0.3, every format); its peak RSS is read from the kernel
(`ru_maxrss` of that child, from `wait4`), and each stage's own peak from the run's manifest. Use a
tiny test model (`translate models make-test-model`): what is
measured is the pipeline's memory, not the model's.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def write_inputs(folder: Path, sentences: list[str], n: int, documents: int) -> Path:
    """``n`` unique sentences in ``documents`` files (a paragraph every 5 sentences) under ``folder``."""
    folder.mkdir(parents=True)
    per = -(-n // documents)
    for d in range(documents):
        lines = []
        for i in range(d * per, min(n, (d + 1) * per)):
            lines.append(f"{sentences[i % len(sentences)].rstrip('.')} ({i + 1})." + ("\n" if i % 5 == 4 else ""))
        (folder / f"doc{d:05d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def peak_rss(args: list[str]) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a child process running ``args`` (its own, from ``wait4``)."""
    t0 = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(process.stderr.read().decode() if process.stderr else f"exit {process.returncode}")
    return time.perf_counter() - t0, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "parallel" / "ntrex.fa-en.fa")
    parser.add_argument("--sizes", default="5000,50000")
    parser.add_argument("--documents", default="50,500", help="documents for each size (and each as one document)")
    args = parser.parse_args()
    sentences = [s for s in args.data.read_text(encoding="utf-8").split("\n") if s.strip()]
    work = Path(tempfile.mkdtemp(prefix="run-memory-"))
    sizes = [int(x) for x in args.sizes.split(",")]
    documents = [int(x) for x in args.documents.split(",")]
    # The first use of a model converts it for CTranslate2 (through transformers and torch): do it now,
    # so no measured run includes it.
    subprocess.run([sys.executable, "-m", "translate", "-q", "models", "convert", args.model], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"{'sentences':>9} {'documents':>9} {'seconds':>8} {'peak RSS MB':>12}")
    for layout in ("many", "one"):
        for n, docs in zip(sizes, documents):
            count = docs if layout == "many" else 1
            folder = write_inputs(work / f"{layout}-{n}", sentences, n, count)
            cmd = [sys.executable, "-m", "translate", "-q", "run", str(folder), "-o", str(work / f"out-{layout}-{n}"),
                   "--model", args.model, "--beam", "1", "--max-length-ratio", "0.3", "--no-resume"]
            seconds, rss = peak_rss(cmd)
            stages = json.loads((work / f"out-{layout}-{n}" / "manifest.json").read_text(encoding="utf-8"))["stages"]
            by_stage = ", ".join(f"{name} {s['peak_rss_mb']:.0f}" for name, s in stages.items() if "peak_rss_mb" in s)
            print(f"{n:>9} {count:>9} {seconds:>8.1f} {rss:>12.0f}   by stage (MB): {by_stage}", flush=True)


if __name__ == "__main__":
    main()
