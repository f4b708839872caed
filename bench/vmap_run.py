"""`translate run` with NLLB's English output vocabulary (the default) against the whole vocabulary
(`--full-vocabulary`) on the same folder of articles: wall time, the run's own translation time and
peak RSS of each, alternated, and the ratios. Prints figures; it is not a test.

    python bench/engines.py --arch nllb --only ct2-int8-greedy-vmap-2x1     # builds the model once
    python bench/vmap_run.py --model /tmp/translate-bench-models/nllb-600m \\
        --docs-from ../shared/data/parallel/ntrex_fa_en_docs.jsonl            # 62 articles as 62 files

Greedy and length ratio 1 (random weights never stop, so every sentence decodes to its limit, the
same number of tokens in both runs); no glossary; every default format.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run_overhead import documents_from, timed_command  # noqa: E402


def one_run(model: str, inputs: Path, out: Path, full: bool, threads: int) -> dict:
    args = ["run", str(inputs), "-o", str(out), "--model", model, "--beam", "1", "--max-length-ratio", "1",
            "--threads", str(threads), "--no-resume"]
    r = timed_command(args + (["--full-vocabulary"] if full else []))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {"seconds": r["seconds"], "translate_seconds": r["stages"].get("translate+terms", float("nan")),
            "peak_mb": r["peak_mb"], "vocabulary": manifest["engine"]["output_vocabulary"],
            "sentences": manifest["counts"]["sentences"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--docs-from", type=Path, required=True)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vmap-run-"))
    inputs = documents_from(args.docs_from, work / "in", one_file=False)
    results = {}
    for full in (True, False):
        results[full] = one_run(args.model, inputs, work / ("full" if full else "map"), full, args.threads)
        r = results[full]
        print(f"{'whole vocabulary' if full else 'English map':<18} {r['vocabulary']:>8,} pieces  "
              f"{r['sentences']} sentences  {r['seconds']:7.1f} s (translate {r['translate_seconds']:.1f} s)  "
              f"peak RSS {r['peak_mb']:.0f} MB", flush=True)
    full, mapped = results[True], results[False]
    print(f"English map: {full['seconds'] / mapped['seconds']:.2f}x faster end to end, "
          f"{full['translate_seconds'] / mapped['translate_seconds']:.2f}x in translation")


if __name__ == "__main__":
    main()
